/**
 * The demo organisation's settings that decide whether a finalized invoice becomes an e-invoice:
 * the "E-Rechnung" switch (Einstellungen → E-Rechnung), the company data that XRechnung needs
 * (name, address, phone, e-mail, tax ids) and the print layout (letterhead, bank account in the
 * footer). The real API exposes none of these except through their effect; the sandbox changes
 * them through `/__sandbox/organization` so tests can take each precondition away.
 */
import { COMPANY_NAME } from './profile';

export interface Organization {
  /** The admin switch "E-Rechnung": without it no invoice gets ZUGFeRD (EN16931). */
  eInvoicing: boolean;
  companyName: string;
  street: string;
  zip: string;
  city: string;
  countryCode: string;
  phone: string;
  email: string;
  taxNumber: string;
  vatRegistrationId: string;
  iban: string;
  bic: string;
  bankName: string;
  /** ZUGFeRD needs a print layout without letterhead (Briefpapier). */
  letterheadLayout: boolean;
  /** XRechnung needs the bank account in the print layout's footer. */
  bankAccountInFooter: boolean;
}

export function defaultOrganization(): Organization {
  return {
    eInvoicing: true,
    companyName: COMPANY_NAME,
    street: 'Am Güterbahnhof 7',
    zip: '21073',
    city: 'Hamburg',
    countryCode: 'DE',
    phone: '040 7654321',
    email: 'rechnung@sandmann-transporte.example',
    taxNumber: '48/716/02233',
    vatRegistrationId: 'DE287654329',
    iban: 'DE02200505501015871393',
    bic: 'HASPDEHHXXX',
    bankName: 'Hamburger Sparkasse',
    letterheadLayout: false,
    bankAccountInFooter: true,
  };
}

const BOOLEAN_KEYS = ['eInvoicing', 'letterheadLayout', 'bankAccountInFooter'] as const;
const TEXT_KEYS = ['companyName', 'street', 'zip', 'city', 'countryCode', 'phone', 'email', 'taxNumber', 'vatRegistrationId', 'iban', 'bic', 'bankName'] as const;

/** Parses a patch for `/__sandbox/organization`; texts may be "" to take a datum away. */
export function parseOrganizationPatch(body: unknown): Partial<Organization> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'organization must be a JSON object';
  const patch: Partial<Organization> = {};
  for (const [key, value] of Object.entries(body)) {
    if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') return `${key} must be true or false`;
      (patch as Record<string, unknown>)[key] = value;
    } else if ((TEXT_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'string') return `${key} must be a string`;
      (patch as Record<string, unknown>)[key] = value.trim();
    } else return `unknown organization field: ${key}`;
  }
  return patch;
}
