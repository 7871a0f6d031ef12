import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { InvoiceBook } from './book';
import { openBookDb } from './db';
import { ExportLog } from './export/log';
import { invoiceKeyOf, searchKeysOf, type InvoiceRow } from './schema';
import { TMS } from '../../tests/support/book';

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
