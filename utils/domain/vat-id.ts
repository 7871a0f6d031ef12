/**
 * VAT identification numbers: normalised, checked for the format of their country.
 *
 * A format check is not a confirmation (that needs VIES or the BZSt, § 18e UStG); it
 * catches typos and ids of the wrong country before an invoice goes out with them.
 * Formats follow the EU's VIES rules; Greece writes "EL", Northern Ireland "XI".
 */

/** The id's own prefix for a country (ISO alpha-2 → VAT prefix). */
const PREFIX_OF_COUNTRY: Readonly<Record<string, string>> = { GR: 'EL' };

/** Body after the prefix, per VAT prefix. Anchored; no nested quantifiers. */
const FORMATS: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-WY][A-IW]?|\d[A-Z+*]\d{5}[A-WY])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^[1-9]\d{1,9}$/,
  SE: /^\d{10}01$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
  // Outside the EU, ids that freight customers print on their documents.
  GB: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
  CH: /^E\d{9}(MWST|TVA|IVA)?$/,
  NO: /^\d{9}(MVA)?$/,
};

/** Every prefix with a known format. */
export const VAT_PREFIXES: readonly string[] = Object.keys(FORMATS);

export type VatIdCheck =
  | { ok: true; normalised: string; prefix: string }
  | { ok: false; reason: 'empty' | 'unknown-prefix' | 'format'; normalised: string; prefix?: string };

/** Upper case, without spaces, dots, dashes and slashes ("ATU 123.456-78" → "ATU12345678"). */
export function normaliseVatId(raw: string): string {
  return raw.toUpperCase().replace(/[\s.\-/]/g, '');
}

export function vatPrefixForCountry(countryCode: string): string {
  return PREFIX_OF_COUNTRY[countryCode] ?? countryCode;
}

export function checkVatId(raw: string | undefined): VatIdCheck {
  const normalised = normaliseVatId(raw ?? '');
  if (!normalised) return { ok: false, reason: 'empty', normalised };
  const prefix = normalised.slice(0, 2);
  const format = FORMATS[prefix];
  if (!format) return { ok: false, reason: 'unknown-prefix', normalised };
  return format.test(normalised.slice(2)) ? { ok: true, normalised, prefix } : { ok: false, reason: 'format', normalised, prefix };
}

/** Whether a (well-formed) id was issued by the customer's country (Greece: EL). */
export function vatIdMatchesCountry(check: Extract<VatIdCheck, { ok: true }>, countryCode: string): boolean {
  return check.prefix === vatPrefixForCountry(countryCode) || (countryCode === 'GB' && check.prefix === 'XI');
}

/** A body per prefix, `#` a digit, that FORMATS accepts (checked for every prefix in its test). */
const EXAMPLE_BODIES: Readonly<Record<string, string>> = {
  AT: 'U########', BE: '0#########', BG: '#########', CY: '########X', CZ: '########', DE: '#########', DK: '########',
  EE: '#########', EL: '#########', ES: 'X#######X', FI: '########', FR: '00#########', HR: '###########', HU: '########',
  IE: '#######A', IT: '###########', LT: '#########', LU: '########', LV: '###########', MT: '########', NL: '#########B01',
  PL: '##########', PT: '#########', RO: '1########', SE: '##########01', SI: '########', SK: '##########', XI: '#########',
  GB: '#########', CH: 'E#########', NO: '#########',
};
/**
 * A made-up id of the given prefix's format, numbered by `serial` ("DE000000001"): for
 * redacted test pages, where a VAT ID must stay well-formed (a recipe's vatId parser reads
 * it) but must not be anyone's. Null for a prefix without a known format.
 */
export function exampleVatId(prefix: string, serial: number): string | null {
  const body = EXAMPLE_BODIES[prefix];
  if (!body) return null;
  const places = body.split('#').length - 1;
  const digits = String(Math.abs(Math.trunc(serial)) % 10 ** places).padStart(places, '0');
  let i = 0;
  return prefix + body.replace(/#/g, () => digits[i++]!);
}
