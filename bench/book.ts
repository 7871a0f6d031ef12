/**
 * `npx tsx bench/book.ts`: the invoice book with 200,000 invoices, measured in Node on
 * fake-indexeddb. A proxy only: fake-indexeddb is a pure-JS IndexedDB (slower on cursors and
 * bulk reads than Chromium's, with no disk), so a FAIL here points to work worth checking in
 * the browser, and a PASS is no proof for it. `BOOK_BENCH_ROWS` changes the size.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { InvoiceBook } from '../utils/book/book';
import { openBookDb } from '../utils/book/db';
import { ExportLog } from '../utils/book/export/log';
import { DEFAULT_CSV_OPTIONS } from '../utils/book/export/csv';
import { defaultDatevOptions } from '../utils/book/export/datev';
import { bookRow, BOOK_TMS as TMS, newInvoiceInput } from '../sandbox/book-rows';
import { base64ToBytes, bytesToBase64 } from '../utils/base64';

const ROWS = Number(process.env.BOOK_BENCH_ROWS ?? 200_000);
const RUNS = 5;

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await time(fn)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main() {
  const db = openBookDb('bench-book', { indexedDB: new IDBFactory(), IDBKeyRange });
  const book = new InvoiceBook(db, { now: () => new Date('2027-01-15T10:00:00Z') });
  const seed = await time(async () => {
    for (let start = 0; start < ROWS; start += 5_000) {
      const batch = Array.from({ length: Math.min(5_000, ROWS - start) }, (_, k) => bookRow(start + k, ROWS));
      await db.transaction('rw', [db.invoices, db.orders, db.orderInvoices], async () => {
        await db.invoices.bulkAdd(batch.map((b) => b.invoice));
        await db.orders.bulkAdd(batch.map((b) => b.order));
        // As recordInvoice keeps it: the invoices of each order, read by key by isInvoiced.
        await db.orderInvoices.bulkAdd(batch.map((b) => ({ origin: b.order.origin, orderId: b.order.orderId, invoiceKeys: [b.order.invoiceKey] })));
      });
    }
  });
  console.info(`seeded ${ROWS} invoices in ${(seed.ms / 1000).toFixed(1)} s`);

  const results: Array<[string, number, number]> = [];
  results.push(['open the book: first 50 rows + count', await median(() => book.query({}, undefined, { offset: 0, limit: 50 })), 300]);
  results.push(['search an invoice number', await median(() => book.query({ search: 'RE-1234' })), 100]);
  results.push(['search an order number', await median(() => book.query({ search: 'A-0012345' })), 100]);
  results.push(['filter one customer (500 rows), sorted by gross', await median(() => book.query({ customerKey: 'lexware|c-7' }, { column: 'grossMinor', direction: 'desc' })), 100]);
  results.push(['filter one month (~5,500 rows)', await median(() => book.query({ from: '2025-03-01', to: '2025-03-31' })), 100]);
  results.push(['filter overdue', await median(() => book.query({ statuses: ['overdue'] })), 100]);
  // The page asks for the totals of every filtered row after its first rows (reported).
  results.push(['totals of one month (~5,500 rows)', await median(() => book.totals({ from: '2025-03-01', to: '2025-03-31' })), Infinity]);
  results.push(['totals of overdue', await median(() => book.totals({ statuses: ['overdue'] })), Infinity]);
  const orderIds = Array.from({ length: 300 }, (_, k) => `o-${(k * 613) % ROWS}`);
  results.push(['isInvoiced for 300 orders', await median(() => book.isInvoiced(TMS, orderIds)), 20]);
  let n = ROWS;
  results.push([
    'record one invoice',
    await median(() => book.recordInvoice(newInvoiceInput(n++, ROWS))),
    20,
  ]);
  const log = new ExportLog(db, book, { now: () => new Date('2027-01-15T10:00:00Z') });
  const settings = { csv: DEFAULT_CSV_OPTIONS, datev: defaultDatevOptions('SKR03') };
  // About 10,000 invoices: two months.
  const range = await time(() => log.exportRange('csv', '2025-05-01', '2025-06-30', settings));
  const count = range.value.kind === 'exported' ? range.value.entries.reduce((s, e) => s + e.recordCount, 0) : 0;
  results.push([`export ${count} invoices as CSV (validated, logged)`, range.ms, 2000]);
  // What the background's runBookExport adds: the file's bytes as base64 for the message to
  // the page; and the page's only work before the download, decoding them (a long task is > 50 ms).
  if (range.value.kind === 'exported') {
    const entries = range.value.entries;
    const encoded = await time(async () => Promise.all(entries.map(async (e) => bytesToBase64((await log.fileOf(e)).bytes))));
    results.push([`export ${count} invoices as CSV + bytes for the page (${encoded.ms.toFixed(0)} ms)`, range.ms + encoded.ms, 2000]);
    const decoded = await time(async () => encoded.value.map((b) => base64ToBytes(b)));
    const mb = encoded.value.reduce((sum, b) => sum + b.length, 0) / 2 ** 20;
    results.push([`page: decode the file for download (${mb.toFixed(1)} MB base64)`, decoded.ms, 50]);
  }
  const datev = await time(() => log.exportRange('datev', '2025-05-01', '2025-06-30', settings));
  results.push([`export ${count} invoices as DATEV (validated, logged)`, datev.ms, 2000]);
  if (datev.value.kind !== 'exported') console.info('DATEV export:', JSON.stringify(datev.value).slice(0, 400));

  console.info(`\nInvoice book, ${ROWS} invoices, Node ${process.version} on fake-indexeddb (a proxy; median of ${RUNS} where repeated)\n`);
  for (const [name, ms, budget] of results) console.info(`${budget === Infinity ? 'INFO' : ms <= budget ? 'PASS' : 'FAIL'}  ${name.padEnd(52)} ${ms.toFixed(1).padStart(8)} ms  ${budget === Infinity ? '(reported)' : `(≤ ${budget} ms)`}`);
  const found = await book.isInvoiced(TMS, orderIds);
  if (found.size === 0) throw new Error('isInvoiced found none of the seeded orders: the bench would measure nothing');
  db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
