/**
 * English UI text, the source of truth for the catalog's shape. German must have the same
 * keys (checked by the type of `de`). Labels follow the seed's wording.
 */
export const en = {
  app: {
    name: 'Frachtbeleg',
  },
  provider: {
    lexware: 'Lexware Office',
    sevdesk: 'sevdesk',
  },
  action: {
    createInvoice: 'Create invoice',
    selected: { one: '{count} order selected', other: '{count} orders selected' },
    customers: { one: '{count} customer', other: '{count} customers' },
    clearSelection: 'Clear selection',
    reading: 'Reading orders…',
    barLabel: 'Invoice the selected orders',
  },
  panel: {
    title: 'Invoice preview',
    close: 'Close',
    connecting: 'Contacting the extension…',
    unreachable: 'The extension did not answer. Reload the page and try again.',
    notConnected: '{provider} is not connected yet.',
    openSettings: 'Open settings',
    connectedAs: 'Connected to {provider} ({company})',
  },
  popup: {
    title: 'Frachtbeleg',
    provider: 'Billing system',
    status: 'Connection',
    notConfigured: 'No API key yet',
    configured: 'API key saved',
    openOptions: 'Settings',
  },
  options: {
    title: 'Frachtbeleg settings',
    saved: 'Saved',
    save: 'Save',
    activeProvider: 'Active billing system',
    invoiceDefaults: 'Invoice defaults',
    unitName: 'Unit name',
    unitNameHelp: 'Shown on every position, e.g. "1 x Transport".',
    finalize: 'Finalize invoices right away (they can no longer be changed)',
    language: 'Language',
    languageAuto: 'Browser language',
  },
  errors: {
    generic: 'Something went wrong: {message}',
    invalidMessage: 'The extension refused a malformed request.',
  },
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalog = Widen<typeof en>;
