/**
 * Every export file is read back and checked before it is offered for download. A problem
 * names the file row (1-based, as a text editor counts) and the field by its heading.
 */
import { isIsoDate } from '../../domain/dates';
import { AMOUNT_COLUMNS, CSV_HEADINGS, DATE_COLUMNS, type CsvOptions } from './csv';
import { firstOutsideCp1252 } from './cp1252';
import { BELEGFELD_PATTERN, COL, DATEV_COLUMNS, HEADER_FIELD_COUNT, HEADER_TEXT_FIELDS, MAX_BOOKINGS, type DatevOptions } from './datev';
import { parseDelimited, type ParsedField } from './delimited';

export interface ExportProblem {
  row: number;
  field: string;
  message: string;
}

/** "Row 4, Brutto: …" for the user; the message texts are the file format's own (German) terms. */
export const describeProblem = (p: ExportProblem): string => `Row ${p.row}${p.field ? `, ${p.field}` : ''}: ${p.message}`;

// ------------------------------------------------------------------------------------------
// CSV

const CSV_AMOUNT = /^-?\d+(,\d+)?$/;
const CSV_DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;

export function validateCsv(text: string, options: CsvOptions): ExportProblem[] {
  const problems: ExportProblem[] = [];
  if (!text.startsWith('\uFEFF')) problems.push({ row: 1, field: '', message: 'the UTF-8 byte order mark is missing (Excel would misread umlauts)' });
  const parsed = parseDelimited(text.replace(/^\uFEFF/, ''), options.separator);
  const headings = options.columns.map((c) => CSV_HEADINGS[options.language][c]);
  if (!parsed.ok) return [...problems, { row: parsed.row, field: headings[parsed.column - 1] ?? `column ${parsed.column}`, message: parsed.message }];
  for (const row of parsed.bareLf) problems.push({ row, field: '', message: 'line ends in LF, expected CRLF' });
  const [head, ...records] = parsed.rows;
  if (!head || head.map((f) => f.value).join('\u0000') !== headings.join('\u0000')) problems.push({ row: 1, field: '', message: `headings differ from the chosen columns (${headings.join(', ')})` });
  records.forEach((fields, i) => {
    const row = i + 2;
    if (fields.length !== headings.length) {
      problems.push({ row, field: '', message: `${fields.length} fields, expected ${headings.length}` });
      return;
    }
    options.columns.forEach((column, c) => {
      const field = fields[c]!;
      const name = headings[c]!;
      if (/[\r\n]/.test(field.value) && !field.quoted) problems.push({ row, field: name, message: 'line break outside quotes' });
      if (AMOUNT_COLUMNS.has(column) && !CSV_AMOUNT.test(field.value)) problems.push({ row, field: name, message: `"${field.value}" is not an amount with decimal comma` });
      if (DATE_COLUMNS.has(column) && field.value !== '') {
        const m = CSV_DATE.exec(field.value);
        if (!m || !isIsoDate(`${m[3]}-${m[2]}-${m[1]}`)) problems.push({ row, field: name, message: `"${field.value}" is not a date TT.MM.JJJJ` });
      }
    });
  });
  return problems;
}

// ------------------------------------------------------------------------------------------
// DATEV EXTF

const DATE8 = /^(\d{4})(\d{2})(\d{2})$/;
const iso8 = (s: string): string | null => {
  const m = DATE8.exec(s);
  const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : null;
  return iso && isIsoDate(iso) ? iso : null;
};
const ttmmjjjj = (s: string): string | null => (/^\d{8}$/.test(s) ? iso8(`${s.slice(4)}${s.slice(2, 4)}${s.slice(0, 2)}`) : null);

export function validateDatev(text: string, options: DatevOptions): ExportProblem[] {
  const problems: ExportProblem[] = [];
  const lines = text.split('\r\n');
  lines.forEach((line, i) => {
    const ch = firstOutsideCp1252(line);
    if (ch !== null) problems.push({ row: i + 1, field: '', message: `character "${ch}" cannot be written in Windows-1252` });
  });
  const parsed = parseDelimited(text, ';');
  if (!parsed.ok) return [...problems, { row: parsed.row, field: parsed.row === 1 ? `header field ${parsed.column}` : (DATEV_COLUMNS[parsed.column - 1] ?? `column ${parsed.column}`), message: parsed.message }];
  for (const row of parsed.bareLf) problems.push({ row, field: '', message: 'line ends in LF, expected CRLF' });
  const [header, headings, ...bookings] = parsed.rows;
  if (!header) return [...problems, { row: 1, field: '', message: 'empty file' }];

  const period = checkHeader(header, options, problems);
  if (!headings || headings.length !== DATEV_COLUMNS.length || headings.some((h, i) => h.value !== DATEV_COLUMNS[i])) {
    problems.push({ row: 2, field: '', message: `the ${DATEV_COLUMNS.length} column headings of the Buchungsstapel are expected` });
  }
  if (bookings.length === 0) problems.push({ row: 3, field: '', message: 'no bookings' });
  if (bookings.length > MAX_BOOKINGS) problems.push({ row: 3 + MAX_BOOKINGS, field: '', message: `more than ${MAX_BOOKINGS} bookings in one file` });
  const accounts = { debtor: new RegExp(`^\\d{${options.accountLength + 1}}$`), revenue: new RegExp(`^\\d{${options.accountLength}}$`) };
  bookings.forEach((fields, i) => checkBooking(fields, i + 3, options, accounts, period, problems));
  return problems;
}

function checkHeader(h: ParsedField[], options: DatevOptions, problems: ExportProblem[]): { from: string; to: string } | null {
  const add = (n: number, message: string) => problems.push({ row: 1, field: `header field ${n}`, message });
  if (h.length !== HEADER_FIELD_COUNT) {
    add(h.length, `${h.length} header fields, expected ${HEADER_FIELD_COUNT}`);
    return null;
  }
  const f = (n: number) => h[n - 1]!.value;
  for (const n of HEADER_TEXT_FIELDS) if (!h[n - 1]!.quoted) add(n, 'text field must be quoted');
  const expect = (n: number, value: string) => f(n) !== value && add(n, `"${f(n)}", expected "${value}"`);
  expect(1, 'EXTF');
  expect(2, '700');
  expect(3, '21');
  expect(4, 'Buchungsstapel');
  expect(5, '13');
  if (!/^\d{17}$/.test(f(6))) add(6, 'creation time must be YYYYMMDDHHMMSSmmm');
  const berater = Number(f(11));
  if (!/^\d+$/.test(f(11)) || berater < 1001 || berater > 9_999_999) add(11, 'Beraternummer must be 1001–9999999');
  const mandant = Number(f(12));
  if (!/^\d+$/.test(f(12)) || mandant < 1 || mandant > 99_999) add(12, 'Mandantennummer must be 1–99999');
  const fy = iso8(f(13));
  if (!fy) add(13, 'WJ-Beginn must be a date YYYYMMDD');
  if (f(14) !== String(options.accountLength) || options.accountLength < 4 || options.accountLength > 8) add(14, 'Sachkontenlänge must be 4–8 and match the settings');
  const from = iso8(f(15));
  const to = iso8(f(16));
  if (!from) add(15, 'Datum vom must be a date YYYYMMDD');
  if (!to) add(16, 'Datum bis must be a date YYYYMMDD');
  if (f(17).length > 30) add(17, 'Bezeichnung longer than 30 characters');
  expect(19, '1');
  expect(20, '0');
  if (f(21) !== '0' && f(21) !== '1') add(21, 'Festschreibung must be 0 or 1');
  expect(22, 'EUR');
  if (f(27) !== '03' && f(27) !== '04') add(27, 'SKR must be "03" or "04"');
  if (!fy || !from || !to) return null;
  if (from > to) add(16, 'Datum bis is before Datum vom');
  const fyEnd = `${Number(fy.slice(0, 4)) + 1}${fy.slice(4)}`;
  if (from < fy || to >= fyEnd) add(from < fy ? 15 : 16, 'the period must lie inside the fiscal year that starts with WJ-Beginn');
  if (from.slice(0, 4) !== to.slice(0, 4)) add(16, 'the period must lie inside one calendar year');
  return { from, to };
}

function checkBooking(fields: ParsedField[], row: number, options: DatevOptions, accounts: { debtor: RegExp; revenue: RegExp }, period: { from: string; to: string } | null, problems: ExportProblem[]): void {
  const add = (col: number, message: string) => problems.push({ row, field: DATEV_COLUMNS[col - 1]!, message });
  if (fields.length !== DATEV_COLUMNS.length) {
    problems.push({ row, field: '', message: `${fields.length} fields, expected ${DATEV_COLUMNS.length}` });
    return;
  }
  const f = (col: number) => fields[col - 1]!;
  if (!/^\d{1,10},\d{2}$/.test(f(COL.umsatz).value) || /^0+,00$/.test(f(COL.umsatz).value)) add(COL.umsatz, `"${f(COL.umsatz).value}" is not an unsigned amount above 0 with decimal comma`);
  if (f(COL.sollHaben).value !== 'S' && f(COL.sollHaben).value !== 'H') add(COL.sollHaben, 'must be S or H');
  if (f(COL.wkz).value !== 'EUR') add(COL.wkz, 'must be EUR');
  if (!accounts.debtor.test(f(COL.konto).value)) add(COL.konto, `debtor account must have ${options.accountLength + 1} digits`);
  if (!accounts.revenue.test(f(COL.gegenkonto).value)) add(COL.gegenkonto, `revenue account must have ${options.accountLength} digits`);
  if (f(COL.buSchluessel).value !== '') add(COL.buSchluessel, 'no BU-Schlüssel on an automatic revenue account');
  const belegdatum = f(COL.belegdatum).value;
  const year = period?.from.slice(0, 4);
  const date = /^\d{4}$/.test(belegdatum) && year ? `${year}-${belegdatum.slice(2)}-${belegdatum.slice(0, 2)}` : null;
  if (!date || !isIsoDate(date)) add(COL.belegdatum, `"${belegdatum}" is not a date TTMM`);
  else if (period && (date.replaceAll('-', '') < period.from.replaceAll('-', '') || date.replaceAll('-', '') > period.to.replaceAll('-', ''))) add(COL.belegdatum, 'outside the period in the header');
  if (!BELEGFELD_PATTERN.test(f(COL.belegfeld1).value)) add(COL.belegfeld1, `"${f(COL.belegfeld1).value}" must be 1–36 characters of A–Z a–z 0–9 $ & % * + - /`);
  if (f(COL.buchungstext).value.length > 60) add(COL.buchungstext, 'longer than 60 characters');
  for (const col of [COL.leistungsdatum, COL.faelligkeit]) {
    const v = f(col).value;
    if (v !== '' && !ttmmjjjj(v)) add(col, `"${v}" is not a date TTMMJJJJ`);
  }
  const gu = f(COL.generalumkehr).value;
  if (gu !== '' && gu !== '0' && gu !== '1') add(COL.generalumkehr, 'must be 0 or 1');
  for (const col of [COL.sollHaben, COL.wkz, COL.belegfeld1, COL.buchungstext]) if (!f(col).quoted) add(col, 'text field must be quoted');
}
