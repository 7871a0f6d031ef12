/**
 * Figure 11 of `npm run bench`: the invoice book with 200,000 invoices in Chromium's own
 * IndexedDB, measured where the work happens. The book's operations are timed inside the
 * extension's service worker (the sandbox build's bench hooks, sandbox-bench.ts), so the
 * DevTools round trip is not counted; opening the book is timed in the page, from navigation
 * to the first invoice row on screen, as the user sees it.
 */
import type { BrowserContext, Worker } from '@playwright/test';
import { DEFAULT_CSV_OPTIONS } from '../utils/book/export/csv';
import { defaultDatevOptions } from '../utils/book/export/datev';
import type { BookFilter, BookSort } from '../utils/book/query';
import type { ExportSettings } from '../utils/book/export/log';
import type { BenchHooks } from '../entrypoints/background/sandbox-bench';
import { BOOK_TMS, newInvoiceInput } from '../sandbox/book-rows';
import { median } from './stats';

export const BOOK_ROWS = Number(process.env.BOOK_BENCH_ROWS ?? 200_000);
const SEED_BATCH = 5_000;

/** The budgets (ms). */
export const BOOK_BUDGET = { open: 300, filter: 100, isInvoiced: 20, record: 20, export: 2000 } as const;

export interface BookFigure {
  name: string;
  ms: number;
  budget: number | null;
  note?: string;
}

export interface BookRun {
  rows: number;
  seedSeconds: number;
  figures: BookFigure[];
}

type Hooks = BenchHooks;
declare const globalThis: { __frachtbelegBench: Hooks };

function workerOf(context: BrowserContext, extensionId: string): Worker {
  const worker = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
  if (!worker) throw new Error('the extension has no running service worker');
  return worker;
}

/** Milliseconds of one book query inside the worker. */
function timeQuery(worker: Worker, filter: BookFilter, sort: BookSort | undefined, limit = 50): Promise<number> {
  return worker.evaluate(
    async ([filter, sort, limit]) => {
      const book = await globalThis.__frachtbelegBench.book();
      const start = performance.now();
      await book.query(filter, sort ?? undefined, { offset: 0, limit });
      return performance.now() - start;
    },
    [filter, sort ?? null, limit] as const,
  );
}

async function medianOf(runs: number, once: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return median(times);
}

export async function measureBook(context: BrowserContext, extensionId: string, runs: number, step: (text: string) => void): Promise<BookRun> {
  let worker = workerOf(context, extensionId);
  const seedStart = Date.now();
  for (let start = 0; start < BOOK_ROWS; start += SEED_BATCH) {
    worker = workerOf(context, extensionId);
    await worker.evaluate(([from, to, rows]) => globalThis.__frachtbelegBench.seedBook(from, to, rows), [start, Math.min(start + SEED_BATCH, BOOK_ROWS), BOOK_ROWS] as const);
  }
  const seedSeconds = (Date.now() - seedStart) / 1000;
  step(`  seeded ${BOOK_ROWS} invoices into the extension's IndexedDB in ${seedSeconds.toFixed(0)} s`);

  const figures: BookFigure[] = [];
  const add = (name: string, ms: number, budget: number | null, note?: string) => figures.push({ name, ms, budget, ...(note ? { note } : {}) });

  // Opening the book: a fresh page each time, navigation → first invoice row painted.
  const opens: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/book.html`);
    const handle = await page.waitForFunction(() => (document.querySelector('[role="row"][data-index]') ? performance.now() : false), undefined, { polling: 'raf', timeout: 30_000 });
    opens.push((await handle.jsonValue()) as number);
    // The totals follow the rows; waiting for them keeps one run's work out of the next.
    await page.waitForFunction(() => document.querySelector('.book-totals table') !== null, undefined, { timeout: 60_000 });
    await page.close();
  }
  add('open the book page: navigation → first invoice row', median(opens), BOOK_BUDGET.open);

  worker = workerOf(context, extensionId);
  add('list: first 50 rows + count, no filter', await medianOf(runs, () => timeQuery(worker, {}, undefined)), BOOK_BUDGET.filter);
  add('search an invoice number', await medianOf(runs, () => timeQuery(worker, { search: 'RE-1234' }, undefined)), BOOK_BUDGET.filter);
  add('search an order number', await medianOf(runs, () => timeQuery(worker, { search: 'A-0012345' }, undefined)), BOOK_BUDGET.filter);
  add('filter one customer (500 rows), sorted by gross', await medianOf(runs, () => timeQuery(worker, { customerKey: 'lexware|c-7' }, { column: 'grossMinor', direction: 'desc' })), BOOK_BUDGET.filter);
  add('filter one month (~5,500 rows)', await medianOf(runs, () => timeQuery(worker, { from: '2025-03-01', to: '2025-03-31' }, undefined)), BOOK_BUDGET.filter);
  // The book keeps the overdue order until the next write: asked again (another page, back
  // to the filter) it reads one page. The first ask after a change works it out.
  add(
    'filter overdue, first ask after a change to the invoices',
    await medianOf(runs, async () => {
      await worker.evaluate(async () => {
        const { db } = await globalThis.__frachtbelegBench.book();
        const row = await db.invoices.where('status').equals('paid').first();
        if (row) await db.invoices.put(row);
      });
      return timeQuery(worker, { statuses: ['overdue'] }, undefined);
    }),
    BOOK_BUDGET.filter,
  );
  add('filter overdue, asked again', await medianOf(runs, () => timeQuery(worker, { statuses: ['overdue'] }, undefined)), BOOK_BUDGET.filter);
  // Once: at 200,000 rows it reads every row (about 9 s), and the page asks for it apart.
  add(
    `totals of all ${BOOK_ROWS} (asked after the first rows; one run)`,
    await medianOf(1, () =>
      worker.evaluate(async () => {
        const book = await globalThis.__frachtbelegBench.book();
        const start = performance.now();
        await book.totals({});
        return performance.now() - start;
      }),
    ),
    null,
  );

  const orderIds = Array.from({ length: 300 }, (_, k) => `o-${(k * 613) % BOOK_ROWS}`);
  const invoicedRuns: { ms: number; found: number }[] = [];
  for (let i = 0; i < runs; i++) {
    invoicedRuns.push(
      await worker.evaluate(
        async ([origin, ids]) => {
          const book = await globalThis.__frachtbelegBench.book();
          const start = performance.now();
          const found = await book.isInvoiced(origin, ids);
          return { ms: performance.now() - start, found: found.size };
        },
        [BOOK_TMS, orderIds] as const,
      ),
    );
  }
  if (invoicedRuns.some((r) => r.found === 0)) throw new Error('isInvoiced found none of the seeded orders: figure 11 would measure nothing');
  add('is it invoiced? 300 orders', median(invoicedRuns.map((r) => r.ms)), BOOK_BUDGET.isInvoiced, `${invoicedRuns[0]!.found} of 300 found invoiced`);

  const records: number[] = [];
  for (let i = 0; i < runs; i++) {
    const input = newInvoiceInput(BOOK_ROWS + i, BOOK_ROWS);
    records.push(
      await worker.evaluate(async (input) => {
        const book = await globalThis.__frachtbelegBench.book();
        const start = performance.now();
        await book.recordInvoice(input);
        return performance.now() - start;
      }, input),
    );
  }
  add('record one invoice', median(records), BOOK_BUDGET.record);

  // About 10,000 invoices: two months. Each export is a new log entry with its file.
  const settings: ExportSettings = { csv: DEFAULT_CSV_OPTIONS, datev: defaultDatevOptions('SKR03') };
  for (const format of ['csv', 'datev'] as const) {
    const exports: { ms: number; count: number }[] = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      exports.push(
        await worker.evaluate(
          async ([format, settings]) => {
            const log = await globalThis.__frachtbelegBench.exportLog();
            const start = performance.now();
            const outcome = await log.exportRange(format, '2025-05-01', '2025-06-30', settings);
            const ms = performance.now() - start;
            return { ms, count: outcome.kind === 'exported' ? outcome.entries.reduce((sum, e) => sum + e.recordCount, 0) : -1 };
          },
          [format, settings] as const,
        ),
      );
    }
    if (exports.some((e) => e.count <= 0)) throw new Error(`the ${format} export of the bench range exported nothing`);
    add(`export ${exports[0]!.count} invoices as ${format === 'csv' ? 'CSV' : 'DATEV'} (read, built, validated, logged)`, median(exports.map((e) => e.ms)), BOOK_BUDGET.export);
  }
  return { rows: BOOK_ROWS, seedSeconds, figures };
}
