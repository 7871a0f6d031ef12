import { describe, expect, it } from 'vitest';
import { buildCsv, CSV_COLUMNS, DEFAULT_CSV_OPTIONS, type CsvOptions } from './csv';
import { parseDelimited } from './delimited';
import { validateCsv } from './validate';
import { exportItem } from '../../../tests/support/book';

function readBack(text: string, separator = ';'): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const parsed = parseDelimited(text.slice(1), separator);
  if (!parsed.ok) throw new Error(parsed.message);
  expect(parsed.bareLf).toEqual([]);
  return parsed.rows.map((r) => r.map((f) => f.value));
}

describe('CSV for factoring and spreadsheets', () => {
  it('writes the default columns with German headings, decimal comma and TT.MM.JJJJ, BOM and CRLF', () => {
    const text = buildCsv([exportItem({ orderNumbers: ['A-0001', 'A-0002'] })]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(new TextEncoder().encode(text).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(readBack(text)).toEqual([
      ['Rechnungsnummer', 'Rechnungsdatum', 'Fälligkeit', 'Debitor', 'Debitorennummer', 'USt-IdNr.', 'Netto', 'USt', 'Brutto', 'Währung', 'Auftragsnummern', 'Belegart', 'Bezug'],
      ['RE-1001', '10.11.2026', '24.11.2026', 'Spedition Müller GmbH', '10001', 'DE123456789', '1000,00', '190,00', '1190,00', 'EUR', 'A-0001, A-0002', 'RE', ''],
    ]);
    expect(validateCsv(text, DEFAULT_CSV_OPTIONS)).toEqual([]);
  });

  it('quotes separators, quotes and line breaks in names (RFC 4180) and reads them back unchanged', () => {
    const names = ['Müller; Sohn & Co', 'Die "Schnellen" Spediteure', 'Zeile eins\r\nZeile zwei', 'Komma, aber kein Semikolon'];
    const items = names.map((customerName, i) => exportItem({ customerName, invoiceNumber: `RE-${i}` }));
    for (const separator of [';', ',', '\t'] as const) {
      const options: CsvOptions = { ...DEFAULT_CSV_OPTIONS, separator, columns: ['invoiceNumber', 'customerName', 'gross'] };
      const text = buildCsv(items, options);
      expect(readBack(text, separator).slice(1).map((r) => r[1])).toEqual(names);
      expect(validateCsv(text, options)).toEqual([]);
    }
    const text = buildCsv(items, { ...DEFAULT_CSV_OPTIONS, columns: ['customerName'] });
    expect(text).toContain('"Müller; Sohn & Co"\r\n"Die ""Schnellen"" Spediteure"\r\n"Zeile eins\r\nZeile zwei"\r\nKomma, aber kein Semikolon\r\n');
  });

  it('takes any choice and order of columns, in English too', () => {
    const options: CsvOptions = { columns: ['gross', 'invoiceNumber', 'status', 'paid', 'provider', 'eInvoiceProfile'], separator: ',', language: 'en', guardFormulas: true };
    const text = buildCsv([exportItem({ status: 'partlyPaid', paidMinor: 50_050 })], options);
    expect(readBack(text, ',')).toEqual([
      ['Gross', 'Invoice number', 'Payment status', 'Paid', 'Billing system', 'E-invoice'],
      ['1190,00', 'RE-1001', 'partlyPaid', '500,50', 'Lexware Office', 'XRechnung'],
    ]);
    expect(CSV_COLUMNS.length).toBe(17);
  });

  it('writes credit notes and reversals as such, with negative amounts and the invoice they refer to', () => {
    const text = buildCsv([
      exportItem({ invoiceNumber: 'GS-7', documentType: 'creditNote' }, { reference: 'RE-1001' }),
      exportItem({ invoiceNumber: 'RE-1002' }, { kind: 'reversal', reference: 'RE-1002' }),
    ]);
    const rows = readBack(text);
    expect(rows.slice(1).map((r) => [r[0], r[8], r[11], r[12]])).toEqual([
      ['GS-7', '-1190,00', 'GS', 'RE-1001'],
      ['RE-1002', '-1190,00', 'ST', 'RE-1002'],
    ]);
  });

  it('keeps spreadsheet formulas in customer text from running, and lets amounts be negative', () => {
    const text = buildCsv([exportItem({ customerName: '=HYPERLINK("http://evil")', documentType: 'creditNote' })], { ...DEFAULT_CSV_OPTIONS, columns: ['customerName', 'gross'] });
    expect(readBack(text)[1]).toEqual([`'=HYPERLINK("http://evil")`, '-1190,00']);
    const raw = buildCsv([exportItem({ customerName: '=1+1' })], { ...DEFAULT_CSV_OPTIONS, columns: ['customerName'], guardFormulas: false });
    expect(readBack(raw)[1]).toEqual(['=1+1']);
  });

  it('writes amounts in currencies without cents correctly', () => {
    const text = buildCsv([exportItem({ currency: 'JPY', netMinor: 1000, taxMinor: 190, grossMinor: 1190 })], { ...DEFAULT_CSV_OPTIONS, columns: ['gross', 'currency'] });
    expect(readBack(text)[1]).toEqual(['1190', 'JPY']);
  });
});

describe('CSV validation names the row and field', () => {
  const options: CsvOptions = { ...DEFAULT_CSV_OPTIONS, columns: ['invoiceNumber', 'customerName', 'gross', 'invoiceDate'] };
  const head = '\uFEFFRechnungsnummer;Debitor;Brutto;Rechnungsdatum\r\n';
  it.each([
    ['a quote in an unquoted name', `${head}RE-1;Die "Schnellen";1,00;01.01.2026\r\n`, { row: 2, field: 'Debitor', message: 'quote inside an unquoted field' }],
    ['an unclosed quote', `${head}RE-1;"Müller;1,00;01.01.2026\r\n`, { row: 2, field: 'Debitor', message: 'quoted field is not closed' }],
    ['an unquoted separator', `${head}RE-1;Müller; Sohn;1,00;01.01.2026\r\n`, { row: 2, field: '', message: '5 fields, expected 4' }],
    ['a decimal point', `${head}RE-1;Müller;1.00;01.01.2026\r\n`, { row: 2, field: 'Brutto', message: '"1.00" is not an amount with decimal comma' }],
    ['an impossible date', `${head}RE-1;Müller;1,00;31.02.2026\r\n`, { row: 2, field: 'Rechnungsdatum', message: '"31.02.2026" is not a date TT.MM.JJJJ' }],
    ['a bare LF', `${head}RE-1;Müller;1,00;01.01.2026\n`, { row: 2, field: '', message: 'line ends in LF, expected CRLF' }],
  ])('%s', (_name, text, problem) => {
    expect(validateCsv(text, options)).toEqual([problem]);
  });

  it('a missing BOM', () => {
    expect(validateCsv(head.slice(1), options)).toEqual([{ row: 1, field: '', message: 'the UTF-8 byte order mark is missing (Excel would misread umlauts)' }]);
  });
});
