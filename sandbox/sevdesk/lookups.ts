/**
 * Read-only account data that clients resolve at runtime: the user, units, tax rules,
 * countries, categories, communication way keys. Ids are account-specific on purpose where
 * clients are known to hard-code them (Unity 1, for instance, does not exist here).
 */
import { COUNTRIES } from './countries';
import { TAX_RULES } from './tax-rules';

/** When the account's lookup data was created; fixed so responses are stable. */
const ACCOUNT_CREATED = '2019-03-12T09:14:22+01:00';

export const SEV_CLIENT = { id: '551207', objectName: 'SevClient' } as const;

export const SEV_USER = {
  id: '1273548',
  objectName: 'SevUser',
  create: ACCOUNT_CREATED,
  update: '2026-10-02T08:31:05+02:00',
  username: 'm.albers@spedition-albers.example',
  firstName: 'Maren',
  lastName: 'Albers',
  fullname: 'Maren Albers',
  email: 'm.albers@spedition-albers.example',
  gender: 'w',
  role: 'admin',
  status: '100',
  languageCode: 'de',
  clientOwner: '1',
  sevClient: SEV_CLIENT,
};

interface Unity {
  id: string;
  name: string;
  translationCode: string;
}

/** The translation codes numtide's client resolves units by; ids as one account has them. */
export const UNITIES: readonly Unity[] = [
  { id: '8301', name: 'Stk', translationCode: 'UNITY_PIECE' },
  { id: '8302', name: 'm²', translationCode: 'UNITY_SQUARE_METER' },
  { id: '8303', name: 'm', translationCode: 'UNITY_METER' },
  { id: '8304', name: 'kg', translationCode: 'UNITY_KILOGRAM' },
  { id: '8305', name: 'Pauschale', translationCode: 'UNITY_BLANKET' },
  { id: '8306', name: 'm³', translationCode: 'UNITY_CUBIC_METER' },
  { id: '8307', name: 'Std.', translationCode: 'UNITY_HOUR' },
  { id: '8308', name: 'km', translationCode: 'UNITY_KILOMETER' },
  { id: '8309', name: 'Tag(e)', translationCode: 'UNITY_DAYS' },
  { id: '8310', name: 'L', translationCode: 'UNITY_L' },
  { id: '8311', name: 'Monat(e)', translationCode: 'UNITY_MONTH' },
  { id: '8312', name: 'Min.', translationCode: 'UNITY_MINUTE' },
];

export function unityById(id: string): Unity | undefined {
  return UNITIES.find((u) => u.id === id);
}

interface Category {
  id: string;
  name: string;
  objectType: 'Contact' | 'ContactAddress';
  code: string;
}

export const CATEGORIES: readonly Category[] = [
  { id: '2', name: 'Lieferant', objectType: 'Contact', code: 'SUPPLIER' },
  { id: '3', name: 'Kunde', objectType: 'Contact', code: 'CUSTOMER' },
  { id: '4', name: 'Partner', objectType: 'Contact', code: 'PARTNER' },
  { id: '28', name: 'Interessent', objectType: 'Contact', code: 'PROSPECT_CUSTOMER' },
  { id: '43', name: 'Arbeit', objectType: 'ContactAddress', code: 'WORK' },
  { id: '44', name: 'Privat', objectType: 'ContactAddress', code: 'PRIVATE' },
  { id: '47', name: 'Rechnungsadresse', objectType: 'ContactAddress', code: 'INVOICE_ADDRESS' },
  { id: '48', name: 'Hauptadresse', objectType: 'ContactAddress', code: 'MAIN_ADDRESS' },
  { id: '49', name: 'Lieferadresse', objectType: 'ContactAddress', code: 'DELIVERY_ADDRESS' },
];

export function categoryById(id: string): Category | undefined {
  return CATEGORIES.find((c) => c.id === id);
}

/** Ids and names as the community-corrected spec lists them. */
export const COMMUNICATION_WAY_KEYS = [
  { id: '1', name: 'Privat', translationCode: 'COMM_WAY_KEY_PRIVAT' },
  { id: '2', name: 'Arbeit', translationCode: 'COMM_WAY_KEY_WORK' },
  { id: '3', name: 'Fax', translationCode: 'COMM_WAY_KEY_FAX' },
  { id: '4', name: 'Mobil', translationCode: 'COMM_WAY_KEY_MOBILE' },
  { id: '5', name: ' ', translationCode: 'COMM_WAY_KEY_NOTHING' },
  { id: '6', name: 'Autobox', translationCode: 'COMM_WAY_KEY_AUTOBOX' },
  { id: '7', name: 'Newsletter', translationCode: 'COMM_WAY_KEY_NEWSLETTER' },
  { id: '8', name: 'Rechnungsadresse', translationCode: 'COMM_WAY_KEY_INVOICE_ADDRESS' },
] as const;

export function communicationWayKeyById(id: string) {
  return COMMUNICATION_WAY_KEYS.find((k) => k.id === id);
}

// Response shapes ------------------------------------------------------------------------------

export const unityResponse = (u: Unity) => ({
  id: u.id,
  objectName: 'Unity',
  create: ACCOUNT_CREATED,
  update: ACCOUNT_CREATED,
  sevClient: SEV_CLIENT,
  name: u.name,
  translationCode: u.translationCode,
});

export const taxRuleResponse = (id: string) => {
  const rule = TAX_RULES.find((r) => r.id === id);
  return rule ? { id: rule.id, objectName: 'TaxRule', name: rule.name, code: rule.code } : undefined;
};

export const countryResponse = (id: string) => {
  const c = COUNTRIES.find((x) => x.id === id);
  if (!c) return undefined;
  return {
    id: c.id,
    objectName: 'StaticCountry',
    code: c.code,
    name: c.name,
    nameEn: c.nameEn,
    translationCode: `COUNTRY_${c.code.toUpperCase()}`,
    locale: `${c.code}_${c.code.toUpperCase()}`,
    priority: c.id === '1' ? '30' : '100',
    additionalInformation: null,
  };
};

export const categoryResponse = (c: Category) => ({
  id: c.id,
  objectName: 'Category',
  create: ACCOUNT_CREATED,
  update: ACCOUNT_CREATED,
  name: c.name,
  objectType: c.objectType,
  priority: '0',
  code: c.code,
  color: null,
  postingAccount: null,
  type: null,
  translationCode: `CATEGORY_${c.objectType === 'Contact' ? 'CONTACT' : 'ADDRESS'}_${c.code}`,
});

export const communicationWayKeyResponse = (k: (typeof COMMUNICATION_WAY_KEYS)[number]) => ({
  id: k.id,
  objectName: 'CommunicationWayKey',
  create: ACCOUNT_CREATED,
  update: ACCOUNT_CREATED,
  name: k.name,
  translationCode: k.translationCode,
});

/**
 * Payment methods (`GET /PaymentMethod`, not in the official spec, fact sheet §2.10). An
 * e-invoice needs one (§4.1). Ids are account-sized, like every other id here.
 */
export const PAYMENT_METHODS = [
  { id: '21919', name: 'Überweisung', text: 'Bitte überweisen Sie den Betrag auf unser Konto.' },
  { id: '21920', name: 'Lastschrift', text: 'Der Betrag wird von Ihrem Konto abgebucht.' },
  { id: '21921', name: 'Bar', text: 'Der Betrag wurde bar bezahlt.' },
] as const;

export function paymentMethodById(id: string) {
  return PAYMENT_METHODS.find((m) => m.id === id);
}

export const paymentMethodResponse = (m: (typeof PAYMENT_METHODS)[number]) => ({ id: m.id, objectName: 'PaymentMethod', sevClient: SEV_CLIENT, name: m.name, text: m.text });
