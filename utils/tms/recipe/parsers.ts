/**
 * The closed set of parsers a site recipe may name, for the formats real TMS pages show.
 * Each returns a value or a named failure, never a guess: an amount whose decimal mark
 * can't be told, a day-first/month-first date without the recipe saying which, a country
 * name nobody uses: all refused. `interpreted` marks a value read out of surrounding words.
 */
import { isCurrencyCode, minorDigits, money, parseScaledDecimal, type Money } from '../../domain/money';
import { isIsoDate, type IsoDate } from '../../domain/dates';

export type ParseFailure = 'empty' | 'malformed' | 'ambiguous' | 'unknown-currency' | 'no-currency' | 'out-of-range' | 'unknown-country';
export type Parsed<T> = { ok: true; value: T; interpreted?: true } | { ok: false; problem: ParseFailure };

const fail = (problem: ParseFailure): { ok: false; problem: ParseFailure } => ({ ok: false, problem });
const clean = (text: string) => text.replace(/[\u00a0\u202f\u2009]/g, ' ').replace(/\s+/g, ' ').trim();

// ------------------------------------------------------------------------------------------
// Numbers in German, Swiss and English notation

/**
 * "1.250,00", "1'250.00", "1,250.00", "1250", "-3,5" → "1250.00" (a plain decimal string).
 * Where one separator alone could be either ("1,250", "1.250"), `decimalMark` decides;
 * without it the text is ambiguous, not read.
 */
export function normaliseNumber(text: string, decimalMark?: ',' | '.'): Parsed<string> {
  const t = clean(text).replace(/\s/g, '').replace(/[−–]/g, '-');
  if (t === '') return fail('empty');
  if (!/^[+-]?\d[\d.,'’]*$/.test(t) || /[.,'’]{2}/.test(t) || /[.,'’]$/.test(t)) return fail('malformed');
  const sign = t.startsWith('-') ? '-' : '';
  const body = t.replace(/^[+-]/, '').replace(/['’]/g, (m, i: number, s: string) => (/\d{3}(?:\D|$)/.test(s.slice(i + 1)) ? '' : m));
  if (/['’]/.test(body)) return fail('malformed');
  const commas = (body.match(/,/g) ?? []).length;
  const dots = (body.match(/\./g) ?? []).length;
  let mark: ',' | '.' | null;
  if (commas && dots) mark = body.lastIndexOf(',') > body.lastIndexOf('.') ? ',' : '.';
  else if (commas + dots === 0) mark = null;
  else {
    const sep = commas ? ',' : '.';
    const count = commas || dots;
    const tail = body.slice(body.lastIndexOf(sep) + 1);
    if (count > 1) mark = null; // "1.250.000": only thousands
    else if (tail.length !== 3) mark = sep; // "12,5", "1250.00"
    else if (decimalMark) mark = decimalMark === sep ? sep : null;
    else return fail('ambiguous');
  }
  // The other separator, or (no decimal mark) the one that is there, groups thousands.
  const thousands = mark ? (mark === ',' ? '.' : ',') : commas ? ',' : '.';
  const groups = mark ? body.slice(0, body.lastIndexOf(mark)) : body;
  if (groups.includes(thousands) && !new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})+$`).test(groups)) return fail('malformed');
  if (mark && body.slice(0, body.lastIndexOf(mark)).includes(mark)) return fail('malformed');
  const plain = body.split(thousands).join('').replace(mark ?? '\u0000', '.');
  return { ok: true, value: sign + plain };
}

// ------------------------------------------------------------------------------------------
// Money

const SYMBOLS: Readonly<Record<string, string>> = { '€': 'EUR', 'fr.': 'CHF', 'sfr.': 'CHF', 'zł': 'PLN', 'zl': 'PLN', '£': 'GBP', '$': 'USD', 'kč': 'CZK', 'kr': 'SEK' };

function currencyOf(token: string): string | null {
  const lower = token.toLowerCase();
  const code = SYMBOLS[lower] ?? token.toUpperCase();
  return isCurrencyCode(code) ? code : null;
}

/**
 * Money as TMS pages print it: "1.250,00 €", "CHF 1'250.00", "€ 75", "75 EUR", "1,250.00 USD",
 * "PLN 4.250,00". `currency` is the recipe's default where the page prints none.
 */
export function parseMoney(text: string, options: { currency?: string; decimalMark?: ',' | '.' } = {}): Parsed<Money> {
  const t = clean(text);
  if (t === '') return fail('empty');
  const m = /^(?:([A-Za-z]{3}|€|Fr\.|SFr\.|zł|£|\$|Kč)\s?)?([+\-−]?\s?\d[\d.,'’ ]*)(?:\s?([A-Za-z]{3}|€|Fr\.|zł|£|\$|Kč))?$/u.exec(t);
  if (!m) return fail('malformed');
  const [, before, number, after] = m;
  if (before && after) return fail('malformed');
  const token = before ?? after;
  const currency = token ? currencyOf(token) : (options.currency ?? null);
  if (token && !currency) return fail('unknown-currency');
  if (!currency) return fail('no-currency');
  const normal = normaliseNumber(number!, options.decimalMark);
  if (!normal.ok) return normal;
  const scaled = parseScaledDecimal(normal.value, minorDigits(currency));
  if (scaled === null) return fail('malformed');
  const minor = Number(scaled);
  return Number.isSafeInteger(minor) ? { ok: true, value: money(minor, currency) } : fail('out-of-range');
}

// ------------------------------------------------------------------------------------------
// Dates

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, januar: 1, january: 1, jän: 1, jänner: 1, feb: 2, februar: 2, february: 2, mär: 3, märz: 3, mar: 3, march: 3, maerz: 3,
  apr: 4, april: 4, mai: 5, may: 5, jun: 6, juni: 6, june: 6, jul: 7, juli: 7, july: 7, aug: 8, august: 8,
  sep: 9, sept: 9, september: 9, okt: 10, oktober: 10, oct: 10, october: 10, nov: 11, november: 11, dez: 12, dezember: 12, dec: 12, december: 12,
};

const iso = (y: number, m: number, d: number): IsoDate | null => {
  const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(text) ? text : null;
};
const century = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

/** The calendar day an instant falls on in Berlin (TMS timestamps are instants; orders have days). */
function berlinDay(instant: Date): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * "Mi, 12.11.2026", "12.11.2026 14:30", "12.11.26", "2026-11-12", "12. Nov. 2026",
 * "12 November 2026", "2026-11-12T23:30:00Z" (the Berlin day). A slash date ("03/04/26")
 * needs the recipe's `dateOrder`; without it, it is ambiguous.
 */
export function parseDate(text: string, options: { dateOrder?: 'dmy' | 'mdy' } = {}): Parsed<IsoDate> {
  let t = clean(text);
  if (t === '') return fail('empty');
  // A weekday in front ("Mi,", "Mon") and a time behind ("14:30", "14:30 Uhr") carry no day.
  t = t.replace(/^([A-Za-zÄÖÜäöü]{2,10})\.?,?\s+(?=\d)/, (all, word: string) => (MONTHS[word.toLowerCase()] ? all : '')).replace(/,?\s+\d{1,2}:\d{2}(:\d{2})?(\s?(Uhr|h))?$/i, '');
  if (/^\d{4}-\d{2}-\d{2}T/.test(t)) {
    const instant = new Date(t);
    if (Number.isNaN(instant.getTime())) return fail('malformed');
    return /(Z|[+-]\d{2}:?\d{2})$/.test(t) ? { ok: true, value: berlinDay(instant) } : isoOrFail(t.slice(0, 10));
  }
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return dayOrFail(iso(Number(m[1]), Number(m[2]), Number(m[3])));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(t);
  if (m) return dayOrFail(iso(century(m[3]!), Number(m[2]), Number(m[1])));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(t);
  if (m) {
    if (!options.dateOrder) return fail('ambiguous');
    const [a, b] = [Number(m[1]), Number(m[2])];
    return dayOrFail(options.dateOrder === 'dmy' ? iso(century(m[3]!), b, a) : iso(century(m[3]!), a, b));
  }
  // "12. Nov. 2026", "12 November 2026", and the English "November 12, 2026".
  const named = /^(\d{1,2})\.?\s([A-Za-zÄÖÜäöü]+)\.?\s(\d{4})$/.exec(t);
  const english = /^([A-Za-z]+)\.?\s(\d{1,2}),?\s(\d{4})$/.exec(t);
  const [day, monthName, year] = named ? [named[1]!, named[2]!, named[3]!] : english ? [english[2]!, english[1]!, english[3]!] : [];
  if (day && monthName && year) {
    const month = MONTHS[monthName.toLowerCase()];
    return month ? dayOrFail(iso(Number(year), month, Number(day))) : fail('malformed');
  }
  return fail('malformed');
}

const dayOrFail = (day: IsoDate | null): Parsed<IsoDate> => (day ? { ok: true, value: day } : fail('out-of-range'));
const isoOrFail = (text: string): Parsed<IsoDate> => (isIsoDate(text) ? { ok: true, value: text } : fail('out-of-range'));

// ------------------------------------------------------------------------------------------
// Weights and loading metres

/** "12.400 kg", "12,4 t", "12,5 to", "12400" (kg), "ca. 1.200 kg" (interpreted) → kilograms. */
export function parseWeightKg(text: string, options: { decimalMark?: ',' | '.'; unit?: 'kg' | 't' } = {}): Parsed<number> {
  const t = clean(text);
  if (t === '') return fail('empty');
  const m = /^(?:(ca\.?|approx\.?|etwa|~)\s?)?([\d.,'’ ]*\d)\s?(kg|kilo(?:gramm?)?|t|to|tonnen?|tons?)?\.?$/i.exec(t);
  if (!m) return fail('malformed');
  const normal = normaliseNumber(m[2]!, options.decimalMark ?? ',');
  if (!normal.ok) return normal;
  const unit = (m[3] ?? options.unit ?? 'kg').toLowerCase();
  const tonnes = unit.startsWith('t');
  const kg = Number(normal.value) * (tonnes ? 1000 : 1);
  if (!Number.isFinite(kg) || kg < 0 || kg > 1_000_000) return fail('out-of-range');
  const value = Math.round(kg * 1000) / 1000;
  return m[1] ? { ok: true, value, interpreted: true } : { ok: true, value };
}

/** "13,6 LDM", "13.6 ldm", "13,6 m", "13,6" → "13.6" (a decimal string: shown, never summed). */
export function parseLoadingMeters(text: string): Parsed<string> {
  const t = clean(text);
  if (t === '') return fail('empty');
  const m = /^(\d{1,3}(?:[.,]\d{1,2})?)\s?(ldm|lm|m|lademeter)?\.?$/i.exec(t);
  if (!m) return fail('malformed');
  return { ok: true, value: m[1]!.replace(',', '.') };
}

// ------------------------------------------------------------------------------------------
// Countries and postal codes

/** International vehicle registration codes, which German freight papers print ("D-28195"). */
const VEHICLE_CODES: Readonly<Record<string, string>> = {
  D: 'DE', A: 'AT', CH: 'CH', F: 'FR', I: 'IT', B: 'BE', NL: 'NL', L: 'LU', PL: 'PL', CZ: 'CZ', SK: 'SK', H: 'HU', DK: 'DK',
  S: 'SE', N: 'NO', FIN: 'FI', E: 'ES', P: 'PT', GB: 'GB', IRL: 'IE', SLO: 'SI', HR: 'HR', RO: 'RO', BG: 'BG', LT: 'LT', LV: 'LV', EST: 'EE', GR: 'GR', TR: 'TR',
};

let names: Map<string, string> | undefined;
let alpha3: Map<string, string> | undefined;

function countryTables() {
  if (!names) {
    names = new Map();
    const de = new Intl.DisplayNames(['de'], { type: 'region', fallback: 'none' });
    const en = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const a of letters) {
      for (const b of letters) {
        const code = a + b;
        if (Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue;
        for (const label of [de.of(code), en.of(code)]) if (label && label !== code && !names.has(label.toLowerCase())) names.set(label.toLowerCase(), code);
      }
    }
    // Names people write that Intl spells otherwise.
    for (const [label, code] of [['deutschland', 'DE'], ['holland', 'NL'], ['england', 'GB'], ['großbritannien', 'GB'], ['tschechien', 'CZ'], ['czech republic', 'CZ'], ['schweiz', 'CH']] as const) names.set(label, code);
    alpha3 = new Map(Object.entries({
      DEU: 'DE', AUT: 'AT', CHE: 'CH', FRA: 'FR', ITA: 'IT', BEL: 'BE', NLD: 'NL', LUX: 'LU', POL: 'PL', CZE: 'CZ', SVK: 'SK', HUN: 'HU', DNK: 'DK', SWE: 'SE',
      NOR: 'NO', FIN: 'FI', ESP: 'ES', PRT: 'PT', GBR: 'GB', IRL: 'IE', SVN: 'SI', HRV: 'HR', ROU: 'RO', BGR: 'BG', LTU: 'LT', LVA: 'LV', EST: 'EE', GRC: 'GR', TUR: 'TR', USA: 'US',
    }));
  }
  return { names, alpha3: alpha3! };
}

/**
 * Answers by input, kept: Intl lookups cost ~50 µs each and a 300-order read asks about the
 * same few countries a thousand times. Bounded, as page text is not ours to accumulate.
 */
const countryAnswers = new Map<string, Parsed<string>>();
let englishRegions: Intl.DisplayNames | undefined;

/** "DE", "DEU", "Deutschland", "Germany", "Österreich"; vehicle codes ("D", "A") only when the recipe allows them. */
export function parseCountry(text: string, options: { vehicleCodes?: boolean } = {}): Parsed<string> {
  const key = `${options.vehicleCodes ? 1 : 0}${text}`;
  const known = countryAnswers.get(key);
  if (known) return known;
  const answer = readCountry(text, options.vehicleCodes ?? false);
  if (countryAnswers.size >= 1_000) countryAnswers.clear();
  countryAnswers.set(key, answer);
  return answer;
}

function readCountry(text: string, vehicleCodes: boolean): Parsed<string> {
  const t = clean(text);
  if (t === '') return fail('empty');
  const upper = t.toUpperCase();
  englishRegions ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  if (/^[A-Z]{2}$/.test(upper) && Intl.getCanonicalLocales(`und-${upper}`)[0] === `und-${upper}` && englishRegions.of(upper)) {
    return { ok: true, value: upper };
  }
  const tables = countryTables();
  const three = tables.alpha3.get(upper);
  if (three) return { ok: true, value: three };
  if (vehicleCodes && VEHICLE_CODES[upper]) return { ok: true, value: VEHICLE_CODES[upper]! };
  const named = tables.names.get(t.toLowerCase());
  return named ? { ok: true, value: named } : fail('unknown-country');
}

/** "28195", "DE-28195", "D-28195", "A-1010", "NL 1012 AB" → the postal code, and the country where it says one. */
export function parsePostalCode(text: string): Parsed<{ zip: string; countryCode?: string }> {
  const t = clean(text);
  if (t === '') return fail('empty');
  const m = /^(?:([A-Z]{1,3})\s?-\s?)?([0-9A-Z][0-9A-Z -]{1,9})$/i.exec(t);
  if (!m) return fail('malformed');
  const zip = m[2]!.trim().toUpperCase();
  if (!/\d/.test(zip)) return fail('malformed');
  if (!m[1]) return { ok: true, value: { zip } };
  const prefix = m[1].toUpperCase();
  const country = VEHICLE_CODES[prefix] ?? (prefix.length === 2 ? prefix : undefined);
  if (!country || !parseCountry(country).ok) return fail('unknown-country');
  return { ok: true, value: { zip, countryCode: country } };
}
