/**
 * The few texts the content script shows before the background has answered (the action
 * bar and the detail-page button). They are bundled with it in both languages; every other
 * text reaches the content script from the background, in the user's language.
 */
export const ACTION_TEXTS = {
  en: {
    createInvoice: 'Create invoice',
    selected: { one: '{count} order selected', other: '{count} orders selected' },
    customers: { one: '{count} customer', other: '{count} customers' },
    clearSelection: 'Clear selection',
    barLabel: 'Invoice the selected orders',
    noPrice: 'price unreadable',
    health: { amber: 'The recipe may not read this page right', red: 'The recipe can’t read this page', show: 'Show why' },
  },
  de: {
    createInvoice: 'Rechnung erstellen',
    selected: { one: '{count} Auftrag ausgewählt', other: '{count} Aufträge ausgewählt' },
    customers: { one: '{count} Kunde', other: '{count} Kunden' },
    clearSelection: 'Auswahl aufheben',
    barLabel: 'Ausgewählte Aufträge abrechnen',
    noPrice: 'Preis nicht lesbar',
    health: { amber: 'Das Rezept liest diese Seite womöglich nicht richtig', red: 'Das Rezept kann diese Seite nicht lesen', show: 'Warum?' },
  },
} as const;
