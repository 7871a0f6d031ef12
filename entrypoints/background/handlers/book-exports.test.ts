/**
 * The exports' messages through the real protocol (validation both ways, sender checks), on a
 * book in fake-indexeddb. The downloaded bytes are parsed back and compared with the book.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handle, removeAllHandlers, request, type ResponseOf } from '@/utils/messaging';
import { contentScript, deliverMessagesFrom, extensionPage } from '@/tests/support/messaging';
import { freshBook, invoiceInput } from '@/tests/support/book';
import { base64ToBytes } from '@/utils/base64';
import { decodeCp1252 } from '@/utils/book/export/cp1252';
import { parseDelimited } from '@/utils/book/export/delimited';
import { defaultDatevOptions } from '@/utils/book/export/datev';
import { DEFAULT_CSV_OPTIONS } from '@/utils/book/export/csv';
import { readQuarantine } from '@/utils/storage';
import { exportSettingsItem } from '@/utils/book/export/settings';
import type { InvoiceBook } from '@/utils/book/book';
import { BOOK_DB_NAME } from '@/utils/book/db';
import { forgetInvoiceBook, invoiceBook } from '../services/book';
import { createBookExports, type BookExportDeps } from './book-exports';

const HOUR = 3_600_000;
type Ctx = ReturnType<typeof freshBook>;

function register(deps: BookExportDeps) {
  removeAllHandlers();
  const b = createBookExports(deps);
  handle('getExportSettings', () => b.getExportSettings());
  handle('saveExportSettings', (req) => b.saveExportSettings(req));
  handle('planBookExport', (req) => b.planBookExport(req));
  handle('runBookExport', (req) => b.runBookExport(req));
  handle('listBookExports', () => b.listBookExports());
  handle('previewBookExport', (req) => b.previewBookExport(req));
  handle('rerunBookExport', (req) => b.rerunBookExport(req));
  deliverMessagesFrom(extensionPage('book.html'));
}

let ctx: Ctx;
beforeEach(async () => {
  ctx = freshBook('2026-12-05T09:00:00.000Z');
  let id = 0;
  register({ book: () => Promise.resolve(ctx.book), now: () => ctx.clock.now, newId: () => `exp-${++id}` });
  for (const n of [1, 2, 3]) await ctx.book.recordInvoice(invoiceInput({ n, invoiceDate: `2026-11-0${n}`, customerName: n === 2 ? 'Nord; "Express" GmbH' : 'Spedition Müller GmbH' }));
});

function ok<T extends { ok: boolean }>(answer: T): Extract<T, { ok: true }> {
  if (!answer.ok) throw new Error(`refused: ${JSON.stringify(answer)}`);
  return answer as Extract<T, { ok: true }>;
}

type Outcome = Extract<ResponseOf<'runBookExport'>, { ok: true }>['outcome'];
function files(outcome: Outcome) {
  if (outcome.kind !== 'exported') throw new Error(`expected an export, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.files;
}

/** A CSV download as the spreadsheet reads it: UTF-8 with BOM, the rows without the heading. */
function csvTable(base64: string, separator = ';'): string[][] {
  const bytes = base64ToBytes(base64);
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const parsed = parseDelimited(new TextDecoder().decode(bytes.slice(3)), separator);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rows.map((r) => r.map((f) => f.value));
}

/** The recorded invoices as the default CSV columns should show them. */
async function expectedRows(book: InvoiceBook, keys: string[]): Promise<string[][]> {
  const rows = await Promise.all(keys.map((k) => book.get(k)));
  return rows.map((r) => {
    const [y, m, d] = r!.invoiceDate.split('-');
    const [dy, dm, dd] = r!.dueDate!.split('-');
    const money = (minor: number) => `${Math.trunc(minor / 100)},${String(minor % 100).padStart(2, '0')}`;
    return [r!.invoiceNumber!, `${d}.${m}.${y}`, `${dd}.${dm}.${dy}`, r!.customerName, r!.customerNumber!, r!.customerVatId!, money(r!.netMinor), money(r!.taxMinor), money(r!.grossMinor), r!.currency, r!.orderNumbers.join(', '), 'RE', ''];
  });
}

const run = async (req: Parameters<typeof request<'runBookExport'>>[1]) => ok(await request('runBookExport', req)).outcome;

describe('Export new documents', () => {
  it('shows the count first, exports them as a file whose rows are the recorded invoices, and logs it', async () => {
    expect(ok(await request('planBookExport', { format: 'csv' }))).toEqual({ ok: true, count: 3, previous: null });
    const [file] = files(await run({ mode: 'new', format: 'csv', ignoreRecent: false }));
    expect(file!.fileName).toBe('Rechnungen_neu_2026-12-05_100000.csv');
    expect(file!.mimeType).toBe('text/csv;charset=utf-8');
    const [heading, ...rows] = csvTable(file!.base64);
    expect(heading![0]).toBe('Rechnungsnummer');
    expect(rows).toEqual(await expectedRows(ctx.book, ['lexware|lx-1', 'lexware|lx-2', 'lexware|lx-3']));
    expect(rows[1]![3]).toBe('Nord; "Express" GmbH');

    expect(ok(await request('listBookExports', undefined)).entries).toEqual([
      { id: 'exp-1', fileName: file!.fileName, createdAt: '2026-12-05T09:00:00.000Z', format: 'csv', mode: 'new', range: null, recordCount: 3, replaced: false, rerunOf: null },
    ]);
  });

  it('within 24 hours names the previous export; "Export what is new" then writes only the new one', async () => {
    files(await run({ mode: 'new', format: 'csv', ignoreRecent: false }));
    ctx.clock.advance(2 * HOUR);
    await ctx.book.recordInvoice(invoiceInput({ n: 4, invoiceDate: '2026-12-05' }));
    const plan = ok(await request('planBookExport', { format: 'csv' }));
    expect(plan.count).toBe(1);
    expect(plan.previous).toMatchObject({ id: 'exp-1', recordCount: 3, createdAt: '2026-12-05T09:00:00.000Z' });

    expect(await run({ mode: 'new', format: 'csv', ignoreRecent: false })).toMatchObject({ kind: 'recent', count: 1, previous: { id: 'exp-1' } });
    const [file] = files(await run({ mode: 'new', format: 'csv', ignoreRecent: true }));
    expect(csvTable(file!.base64).slice(1)).toEqual(await expectedRows(ctx.book, ['lexware|lx-4']));
    expect(ok(await request('listBookExports', undefined)).entries.map((e) => e.recordCount)).toEqual([1, 3]);
  });

  it('says when there is nothing new', async () => {
    files(await run({ mode: 'new', format: 'csv', ignoreRecent: false }));
    ctx.clock.advance(25 * HOUR);
    expect(await run({ mode: 'new', format: 'csv', ignoreRecent: false })).toEqual({ kind: 'nothing' });
  });
});

describe('Export range', () => {
  it('exports the invoices dated in the range and refuses a range that ends before it starts', async () => {
    const [file] = files(await run({ mode: 'range', format: 'csv', from: '2026-11-02', to: '2026-11-30' }));
    expect(csvTable(file!.base64).slice(1)).toEqual(await expectedRows(ctx.book, ['lexware|lx-2', 'lexware|lx-3']));
    expect(ok(await request('listBookExports', undefined)).entries[0]).toMatchObject({ mode: 'range', range: { from: '2026-11-02', to: '2026-11-30' }, recordCount: 2 });
    expect(await request('runBookExport', { mode: 'range', format: 'csv', from: '2026-11-30', to: '2026-11-02' })).toMatchObject({ ok: false, error: { code: 'export-range-order' } });
  });

  it('uses the saved CSV columns, separator and heading language', async () => {
    ok(await request('saveExportSettings', { settings: { csv: { columns: ['invoiceNumber', 'customerName', 'gross'], separator: ',', language: 'en', guardFormulas: true }, datev: defaultDatevOptions('SKR03') } }));
    const [file] = files(await run({ mode: 'range', format: 'csv', from: '2026-11-01', to: '2026-11-02' }));
    expect(csvTable(file!.base64, ',')).toEqual([
      ['Invoice number', 'Debtor', 'Gross'],
      ['RE-1001', 'Spedition Müller GmbH', '1190,00'],
      ['RE-1002', 'Nord; "Express" GmbH', '1190,00'],
    ]);
  });
});

describe('Re-run and preview', () => {
  it('re-runs the same bytes, logs the re-run and marks the original "Replaced"', async () => {
    const [first] = files(await run({ mode: 'new', format: 'csv', ignoreRecent: false }));
    ctx.clock.advance(HOUR);
    const again = ok(await request('rerunBookExport', { id: 'exp-1' }));
    expect(again.file).toEqual(first);
    expect(again.entry).toMatchObject({ id: 'exp-2', mode: 'rerun', rerunOf: 'exp-1', replaced: false });
    const entries = ok(await request('listBookExports', undefined)).entries;
    expect(entries.map((e) => [e.id, e.replaced])).toEqual([
      ['exp-2', false],
      ['exp-1', true],
    ]);
    expect(await request('rerunBookExport', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'export-not-found' } });
  });

  it('previews a file as a table of its rows', async () => {
    files(await run({ mode: 'new', format: 'csv', ignoreRecent: false }));
    const preview = ok(await request('previewBookExport', { id: 'exp-1' }));
    expect(preview.fileName).toBe('Rechnungen_neu_2026-12-05_100000.csv');
    expect(preview.headings.slice(0, 4)).toEqual(['Rechnungsnummer', 'Rechnungsdatum', 'Fälligkeit', 'Debitor']);
    expect(preview.total).toBe(3);
    expect(preview.rows.map((r) => r[0])).toEqual(['RE-1001', 'RE-1002', 'RE-1003']);
    expect(await request('previewBookExport', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'export-not-found' } });
  });
});

describe('DATEV', () => {
  it('waits for saved DATEV settings, then writes Windows-1252 bookings on the chosen accounts', async () => {
    expect(await request('runBookExport', { mode: 'new', format: 'datev', ignoreRecent: false })).toMatchObject({ ok: false, error: { code: 'datev-not-set-up' } });
    const datev = { ...defaultDatevOptions('SKR04'), beraterNummer: 4711, mandantenNummer: 12345 };
    ok(await request('saveExportSettings', { settings: { csv: DEFAULT_CSV_OPTIONS, datev } }));
    expect(await request('getExportSettings', undefined)).toEqual({ settings: { csv: DEFAULT_CSV_OPTIONS, datev }, datevSaved: true });

    const [file] = files(await run({ mode: 'new', format: 'datev', ignoreRecent: false }));
    expect(file!.mimeType).toBe('text/csv;charset=windows-1252');
    const bytes = base64ToBytes(file!.base64);
    expect(bytes.includes(0xfc)).toBe(true); // ü as one byte
    const parsed = parseDelimited(decodeCp1252(bytes), ';');
    if (!parsed.ok) throw new Error(parsed.message);
    const [header, , ...bookings] = parsed.rows.map((r) => r.map((f) => f.value));
    expect([header![10], header![11], header![26]]).toEqual(['4711', '12345', '04']);
    expect(bookings.map((b) => [b[0], b[6], b[7], b[10]])).toEqual([
      ['1190,00', '10001', '4400', 'RE-1001'],
      ['1190,00', '10001', '4400', 'RE-1002'],
      ['1190,00', '10001', '4400', 'RE-1003'],
    ]);
  });

  it('a file that fails its check is not written: the answer names row and field', async () => {
    ok(await request('saveExportSettings', { settings: { csv: DEFAULT_CSV_OPTIONS, datev: defaultDatevOptions('SKR03') } }));
    await ctx.book.recordInvoice(invoiceInput({ n: 4, invoiceDate: '2026-11-04', currency: 'USD' }));
    const outcome = await run({ mode: 'range', format: 'datev', from: '2026-11-01', to: '2026-11-30' });
    expect(outcome).toEqual({ kind: 'invalid', problems: [{ row: 6, field: 'WKZ Umsatz', message: 'RE-1004: DATEV export takes EUR only, this document is in USD' }] });
    expect(ok(await request('listBookExports', undefined)).entries).toEqual([]);
  });
});

describe('Export settings', () => {
  it('start with the CSV defaults and no DATEV settings of the user', async () => {
    expect(await request('getExportSettings', undefined)).toEqual({ settings: { csv: DEFAULT_CSV_OPTIONS, datev: defaultDatevOptions('SKR03') }, datevSaved: false });
  });

  it('refuse invalid values naming the field, and keep what was saved', async () => {
    const saved = { csv: DEFAULT_CSV_OPTIONS, datev: { ...defaultDatevOptions('SKR03'), beraterNummer: 4711 } };
    ok(await request('saveExportSettings', { settings: saved }));
    const wrong = { ...saved, datev: { ...saved.datev, revenueAccounts: { ...saved.datev.revenueAccounts, domestic: '84000' } } };
    expect(await request('saveExportSettings', { settings: wrong })).toMatchObject({ ok: false, error: { code: 'invalid-export-settings', fields: [{ field: 'datev.revenueAccounts', key: 'invalid' }] } });
    expect(await request('saveExportSettings', { settings: { ...saved, csv: { ...saved.csv, columns: [] } } })).toMatchObject({ ok: false, error: { fields: [{ field: 'csv.columns' }] } });
    expect((await request('getExportSettings', undefined)).settings.datev.beraterNummer).toBe(4711);
  });

  it('a stored value that cannot be read is kept in the quarantine, not overwritten by defaults', async () => {
    const damaged = { csv: { columns: ['invoiceNumber'], separator: '|', language: 'de', guardFormulas: true }, datev: null };
    await fakeBrowser.storage.local.set({ exportSettings: damaged });
    expect((await request('getExportSettings', undefined)).settings.csv.separator).toBe(';');
    expect(await readQuarantine()).toMatchObject([{ key: 'local:exportSettings', path: ['csv'], raw: damaged.csv }]);
    expect(await exportSettingsItem.get()).toMatchObject({ datev: null });
  });
});

describe('Who may ask', () => {
  it('a TMS page (content script) is refused every export message', async () => {
    deliverMessagesFrom(contentScript());
    await expect(request('listBookExports', undefined)).rejects.toThrow(/not for pages|Refused/);
    await expect(request('runBookExport', { mode: 'new', format: 'csv', ignoreRecent: true })).rejects.toThrow(/Refused/);
  });
});

describe('The background book', () => {
  afterEach(async () => {
    (await invoiceBook()).db.close();
    forgetInvoiceBook();
    await Dexie.delete(BOOK_DB_NAME);
  });

  it('exports from the one book of the background (IndexedDB through fake-indexeddb/auto)', async () => {
    register({ book: invoiceBook });
    const book = await invoiceBook();
    await book.recordInvoice(invoiceInput({ n: 7 }));
    expect(ok(await request('planBookExport', { format: 'csv' })).count).toBe(1);
    const [file] = files(await run({ mode: 'new', format: 'csv', ignoreRecent: false }));
    expect(csvTable(file!.base64).slice(1)).toEqual(await expectedRows(book, ['lexware|lx-7']));
  });
});
