import { describe, expect, it } from 'vitest';
import { buildDatev, COL, DATEV_COLUMNS, DatevBuildError, defaultDatevOptions, fiscalYearStart, type DatevOptions } from './datev';
import { decodeCp1252, encodeCp1252, toCp1252Text } from './cp1252';
import { parseDelimited, type ParsedField } from './delimited';
import { validateDatev } from './validate';
import { exportItem } from '../../../tests/support/book';

const createdAt = new Date('2026-12-05T09:30:15.123Z'); // 10:30:15 in Berlin

/** Reads the file as DATEV would: bytes in Windows-1252, CRLF, ";". */
function readBack(bytes: Uint8Array): ParsedField[][] {
  const text = decodeCp1252(bytes);
  const parsed = parseDelimited(text, ';');
  if (!parsed.ok) throw new Error(parsed.message);
  expect(parsed.bareLf).toEqual([]);
  return parsed.rows;
}

describe('DATEV Buchungsstapel', () => {
  const options = defaultDatevOptions('SKR03');

  it('writes the 31 header fields, the 125 headings and one booking per document, in Windows-1252 with CRLF', () => {
    const file = buildDatev([exportItem({ customerName: 'Spedition Müller GmbH', orderNumbers: ['A-0001', 'A-0002'] })], { ...options, beraterNummer: 4711, mandantenNummer: 12345 }, createdAt);
    expect(file.fileName).toBe('EXTF_Buchungsstapel_20261110-20261110_20261205103015.csv');
    expect(file.content.endsWith('\r\n')).toBe(true);
    const bytes = encodeCp1252(file.content);
    expect([...bytes].includes(0xfc)).toBe(true); // ü as one Windows-1252 byte
    expect(bytes.length).toBe([...file.content].length);
    const [header, headings, booking, ...rest] = readBack(bytes);
    expect(rest).toEqual([]);

    expect(header!.length).toBe(31);
    expect(header!.map((f) => f.value)).toEqual([
      'EXTF', '700', '21', 'Buchungsstapel', '13', '20261205103015123', '', 'FB', 'Frachtbeleg', '', '4711', '12345', '20260101', '4', '20261110', '20261110',
      'Frachtbeleg Rechnungen', '', '1', '0', '0', 'EUR', '', '', '', '', '03', '', '', '', '',
    ]);
    expect([1, 4, 8, 9, 10, 17, 18, 22, 27, 31].every((n) => header![n - 1]!.quoted)).toBe(true);
    expect([2, 3, 5, 6, 11, 12, 13, 14, 15, 16, 19, 20, 21].every((n) => !header![n - 1]!.quoted)).toBe(true);

    expect(headings!.map((f) => f.value)).toEqual(DATEV_COLUMNS);
    expect(DATEV_COLUMNS.length).toBe(125);
    expect([DATEV_COLUMNS[39], DATEV_COLUMNS[94], DATEV_COLUMNS[114], DATEV_COLUMNS[116], DATEV_COLUMNS[117]]).toEqual(['EU-Land u. USt-IdNr.', 'Auftragsnummer', 'Leistungsdatum', 'Fälligkeit', 'Generalumkehr']);

    expect(booking!.length).toBe(125);
    const filled = Object.fromEntries(booking!.map((f, i) => [DATEV_COLUMNS[i]!, f.value]).filter(([, v]) => v !== ''));
    expect(filled).toEqual({
      'Umsatz (ohne Soll/Haben-Kz)': '1190,00',
      'Soll/Haben-Kennzeichen': 'S',
      'WKZ Umsatz': 'EUR',
      Konto: '10001',
      'Gegenkonto (ohne BU-Schlüssel)': '8400',
      Belegdatum: '1011',
      'Belegfeld 1': 'RE-1001',
      Buchungstext: 'Rechnung RE-1001 Spedition Müller GmbH',
      Auftragsnummer: 'A-0001,A-0002',
      Fälligkeit: '24112026',
      Generalumkehr: '0',
    });
    expect(validateDatev(file.content, options)).toEqual([]);
  });

  it('books by tax case on configurable revenue accounts, SKR03 and SKR04, never with a BU-Schlüssel', () => {
    const items = [
      exportItem({ invoiceNumber: 'RE-1', taxCase: 'domestic' }),
      exportItem({ invoiceNumber: 'RE-2', taxCase: 'intraEuReverseCharge', customerVatId: 'NL 123456789B01', netMinor: 100_000, taxMinor: 0, grossMinor: 100_000 }),
      exportItem({ invoiceNumber: 'RE-3', taxCase: 'thirdCountry', customerVatId: 'CHE-123', netMinor: 50_000, taxMinor: 0, grossMinor: 50_000 }),
    ];
    const accounts = (o: DatevOptions) => readBack(encodeCp1252(buildDatev(items, o, createdAt).content)).slice(2).map((b) => [b[COL.gegenkonto - 1]!.value, b[COL.buSchluessel - 1]!.value, b[COL.euLandUstId - 1]!.value]);
    expect(accounts(options)).toEqual([
      ['8400', '', ''],
      ['8336', '', 'NL123456789B01'],
      ['8338', '', ''],
    ]);
    expect(accounts(defaultDatevOptions('SKR04')).map((a) => a[0])).toEqual(['4400', '4336', '4338']);
    expect(accounts({ ...options, revenueAccounts: { ...options.revenueAccounts, domestic: '8401' } })[0]![0]).toBe('8401');
    expect(readBack(encodeCp1252(buildDatev(items, defaultDatevOptions('SKR04'), createdAt).content))[0]![26]!.value).toBe('04');
  });

  it('books credit notes on the credit side and reverses an exported document the other way round', () => {
    const file = buildDatev(
      [
        exportItem({ invoiceNumber: 'GS-7', documentType: 'creditNote' }, { reference: 'RE-1001' }),
        exportItem({ invoiceNumber: 'RE-1002' }, { kind: 'reversal', reference: 'RE-1002' }),
        exportItem({ invoiceNumber: 'GS-8', documentType: 'creditNote' }, { kind: 'reversal', reference: 'RE-1003' }),
      ],
      options,
      createdAt,
    );
    const bookings = readBack(encodeCp1252(file.content)).slice(2);
    expect(bookings.map((b) => [b[0]!.value, b[1]!.value, b[COL.belegfeld2 - 1]!.value, b[COL.buchungstext - 1]!.value, b[COL.faelligkeit - 1]!.value])).toEqual([
      ['1190,00', 'H', 'RE-1001', 'Gutschrift GS-7 Spedition Müller GmbH', '24112026'],
      ['1190,00', 'H', '', 'Storno RE-1002 Spedition Müller GmbH', ''],
      ['1190,00', 'S', 'RE-1003', 'Storno GS-8 Spedition Müller GmbH', ''],
    ]);
    expect(validateDatev(file.content, options)).toEqual([]);
  });

  it('uses the collective debtor where the customer number does not fit the account length', () => {
    const file = buildDatev([exportItem({ customerNumber: 'K-77' }), exportItem({ customerNumber: null }), exportItem({ customerNumber: '12345' })], { ...options, collectiveDebtor: '19999' }, createdAt);
    expect(readBack(encodeCp1252(file.content)).slice(2).map((b) => b[COL.konto - 1]!.value)).toEqual(['19999', '19999', '12345']);
  });

  it('writes names outside Windows-1252 without their accents, cuts texts to their length', () => {
    const long = 'Przedsiębiorstwo Transportowe Łódź Spółka z ograniczoną odpowiedzialnością';
    const file = buildDatev([exportItem({ customerName: long })], options, createdAt);
    const text = readBack(encodeCp1252(file.content))[2]![COL.buchungstext - 1]!.value;
    expect(text).toBe(toCp1252Text(`Rechnung RE-1001 ${long}`).slice(0, 60));
    expect(text.startsWith('Rechnung RE-1001 Przedsiebiorstwo Transportowe Lódz Spó')).toBe(true);
    expect(validateDatev(file.content, options)).toEqual([]);
  });

  it('refuses foreign currencies and documents without a tax case, naming them', () => {
    expect(() => buildDatev([exportItem({ currency: 'CHF' })], options, createdAt)).toThrow(new DatevBuildError(3, 'WKZ Umsatz', 'RE-1001: DATEV export takes EUR only, this document is in CHF'));
    expect(() => buildDatev([exportItem({ taxCase: null, taxMinor: 0, grossMinor: 100_000 })], options, createdAt)).toThrow('RE-1001: the tax case is unknown, so the revenue account is too');
    // Older entries that carry VAT are domestic.
    expect(() => buildDatev([exportItem({ taxCase: null })], options, createdAt)).not.toThrow();
  });

  it('encodes and decodes the Windows-1252 specials (the dashes of the headings are byte 0x96)', () => {
    expect([...encodeCp1252('– € „x“ ü')]).toEqual([0x96, 0x20, 0x80, 0x20, 0x84, 0x78, 0x93, 0x20, 0xfc]);
    expect(decodeCp1252(encodeCp1252('Beleginfo – Art 1; 1.234 €; Ärger'))).toBe('Beleginfo – Art 1; 1.234 €; Ärger');
    expect(() => encodeCp1252('Ł')).toThrow('Character U+141 is not in Windows-1252');
  });

  it('knows the fiscal year of a date', () => {
    expect(fiscalYearStart('2026-11-10', 1)).toBe('2026-01-01');
    expect(fiscalYearStart('2026-03-10', 7)).toBe('2025-07-01');
    expect(fiscalYearStart('2026-07-01', 7)).toBe('2026-07-01');
  });
});

describe('DATEV validation names the row and field', () => {
  const options = defaultDatevOptions('SKR03');
  const good = buildDatev([exportItem(), exportItem({ invoiceNumber: 'RE-1002', invoiceDate: '2026-11-12' })], options, createdAt).content;
  const lines = good.split('\r\n');
  const withBooking = (row: number, col: number, value: string) =>
    lines.map((l, i) => (i === row - 1 ? l.split(';').map((f, c) => (c === col - 1 ? value : f)).join(';') : l)).join('\r\n');
  const withHeader = (n: number, value: string) => withBooking(1, n, value);

  it.each([
    ['a point as decimal mark', withBooking(4, COL.umsatz, '1190.00'), { row: 4, field: 'Umsatz (ohne Soll/Haben-Kz)', message: '"1190.00" is not an unsigned amount above 0 with decimal comma' }],
    ['a signed amount', withBooking(3, COL.umsatz, '-1190,00'), { row: 3, field: 'Umsatz (ohne Soll/Haben-Kz)', message: '"-1190,00" is not an unsigned amount above 0 with decimal comma' }],
    ['neither S nor H', withBooking(3, COL.sollHaben, '"X"'), { row: 3, field: 'Soll/Haben-Kennzeichen', message: 'must be S or H' }],
    ['a short debtor account', withBooking(3, COL.konto, '1000'), { row: 3, field: 'Konto', message: 'debtor account must have 5 digits' }],
    ['a BU-Schlüssel on an automatic account', withBooking(3, COL.buSchluessel, '"3"'), { row: 3, field: 'BU-Schlüssel', message: 'no BU-Schlüssel on an automatic revenue account' }],
    ['an impossible Belegdatum', withBooking(3, COL.belegdatum, '3102'), { row: 3, field: 'Belegdatum', message: '"3102" is not a date TTMM' }],
    ['a Belegdatum outside the period', withBooking(3, COL.belegdatum, '0112'), { row: 3, field: 'Belegdatum', message: 'outside the period in the header' }],
    ['a Belegfeld 1 with an underscore', withBooking(3, COL.belegfeld1, '"RE_1001"'), { row: 3, field: 'Belegfeld 1', message: '"RE_1001" must be 1–36 characters of A–Z a–z 0–9 $ & % * + - /' }],
    ['an unquoted Buchungstext', withBooking(3, COL.buchungstext, 'Rechnung'), { row: 3, field: 'Buchungstext', message: 'text field must be quoted' }],
    ['a Fälligkeit as ISO date', withBooking(3, COL.faelligkeit, '2026-11-24'), { row: 3, field: 'Fälligkeit', message: '"2026-11-24" is not a date TTMMJJJJ' }],
    ['a missing column', lines.map((l, i) => (i === 2 ? l.replace(/;$/, '') : l)).join('\r\n'), { row: 3, field: '', message: '124 fields, expected 125' }],
    ['a wrong format version', withHeader(2, '510'), { row: 1, field: 'header field 2', message: '"510", expected "700"' }],
    ['a Beraternummer too small', withHeader(11, '999'), { row: 1, field: 'header field 11', message: 'Beraternummer must be 1001–9999999' }],
    ['an unquoted Bezeichnung', withHeader(17, 'Rechnungen'), { row: 1, field: 'header field 17', message: 'text field must be quoted' }],
    ['a period across two years', withHeader(16, '20270110'), { row: 1, field: 'header field 16', message: 'the period must lie inside the fiscal year that starts with WJ-Beginn' }],
    ['a character outside Windows-1252', withBooking(3, COL.buchungstext, '"Łódź"'), { row: 3, field: '', message: 'character "Ł" cannot be written in Windows-1252' }],
    ['a lone LF', good.replace('\r\n', '\n'), { row: 1, field: '', message: 'line ends in LF, expected CRLF' }],
  ])('%s', (_name, text, problem) => {
    expect(validateDatev(text, options)).toContainEqual(problem);
  });

  it('a good file has no problems', () => {
    expect(validateDatev(good, options)).toEqual([]);
  });
});
