import type { Catalog } from './en';

export const de: Catalog = {
  app: {
    name: 'Frachtbeleg',
  },
  provider: {
    lexware: 'Lexware Office',
    sevdesk: 'sevdesk',
  },
  action: {
    createInvoice: 'Rechnung erstellen',
    selected: { one: '{count} Auftrag ausgewählt', other: '{count} Aufträge ausgewählt' },
    customers: { one: '{count} Kunde', other: '{count} Kunden' },
    clearSelection: 'Auswahl aufheben',
    reading: 'Aufträge werden gelesen…',
    barLabel: 'Ausgewählte Aufträge abrechnen',
  },
  panel: {
    title: 'Rechnungsvorschau',
    close: 'Schließen',
    connecting: 'Verbindung zur Erweiterung…',
    unreachable: 'Die Erweiterung antwortet nicht. Laden Sie die Seite neu und versuchen Sie es erneut.',
    notConnected: '{provider} ist noch nicht verbunden.',
    openSettings: 'Einstellungen öffnen',
    connectedAs: 'Verbunden mit {provider} ({company})',
  },
  popup: {
    title: 'Frachtbeleg',
    provider: 'Buchhaltungssystem',
    status: 'Verbindung',
    notConfigured: 'Noch kein API-Schlüssel',
    configured: 'API-Schlüssel gespeichert',
    openOptions: 'Einstellungen',
  },
  options: {
    title: 'Frachtbeleg – Einstellungen',
    saved: 'Gespeichert',
    save: 'Speichern',
    activeProvider: 'Aktives Buchhaltungssystem',
    invoiceDefaults: 'Rechnungsvorgaben',
    unitName: 'Einheit',
    unitNameHelp: 'Steht auf jeder Position, z. B. „1 x Transport“.',
    finalize: 'Rechnungen sofort festschreiben (danach nicht mehr änderbar)',
    language: 'Sprache',
    languageAuto: 'Browsersprache',
  },
  errors: {
    generic: 'Etwas ist schiefgelaufen: {message}',
    invalidMessage: 'Die Erweiterung hat eine fehlerhafte Anfrage abgelehnt.',
  },
};
