import { describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { InvoiceBook } from './book';
import { openBookDb } from './db';
import { ExportLog, type ExportSettings } from './export/log';
import { DEFAULT_CSV_OPTIONS } from './export/csv';
import { defaultDatevOptions } from './export/datev';
import { parseDelimited } from './export/delimited';
import { invoiceKeyOf, searchKeysOf, type InvoiceRow } from './schema';
import { TMS, invoiceInput } from '../../tests/support/book';

function invoice(n: number, over: Partial<InvoiceRow> = {}): InvoiceRow {
  const row: InvoiceRow = {
    key: invoiceKeyOf('lexware', `lx-${n}`),
    provider: 'lexware',
    invoiceId: `lx-${n}`,
    invoiceNumber: `RE-${1000 + n}`,
    documentType: 'invoice',
    invoiceDate: `2026-11-0${n}`,
    dueDate: `2026-11-2${n}`,
    customerKey: 'lexware|c-1',
    customerName: 'Spedition Müller GmbH',
    customerNumber: '10001',
    customerVatId: null,
    currency: 'EUR',
    netMinor: 100_000,
    taxMinor: 19_000,
    grossMinor: 119_000,
    taxCase: 'domestic',
    eInvoiceProfile: null,
    status: 'open',
    paidMinor: 0,
    paidDate: null,
    deepLink: `https://app.lexware.de/permalink/invoices/view/lx-${n}`,
    origin: TMS,
    orderNumbers: [`A-000${n}`],
    searchKeys: [],
    createdBy: 'frachtbeleg',
    correctionOf: null,
    correctedBy: [],
    createdAt: '2026-11-10T09:00:00.000Z',
    updatedAt: '2026-11-10T09:00:00.000Z',
    documentChangedAt: '2026-11-10T09:00:00.000Z',
    ...over,
  };
  return { ...row, searchKeys: searchKeysOf(row) };
}

/** A book as version 1 of the schema left it: the export log holding its files, no orderInvoices. */
async function versionOneBook(name: string, indexedDB: IDBFactory) {
  const old = new Dexie(name, { indexedDB, IDBKeyRange });
  old.version(1).stores({
    invoices: 'key, invoiceNumber, customerKey, invoiceDate, status, [status+dueDate], provider, documentChangedAt, *searchKeys',
    orders: '[origin+orderId+invoiceKey], [origin+orderId], invoiceKey, orderNumber',
    exportLog: 'id, [format+createdAt], createdAt',
    exported: 'key, exportId',
    rejected: '++id, source',
    meta: 'key',
  });
  await old.table('invoices').bulkAdd([invoice(1), invoice(2, { status: 'paid', paidMinor: 119_000, paidDate: '2026-11-20' }), invoice(3)]);
  const link = (orderId: string, n: number) => ({ origin: TMS, orderId, orderNumber: `A-000${n}`, invoiceKey: invoiceKeyOf('lexware', `lx-${n}`), netMinor: null, jobId: null, recordedAt: '2026-11-10T09:00:00.000Z' });
  // o-3 was invoiced twice (lx-3 newer in the list of links, both stand).
  await old.table('orders').bulkAdd([link('o-1', 1), link('o-2', 2), link('o-3', 3), { ...link('o-3', 1) }]);
  const content = '\uFEFFRechnungsnummer;Brutto\r\nRE-1001;1190,00\r\n';
  await old.table('exportLog').bulkAdd([
    { id: 'exp-1', format: 'csv', mode: 'new', range: null, fileName: 'Rechnungen_neu_2026-11-11_100000.csv', createdAt: '2026-11-11T09:00:00.000Z', recordCount: 1, content, items: [{ kind: 'document', invoiceKey: 'lexware|lx-1', snapshot: invoice(1), reference: null }], rerunOf: null, replacedBy: null },
    // Damaged by hand in the devtools: moved all the same, then set aside when read.
    { id: 'exp-2', format: 'csv', mode: 'new', range: null, fileName: '', createdAt: 'yesterday', recordCount: 1, content: 'x', items: [], rerunOf: null, replacedBy: null },
  ]);
  old.close();
  return content;
}

describe('the book upgrade from version 1 to 2', () => {
  it('keeps every invoice, order and export, moves the files apart and answers "is this order invoiced?" from the new table', async () => {
    const indexedDB = new IDBFactory();
    const content = await versionOneBook('upgrade-1', indexedDB);
    const db = openBookDb('upgrade-1', { indexedDB, IDBKeyRange });
    const book = new InvoiceBook(db, { now: () => new Date('2026-12-05T09:00:00.000Z') });
    expect(await db.invoices.count()).toBe(3);
    expect(await db.orders.count()).toBe(4);
    expect((await db.orderInvoices.get([TMS, 'o-3']))?.invoiceKeys.sort()).toEqual(['lexware|lx-1', 'lexware|lx-3']);
    const answer = await book.isInvoiced(TMS, ['o-1', 'o-2', 'o-3', 'o-9']);
    expect([...answer.keys()].sort()).toEqual(['o-1', 'o-2', 'o-3']);
    expect(answer.get('o-2')).toMatchObject({ invoiceNumber: 'RE-1002', status: 'paid' });

    const log = new ExportLog(db, book, { now: () => new Date('2026-12-05T09:00:00.000Z') });
    expect(await db.exportFiles.count()).toBe(2);
    expect(await log.list()).toEqual([
      { id: 'exp-1', fileName: 'Rechnungen_neu_2026-11-11_100000.csv', createdAt: '2026-11-11T09:00:00.000Z', format: 'csv', mode: 'new', range: null, recordCount: 1, replaced: false, rerunOf: null },
    ]);
    // The damaged line is set aside with its fields, not lost.
    expect(await db.rejected.where('source').equals('exportLog').count()).toBe(1);
    const entry = (await log.entry('exp-1'))!;
    expect(await log.contentOf(entry)).toBe(content);
    expect((await db.exportFiles.get('exp-1'))?.items).toHaveLength(1);
    expect(await log.preview('exp-1')).toEqual({ headings: ['Rechnungsnummer', 'Brutto'], rows: [['RE-1001', '1190,00']], total: 1 });
    db.close();
  });
});

describe('"is this order invoiced?" after recording', () => {
  it('follows new invoices, cancellations and the newest invoice of an order', async () => {
    const db = openBookDb('isinvoiced-1', { indexedDB: new IDBFactory(), IDBKeyRange });
    const clock = { now: new Date('2026-12-05T09:00:00.000Z') };
    const book = new InvoiceBook(db, { now: () => clock.now });
    const { key: _k, orderNumbers: _o, searchKeys: _s, createdAt: _c, updatedAt: _u, documentChangedAt: _d, correctedBy: _b, status: _st, paidMinor: _p, paidDate: _pd, ...fields } = invoice(1);
    await book.recordInvoice({ ...fields, orders: [{ orderId: 'o-1', orderNumber: 'A-0001' }, { orderId: 'o-2', orderNumber: 'A-0002' }] });
    clock.now = new Date('2026-12-06T09:00:00.000Z');
    await book.recordInvoice({ ...fields, invoiceId: 'lx-2', invoiceNumber: 'RE-1002', orders: [{ orderId: 'o-2', orderNumber: 'A-0002' }] });
    let answer = await book.isInvoiced(TMS, ['o-1', 'o-2', 'o-3']);
    expect([...answer.entries()].map(([id, a]) => [id, a.invoiceNumber])).toEqual([
      ['o-1', 'RE-1001'],
      ['o-2', 'RE-1002'],
    ]);
    await book.updatePayment('lexware|lx-1', { status: 'cancelled', paidMinor: 0, paidDate: null });
    answer = await book.isInvoiced(TMS, ['o-1', 'o-2']);
    expect([...answer.keys()]).toEqual(['o-2']);
    db.close();
  });
});

/** A book as version 2 left it: one export mark per invoice and format, with the version exported. */
async function versionTwoBook(name: string, indexedDB: IDBFactory) {
  const old = new Dexie(name, { indexedDB, IDBKeyRange });
  old.version(2).stores({
    invoices: 'key, invoiceNumber, customerKey, invoiceDate, status, [status+dueDate], [status+invoiceDate], provider, documentChangedAt, *searchKeys',
    orders: '[origin+orderId+invoiceKey], [origin+orderId], invoiceKey, orderNumber',
    exportLog: 'id, [format+createdAt], createdAt',
    exported: 'key, exportId',
    rejected: '++id, source',
    meta: 'key',
    exportFiles: 'id',
    orderInvoices: '[origin+orderId]',
  });
  // lx-2 was corrected after its export (new amounts, a later documentChangedAt); lx-3 was never exported.
  const changed = invoice(2, { netMinor: 90_000, taxMinor: 17_100, grossMinor: 107_100, documentChangedAt: '2026-11-15T09:00:00.000Z' });
  await old.table('invoices').bulkAdd([invoice(1), changed, invoice(3)]);
  const mark = (format: string, row: InvoiceRow, exportId: string) => ({ key: `${format}|${row.key}`, format, invoiceKey: row.key, exportId, snapshot: row, at: '2026-11-11T09:00:00.000Z' });
  await old.table('exported').bulkAdd([
    mark('csv', invoice(1), 'exp-1'),
    mark('csv', invoice(2), 'exp-1'),
    mark('datev', invoice(1), 'exp-2'),
    // A reversal took lx-3 back out of the DATEV books: exported again as a document.
    { ...mark('datev', invoice(3), 'exp-2'), snapshot: null },
    // Damaged by hand: the DATEV export of lx-9 stops as it did before.
    { ...mark('datev', invoice(9), 'exp-2'), exportId: '' },
    // Not even its key is readable: kept in `rejected`.
    { key: 42, format: 'csv' },
  ]);
  old.close();
  return old;
}

const exportSettings: ExportSettings = { csv: { ...DEFAULT_CSV_OPTIONS, columns: ['invoiceNumber', 'gross', 'documentType', 'reference'] }, datev: defaultDatevOptions('SKR03') };

describe('the book upgrade from version 2 to 3', () => {
  it('keeps every export mark: "new since the last export" and the reversal of a corrected invoice answer as before', async () => {
    const indexedDB = new IDBFactory();
    await versionTwoBook('upgrade-2', indexedDB);
    const db = openBookDb('upgrade-2', { indexedDB, IDBKeyRange });
    const clock = { now: new Date('2026-12-05T09:00:00.000Z') };
    const book = new InvoiceBook(db, { now: () => clock.now });
    let id = 0;
    const log = new ExportLog(db, book, { now: () => clock.now, newId: () => `exp-new-${++id}` });
    expect(db.tables.map((t) => t.name)).not.toContain('exported');
    expect((await db.exportMarks.get('csv'))?.invoiceKeys).toEqual(['lexware|lx-1', 'lexware|lx-2']);
    expect(await db.rejected.where('source').equals('exported').toArray()).toMatchObject([{ raw: { key: 42, format: 'csv' } }]);

    // lx-1 unchanged, lx-2 reversed and exported again, lx-3 new.
    expect(await log.planNew('csv')).toEqual({ count: 3, previous: null });
    const outcome = await log.exportNew('csv', exportSettings);
    if (outcome.kind !== 'exported') throw new Error(outcome.kind);
    const parsed = parseDelimited((await log.contentOf(outcome.entries[0]!)).replace(/^\uFEFF/, ''), ';');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.rows.slice(1).map((r) => r.map((f) => f.value))).toEqual([
      ['RE-1002', '-1190,00', 'ST', 'RE-1002'],
      ['RE-1002', '1071,00', 'RE', ''],
      ['RE-1003', '1190,00', 'RE', ''],
    ]);
    clock.now = new Date('2026-12-06T10:00:00.000Z');
    expect(await log.planNew('csv')).toEqual({ count: 0, previous: null });
    // lx-1's mark still points to the old export's versions, so they are kept beside the new ones.
    expect(await db.exportSnapshots.where('format').equals('csv').primaryKeys()).toEqual(['exp-1', 'exp-new-1']);

    // DATEV: lx-1 unchanged, lx-2 never in a DATEV file, lx-3 reversed before (a document again) …
    await expect(log.planNew('datev')).resolves.toEqual({ count: 2, previous: null });
    // … and a damaged mark still stops the export that needs it.
    await book.recordInvoice(invoiceInput({ invoiceId: 'lx-9', invoiceNumber: 'RE-1009', invoiceDate: '2026-11-09', orders: [] }));
    await expect(log.planNew('datev')).rejects.toThrow(/export marks are damaged \(exportId: /);
    db.close();
  });

  it('a failed upgrade leaves version 2 with every mark', async () => {
    const indexedDB = new IDBFactory();
    const old = await versionTwoBook('upgrade-2-fails', indexedDB);
    const put = IDBObjectStore.prototype.put;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'exportMarks') throw new DOMException('disk full', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const db = openBookDb('upgrade-2-fails', { indexedDB, IDBKeyRange });
    await expect(db.open()).rejects.toThrow();
    db.close();
    spy.mockRestore();
    await old.open();
    expect(old.verno).toBe(2);
    expect(await old.table('exported').count()).toBe(6);
    old.close();
  });
});
