/**
 * The account's own company data (sevdesk: Einstellungen → Unternehmen), which an e-invoice
 * needs (fact sheet §4.1: street, zip, city, IBAN, BIC, e-mail, phone, tax number; VAT id
 * optional). The API does not expose it here; `/__sandbox/sev-client` reads and patches it so
 * tests can take each datum away.
 */
export interface SevClientData {
  name: string;
  street: string;
  zip: string;
  city: string;
  iban: string;
  bic: string;
  email: string;
  phone: string;
  taxNumber: string;
  vatNumber: string;
}

export function defaultSevClient(): SevClientData {
  return {
    name: 'Albers Transporte GmbH',
    street: 'Industriestraße 21',
    zip: '28199',
    city: 'Bremen',
    iban: 'DE89370400440532013000',
    bic: 'COBADEFFXXX',
    email: 'buchhaltung@albers-transporte.example',
    phone: '0421 5566770',
    taxNumber: '60/145/12345',
    vatNumber: 'DE298765432',
  };
}

const KEYS = ['name', 'street', 'zip', 'city', 'iban', 'bic', 'email', 'phone', 'taxNumber', 'vatNumber'] as const;

/** A patch for `/__sandbox/sev-client`: known keys with string values ("" removes a datum). */
export function parseSevClientPatch(body: unknown): Partial<SevClientData> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'sev-client must be a JSON object';
  const patch: Partial<SevClientData> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!(KEYS as readonly string[]).includes(key)) return `unknown sev-client field: ${key}`;
    if (typeof value !== 'string') return `${key} must be a string`;
    patch[key as keyof SevClientData] = value.trim();
  }
  return patch;
}
