import { describe, expect, it } from 'vitest';
import { ExportLog, type ExportOutcome, type ExportSettings } from './log';
import { DEFAULT_CSV_OPTIONS } from './csv';
import { defaultDatevOptions } from './datev';
import { decodeCp1252 } from './cp1252';
import { parseDelimited } from './delimited';
import type { ExportLogEntry } from '../schema';
import { freshBook, invoiceInput } from '../../../tests/support/book';

const settings: ExportSettings = { csv: { ...DEFAULT_CSV_OPTIONS, columns: ['invoiceNumber', 'gross', 'documentType', 'reference'] }, datev: defaultDatevOptions('SKR03') };
const HOUR = 3_600_000;

async function setup() {
  const ctx = freshBook('2026-12-05T09:00:00.000Z');
  let id = 0;
  const log = new ExportLog(ctx.db, ctx.book, { now: () => ctx.clock.now, newId: () => `exp-${++id}` });
  for (const n of [1, 2, 3]) await ctx.book.recordInvoice(invoiceInput({ n, invoiceDate: `2026-11-0${n}` }));
  return { ...ctx, log };
}

function exported(outcome: ExportOutcome): ExportLogEntry[] {
  if (outcome.kind !== 'exported') throw new Error(`expected an export, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.entries;
}

/** The CSV rows of an export, parsed back (without the heading). */
async function csvRows(log: ExportLog, entry: ExportLogEntry): Promise<string[][]> {
  const parsed = parseDelimited((await log.contentOf(entry)).replace(/^\uFEFF/, ''), ';');
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rows.slice(1).map((r) => r.map((f) => f.value));
}

describe('export new documents', () => {
  it('exports everything the first time, logs it and then has nothing new', async () => {
    const { log, clock } = await setup();
    expect(await log.planNew('csv')).toEqual({ count: 3, previous: null });
    const [entry] = exported(await log.exportNew('csv', settings));
    expect(await csvRows(log, entry!)).toEqual([
      ['RE-1001', '1190,00', 'RE', ''],
      ['RE-1002', '1190,00', 'RE', ''],
      ['RE-1003', '1190,00', 'RE', ''],
    ]);
    expect(await log.list()).toEqual([
      { id: 'exp-1', fileName: 'Rechnungen_neu_2026-12-05_100000.csv', createdAt: '2026-12-05T09:00:00.000Z', format: 'csv', mode: 'new', range: null, recordCount: 3, replaced: false, rerunOf: null },
    ]);
    clock.advance(25 * HOUR);
    expect(await log.planNew('csv')).toEqual({ count: 0, previous: null });
    expect(await log.exportNew('csv', settings)).toEqual({ kind: 'nothing' });
    // Another format keeps its own "new".
    expect((await log.planNew('datev')).count).toBe(3);
  });

  it('within 24 hours shows the previous export and asks; exporting what is new then works', async () => {
    const { log, book, clock } = await setup();
    exported(await log.exportNew('csv', settings));
    clock.advance(2 * HOUR);
    await book.recordInvoice(invoiceInput({ n: 4, invoiceDate: '2026-12-05' }));
    const plan = await log.planNew('csv');
    expect(plan.count).toBe(1);
    expect(plan.previous?.id).toBe('exp-1');
    const outcome = await log.exportNew('csv', settings);
    expect(outcome).toMatchObject({ kind: 'recent', count: 1, previous: { id: 'exp-1', recordCount: 3 } });
    expect((await log.list()).length).toBe(1);
    const [entry] = exported(await log.exportNew('csv', settings, { ignoreRecent: true }));
    expect(await csvRows(log, entry!)).toEqual([['RE-1004', '1190,00', 'RE', '']]);
  });

  it('a payment alone is no new document; a corrected invoice comes back as reversal and new version', async () => {
    const { log, book, clock } = await setup();
    const [first] = exported(await log.exportNew('csv', settings));
    clock.advance(25 * HOUR);
    await book.updatePayment('lexware|lx-1', { status: 'paid', paidMinor: 119_000, paidDate: '2026-12-01' });
    expect((await log.planNew('csv')).count).toBe(0);
    await book.recordInvoice(invoiceInput({ n: 2, invoiceDate: '2026-11-02', netMinor: 90_000, taxMinor: 17_100, grossMinor: 107_100, orders: [] }));
    const [entry] = exported(await log.exportNew('csv', settings));
    expect(await csvRows(log, entry!)).toEqual([
      ['RE-1002', '-1190,00', 'ST', 'RE-1002'],
      ['RE-1002', '1071,00', 'RE', ''],
    ]);
    // The old file is untouched.
    expect((await log.preview(first!.id)).rows).toEqual(await csvRows(log, first!));
    expect((await log.preview(first!.id)).rows[1]).toEqual(['RE-1002', '1190,00', 'RE', '']);
  });

  it('a cancelled invoice is reversed; one cancelled by a credit note appears through the credit note', async () => {
    const { log, book, clock } = await setup();
    exported(await log.exportNew('csv', settings));
    clock.advance(25 * HOUR);
    await book.updatePayment('lexware|lx-1', { status: 'cancelled', paidMinor: 0, paidDate: null });
    await book.recordInvoice(invoiceInput({ invoiceId: 'cn-3', invoiceNumber: 'GS-3', documentType: 'creditNote', correctionOf: 'lexware|lx-3', invoiceDate: '2026-12-06', orders: [] }));
    await book.updatePayment('lexware|lx-3', { status: 'cancelled', paidMinor: 0, paidDate: null });
    const [entry] = exported(await log.exportNew('csv', settings));
    expect(await csvRows(log, entry!)).toEqual([
      ['RE-1001', '-1190,00', 'ST', 'RE-1001'],
      ['GS-3', '-1190,00', 'GS', 'RE-1003'],
    ]);
    clock.advance(25 * HOUR);
    expect(await log.planNew('csv')).toEqual({ count: 0, previous: null });
  });

  it('leaves drafts out and never exports an invoice voided before it was exported', async () => {
    const { log, book } = await setup();
    await book.updatePayment('lexware|lx-1', { status: 'draft', paidMinor: 0, paidDate: null });
    await book.updatePayment('lexware|lx-2', { status: 'cancelled', paidMinor: 0, paidDate: null });
    const [entry] = exported(await log.exportNew('csv', settings));
    expect((await csvRows(log, entry!)).map((r) => r[0])).toEqual(['RE-1003']);
  });
});

describe('export range', () => {
  it('exports the documents of the period as they stand and counts them as exported for "new"', async () => {
    const { log, book } = await setup();
    await book.recordInvoice(invoiceInput({ n: 4, invoiceDate: '2026-12-02' }));
    const [entry] = exported(await log.exportRange('csv', '2026-11-02', '2026-11-30', settings));
    expect(entry).toMatchObject({ mode: 'range', range: { from: '2026-11-02', to: '2026-11-30' }, recordCount: 2, fileName: 'Rechnungen_2026-11-02_2026-11-30_2026-12-05_100000.csv' });
    expect((await csvRows(log, entry!)).map((r) => r[0])).toEqual(['RE-1002', 'RE-1003']);
    expect((await log.planNew('csv')).count).toBe(2);
    expect(await log.exportRange('csv', '2025-01-01', '2025-12-31', settings)).toEqual({ kind: 'nothing' });
  });
});

describe('re-run, preview and the file', () => {
  it('re-runs the same file, marks the original "Replaced?" and counts for the 24-hour warning', async () => {
    const { log, clock } = await setup();
    const [first] = exported(await log.exportNew('csv', settings));
    clock.advance(30 * HOUR);
    const [again] = exported(await log.rerun(first!.id));
    expect(again).toMatchObject({ id: 'exp-2', mode: 'rerun', rerunOf: 'exp-1', fileName: first!.fileName, fileId: first!.fileId, recordCount: 3 });
    expect((await log.list()).map((r) => [r.id, r.mode, r.replaced])).toEqual([
      ['exp-2', 'rerun', false],
      ['exp-1', 'new', true],
    ]);
    expect((await log.planNew('csv')).previous?.id).toBe('exp-2');
    expect((await log.fileOf(again!)).bytes).toEqual((await log.fileOf(first!)).bytes);
  });

  it('previews a CSV file and a DATEV file as tables', async () => {
    const { log } = await setup();
    const [csv] = exported(await log.exportNew('csv', settings));
    expect(await log.preview(csv!.id, 2)).toEqual({
      headings: ['Rechnungsnummer', 'Brutto', 'Belegart', 'Bezug'],
      rows: [
        ['RE-1001', '1190,00', 'RE', ''],
        ['RE-1002', '1190,00', 'RE', ''],
      ],
      total: 3,
    });
    const [datev] = exported(await log.exportNew('datev', settings));
    const preview = await log.preview(datev!.id);
    expect(preview.headings).toEqual(['Umsatz (ohne Soll/Haben-Kz)', 'Soll/Haben-Kennzeichen', 'WKZ Umsatz', 'Konto', 'Gegenkonto (ohne BU-Schlüssel)', 'Belegdatum', 'Belegfeld 1', 'Buchungstext', 'Auftragsnummer', 'Fälligkeit', 'Generalumkehr']);
    expect(preview.rows[0]).toEqual(['1190,00', 'S', 'EUR', '10001', '8400', '0111', 'RE-1001', 'Rechnung RE-1001 Spedition Müller GmbH', 'A-0001', '24112026', '0']);
  });

  it('hands out CSV as UTF-8 with BOM and DATEV in Windows-1252', async () => {
    const { log } = await setup();
    const [csv] = exported(await log.exportNew('csv', settings));
    const csvFile = await log.fileOf(csv!);
    expect([...csvFile.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvFile.mimeType).toBe('text/csv;charset=utf-8');
    const [datev] = exported(await log.exportNew('datev', settings));
    const datevFile = await log.fileOf(datev!);
    expect(datevFile.fileName).toBe('EXTF_Buchungsstapel_20261101-20261103_20261205100000.csv');
    expect(decodeCp1252(datevFile.bytes)).toBe(await log.contentOf(datev!));
    expect(datevFile.bytes.includes(0xfc)).toBe(true);
  });
});

describe('DATEV exports', () => {
  it('splits documents of two fiscal years into one file each', async () => {
    const { log, book } = await setup();
    await book.recordInvoice(invoiceInput({ n: 4, invoiceDate: '2027-01-04' }));
    const entries = exported(await log.exportNew('datev', settings));
    expect(entries.map((e) => [e.fileName, e.recordCount])).toEqual([
      ['EXTF_Buchungsstapel_20261101-20261103_20261205100000.csv', 3],
      ['EXTF_Buchungsstapel_20270104-20270104_20261205100000.csv', 1],
    ]);
  });

  it('refuses a file that fails its check, naming row and field, and logs nothing', async () => {
    const { log, book, db } = await setup();
    await book.recordInvoice(invoiceInput({ n: 2, invoiceNumber: 'RE_2026_2', invoiceDate: '2026-11-02', orders: [] }));
    expect(await log.exportNew('datev', settings)).toEqual({
      kind: 'invalid',
      problems: [{ row: 4, field: 'Belegfeld 1', message: '"RE_2026_2" must be 1–36 characters of A–Z a–z 0–9 $ & % * + - /' }],
    });
    expect(await log.list()).toEqual([]);
    expect(await db.exportMarks.count()).toBe(0);
    expect(await db.exportSnapshots.count()).toBe(0);
  });
});

describe('the export marks', () => {
  it('keep the exported versions only while a mark points to them', async () => {
    const { log, book, db, clock } = await setup();
    exported(await log.exportRange('csv', '2026-11-01', '2026-11-30', settings));
    exported(await log.exportRange('csv', '2026-11-01', '2026-11-30', settings));
    // Every invoice points to the second range export now: the first one's versions are dropped.
    expect(await db.exportSnapshots.where('format').equals('csv').primaryKeys()).toEqual(['exp-2']);
    clock.advance(25 * HOUR);
    await book.recordInvoice(invoiceInput({ n: 1, invoiceDate: '2026-11-01', netMinor: 90_000, taxMinor: 17_100, grossMinor: 107_100, orders: [] }));
    const [entry] = exported(await log.exportNew('csv', settings));
    expect(await csvRows(log, entry!)).toEqual([
      ['RE-1001', '-1190,00', 'ST', 'RE-1001'],
      ['RE-1001', '1071,00', 'RE', ''],
    ]);
    expect((await db.exportSnapshots.where('format').equals('csv').primaryKeys()).sort()).toEqual(['exp-2', 'exp-3']);
  });
});
