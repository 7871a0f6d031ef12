/**
 * DATEV Buchungsstapel (EXTF 700, category 21, format version 13) per the fact sheet §7.1:
 * a 31-field header, the 125 column headings, one booking per document; Windows-1252, CRLF,
 * ";" and quoted text fields. Revenue accounts per tax case are settings (the tax adviser
 * confirms them); SKR03 and SKR04 defaults ship. One file covers one fiscal year, since the
 * booking date (TTMM) takes its year from the header.
 */
import type { IsoDate } from '../../domain/dates';
import type { BookTaxCase, ExportItem } from '../schema';
import { toCp1252Text } from './cp1252';
import { alwaysQuoted } from './delimited';
import { berlinClock, ddmm, ddmmyyyy, decimalComma, yyyymmdd } from './format';

const repeat = (count: number, make: (n: number) => string[]): string[] => Array.from({ length: count }, (_, i) => make(i + 1)).flat();

/** The 125 column headings of a Buchungsstapel, format version 13 (dashes are U+2013, byte 0x96). */
export const DATEV_COLUMNS: readonly string[] = [
  'Umsatz (ohne Soll/Haben-Kz)',
  'Soll/Haben-Kennzeichen',
  'WKZ Umsatz',
  'Kurs',
  'Basisumsatz',
  'WKZ Basisumsatz',
  'Konto',
  'Gegenkonto (ohne BU-Schlüssel)',
  'BU-Schlüssel',
  'Belegdatum',
  'Belegfeld 1',
  'Belegfeld 2',
  'Skonto',
  'Buchungstext',
  'Postensperre',
  'Diverse Adressnummer',
  'Geschäftspartnerbank',
  'Sachverhalt',
  'Zinssperre',
  'Beleglink',
  ...repeat(8, (n) => [`Beleginfo – Art ${n}`, `Beleginfo – Inhalt ${n}`]),
  'KOST1 – Kostenstelle',
  'KOST2 – Kostenstelle',
  'Kost Menge',
  'EU-Land u. USt-IdNr.',
  'EU-Steuersatz',
  'Abw. Versteuerungsart',
  'Sachverhalt L+L',
  'Funktionsergänzung L+L',
  'BU 49 Hauptfunktionstyp',
  'BU 49 Hauptfunktionsnummer',
  'BU 49 Funktionsergänzung',
  ...repeat(20, (n) => [`Zusatzinformation – Art ${n}`, `Zusatzinformation – Inhalt ${n}`]),
  'Stück',
  'Gewicht',
  'Zahlweise',
  'Forderungsart',
  'Veranlagungsjahr',
  'Zugeordnete Fälligkeit',
  'Skontotyp',
  'Auftragsnummer',
  'Buchungstyp',
  'USt-Schlüssel (Anzahlungen)',
  'EU-Mitgliedstaat (Anzahlungen)',
  'Sachverhalt L+L (Anzahlungen)',
  'EU-Steuersatz (Anzahlungen)',
  'Erlöskonto (Anzahlungen)',
  'Herkunft-Kz',
  'Leerfeld',
  'KOST-Datum',
  'SEPA-Mandatsreferenz',
  'Skontosperre',
  'Gesellschaftername',
  'Beteiligtennummer',
  'Identifikationsnummer',
  'Zeichnernummer',
  'Postensperre bis',
  'Bezeichnung',
  'Kennzeichen',
  'Festschreibung',
  'Leistungsdatum',
  'Datum Zuord.',
  'Fälligkeit',
  'Generalumkehr',
  'Steuersatz',
  'Land',
  'Abrechnungsreferent',
  'BVV-Position',
  'EU-Mitgliedstaat u. UStID (Ursprung)',
  'EU-Steuersatz (Ursprung)',
  'Abw. Skontokonto',
];

/** 1-based column numbers the export fills (fact sheet §7.1). */
export const COL = {
  umsatz: 1,
  sollHaben: 2,
  wkz: 3,
  konto: 7,
  gegenkonto: 8,
  buSchluessel: 9,
  belegdatum: 10,
  belegfeld1: 11,
  belegfeld2: 12,
  buchungstext: 14,
  euLandUstId: 40,
  auftragsnummer: 95,
  leistungsdatum: 115,
  faelligkeit: 117,
  generalumkehr: 118,
} as const;

export const HEADER_FIELD_COUNT = 31;
/** Header fields written as quoted text. */
export const HEADER_TEXT_FIELDS: ReadonlySet<number> = new Set([1, 4, 8, 9, 10, 17, 18, 22, 27, 31]);
export const MAX_BOOKINGS = 99_999;

export type Chart = 'SKR03' | 'SKR04';

/**
 * Revenue accounts per tax case. Automatic accounts (with their tax built in), so no
 * BU-Schlüssel is written: DATEV would reject it or count the tax twice.
 */
export const DEFAULT_REVENUE_ACCOUNTS: Record<Chart, Record<BookTaxCase, string>> = {
  SKR03: { domestic: '8400', intraEuReverseCharge: '8336', thirdCountry: '8338', exemptExport: '8150', smallBusiness: '8195' },
  SKR04: { domestic: '4400', intraEuReverseCharge: '4336', thirdCountry: '4338', exemptExport: '4150', smallBusiness: '4185' },
};

export interface DatevOptions {
  beraterNummer: number;
  mandantenNummer: number;
  /** Month (1–12) the fiscal year starts in. */
  fiscalYearStartMonth: number;
  /** Sachkontenlänge, 4–8; debtor accounts have one digit more. */
  accountLength: number;
  chart: Chart;
  revenueAccounts: Record<BookTaxCase, string>;
  /** Use the billing system's customer number as debtor account when it has the right length, else this collective debtor. */
  collectiveDebtor: string;
  useCustomerNumberAsDebtor: boolean;
  /** Festschreibung: 0 lets the adviser still change the bookings. */
  lock: boolean;
}

export function defaultDatevOptions(chart: Chart = 'SKR03'): DatevOptions {
  return {
    beraterNummer: 1001,
    mandantenNummer: 1,
    fiscalYearStartMonth: 1,
    accountLength: 4,
    chart,
    revenueAccounts: { ...DEFAULT_REVENUE_ACCOUNTS[chart] },
    collectiveDebtor: '10000',
    useCustomerNumberAsDebtor: true,
    lock: false,
  };
}

/** The fiscal year a date belongs to, as its first day. */
export function fiscalYearStart(date: IsoDate, startMonth: number): IsoDate {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const startYear = month >= startMonth ? year : year - 1;
  return `${startYear}-${String(startMonth).padStart(2, '0')}-01`;
}

/** A problem the builder found before writing: the validation reports it with row and field. */
export class DatevBuildError extends Error {
  constructor(
    readonly row: number,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatevBuildError';
  }
}

/** The tax case for the revenue account; older book entries without one are domestic only when they carry VAT. */
function taxCaseOf(item: ExportItem): BookTaxCase | null {
  const r = item.snapshot;
  return r.taxCase ?? (r.taxMinor > 0 ? 'domestic' : null);
}

/** One pattern per account length, not one per booking (a year's export has thousands). */
const debtorPatterns = new Map<number, RegExp>();

function debtorAccount(item: ExportItem, options: DatevOptions): string {
  const number = item.snapshot.customerNumber ?? '';
  let pattern = debtorPatterns.get(options.accountLength);
  if (!pattern) debtorPatterns.set(options.accountLength, (pattern = new RegExp(`^[1-9]\\d{${options.accountLength}}$`)));
  if (options.useCustomerNumberAsDebtor && pattern.test(number)) return number;
  return options.collectiveDebtor;
}

/** Belegfeld 1 allows A–Z a–z 0–9 $ & % * + - / and 36 characters. */
export const BELEGFELD_PATTERN = /^[A-Za-z0-9$&%*+\-/]{1,36}$/;

export interface DatevFile {
  fileName: string;
  content: string;
  from: IsoDate;
  to: IsoDate;
}

/**
 * One EXTF file of bookings of one fiscal year. Invoices are booked S (debtor debit against
 * revenue), credit notes H, reversals of an earlier exported document the other way round.
 */
export function buildDatev(items: readonly ExportItem[], options: DatevOptions, createdAt: Date, label = 'Frachtbeleg Rechnungen'): DatevFile {
  if (items.length === 0) throw new DatevBuildError(0, '', 'nothing to export');
  const dates = items.map((i) => i.snapshot.invoiceDate).sort();
  const from = dates[0]!;
  const to = dates.at(-1)!;
  const fy = fiscalYearStart(from, options.fiscalYearStartMonth);
  const clock = berlinClock(createdAt);
  const header: string[] = Array.from({ length: HEADER_FIELD_COUNT }, () => '');
  const set = (n: number, value: string) => (header[n - 1] = HEADER_TEXT_FIELDS.has(n) ? alwaysQuoted(value) : value);
  set(1, 'EXTF');
  set(2, '700');
  set(3, '21');
  set(4, 'Buchungsstapel');
  set(5, '13');
  set(6, `${yyyymmdd(clock.date)}${clock.time.replaceAll(':', '')}${clock.millis}`);
  set(8, 'FB');
  set(9, 'Frachtbeleg');
  set(10, '');
  set(11, String(options.beraterNummer));
  set(12, String(options.mandantenNummer));
  set(13, yyyymmdd(fy));
  set(14, String(options.accountLength));
  set(15, yyyymmdd(from));
  set(16, yyyymmdd(to));
  set(17, toCp1252Text(label).slice(0, 30));
  set(18, '');
  set(19, '1');
  set(20, '0');
  set(21, options.lock ? '1' : '0');
  set(22, 'EUR');
  set(27, options.chart === 'SKR03' ? '03' : '04');
  set(31, '');

  // DATEV's own reference file writes the headings unquoted; none holds ";" or a quote.
  const lines = [header.join(';'), DATEV_COLUMNS.join(';')];
  items.forEach((item, index) => lines.push(bookingLine(item, index + 3, options).join(';')));
  return {
    fileName: `EXTF_Buchungsstapel_${yyyymmdd(from)}-${yyyymmdd(to)}_${yyyymmdd(clock.date)}${clock.time.replaceAll(':', '')}.csv`,
    content: lines.join('\r\n') + '\r\n',
    from,
    to,
  };
}

function bookingLine(item: ExportItem, line: number, options: DatevOptions): string[] {
  const r = item.snapshot;
  const fields: string[] = Array.from({ length: DATEV_COLUMNS.length }, () => '');
  const set = (col: number, value: string) => (fields[col - 1] = value);
  if (r.currency !== 'EUR') throw new DatevBuildError(line, 'WKZ Umsatz', `${r.invoiceNumber ?? r.invoiceId}: DATEV export takes EUR only, this document is in ${r.currency}`);
  const taxCase = taxCaseOf(item);
  if (taxCase === null) throw new DatevBuildError(line, 'Gegenkonto (ohne BU-Schlüssel)', `${r.invoiceNumber ?? r.invoiceId}: the tax case is unknown, so the revenue account is too`);
  const debit = (r.documentType === 'creditNote') === (item.kind === 'reversal');
  set(COL.umsatz, decimalComma(Math.abs(r.grossMinor), r.currency));
  set(COL.sollHaben, alwaysQuoted(debit ? 'S' : 'H'));
  set(COL.wkz, alwaysQuoted('EUR'));
  set(COL.konto, debtorAccount(item, options));
  set(COL.gegenkonto, options.revenueAccounts[taxCase]);
  set(COL.belegdatum, ddmm(r.invoiceDate));
  set(COL.belegfeld1, alwaysQuoted(r.invoiceNumber ?? ''));
  // Belegfeld 2 holds 12 characters: the corrected invoice's number where it fits.
  if (item.reference !== null && item.reference !== r.invoiceNumber && BELEGFELD_PATTERN.test(item.reference) && item.reference.length <= 12) {
    set(COL.belegfeld2, alwaysQuoted(item.reference));
  }
  const what = item.kind === 'reversal' ? 'Storno' : r.documentType === 'creditNote' ? 'Gutschrift' : 'Rechnung';
  set(COL.buchungstext, alwaysQuoted(toCp1252Text(`${what} ${r.invoiceNumber ?? ''} ${r.customerName}`.trim()).slice(0, 60)));
  if (r.customerVatId && taxCase === 'intraEuReverseCharge') set(COL.euLandUstId, alwaysQuoted(r.customerVatId.replace(/\s/g, '')));
  if (r.orderNumbers.length > 0) set(COL.auftragsnummer, alwaysQuoted(toCp1252Text(r.orderNumbers.join(',')).slice(0, 30)));
  // Leistungsdatum stays empty: the book keeps the invoice date, not the delivery date.
  if (r.dueDate !== null && item.kind === 'document') set(COL.faelligkeit, ddmmyyyy(r.dueDate));
  set(COL.generalumkehr, '0');
  return fields;
}
