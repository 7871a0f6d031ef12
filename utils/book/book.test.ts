import { describe, expect, it, vi } from 'vitest';
import { BookValidationError } from './db';
import { totalsPerCurrency, type SortColumn } from './query';
import { freshBook, invoiceInput, invoiceRow, TMS } from '../../tests/support/book';
import type { MockInstance } from 'vitest';

describe('recording invoices', () => {
  it('records an invoice with its orders and answers which orders are invoiced', async () => {
    const { book } = freshBook();
    await book.recordInvoice(
      invoiceInput({
        orders: [
          { orderId: 'o-1', orderNumber: 'A-0001', netMinor: 60_000 },
          { orderId: 'o-2', orderNumber: 'A-0002', netMinor: 40_000 },
        ],
      }),
    );
    const invoiced = await book.isInvoiced(TMS, ['o-1', 'o-2', 'o-3']);
    expect([...invoiced.keys()].sort()).toEqual(['o-1', 'o-2']);
    expect(invoiced.get('o-1')).toMatchObject({ invoiceNumber: 'RE-1001', provider: 'lexware', status: 'overdue', createdBy: 'frachtbeleg' }) // due 24.11., today 05.12.;
    expect(await book.isInvoiced('https://other-tms.test', ['o-1'])).toEqual(new Map());
    const orders = await book.ordersOf('lexware|lx-1');
    expect(orders.map((o) => [o.orderNumber, o.netMinor])).toEqual([
      ['A-0001', 60_000],
      ['A-0002', 40_000],
    ]);
  });

  it('answers alike whether the asked orders sit close together or among many other invoiced orders', async () => {
    const { book } = freshBook();
    // o-10 … o-59 invoiced (one invoice each), and o-7, o-8 on one invoice; other sites' orders too.
    for (let n = 10; n < 60; n++) await book.recordInvoice(invoiceInput({ n }));
    await book.recordInvoice(invoiceInput({ n: 7, orders: [{ orderId: 'o-7', orderNumber: 'A-0007' }, { orderId: 'o-8', orderNumber: 'A-0008' }] }));
    await book.recordInvoice(invoiceInput({ n: 99, origin: 'https://other-tms.test', orders: [{ orderId: 'o-6', orderNumber: 'A-0006' }] }));

    // Few invoiced orders between the lowest and the highest id asked: only those are read.
    const close = await book.isInvoiced(TMS, ['o-6', 'o-7', 'o-8', 'o-9', 'o-6']);
    expect([...close.keys()].sort()).toEqual(['o-7', 'o-8']);
    expect(close.get('o-8')?.invoiceNumber).toBe('RE-1007');
    // Ids spread over many invoiced orders ("o-1" … "o-9" span o-10 … o-59 as strings): read by key.
    const spread = await book.isInvoiced(TMS, ['o-1', 'o-9', 'o-12', 'o-7']);
    expect([...spread.keys()].sort()).toEqual(['o-12', 'o-7']);
    expect(spread.get('o-12')?.invoiceNumber).toBe('RE-1012');
    expect(await book.isInvoiced(TMS, ['o-60', 'o-61'])).toEqual(new Map());
  });

  it('merges a second recording of the same invoice: orders added, payment kept, document change noted', async () => {
    const { book, clock } = freshBook();
    const first = await book.recordInvoice(invoiceInput());
    await book.updatePayment(first.key, { status: 'partlyPaid', paidMinor: 50_000, paidDate: '2026-11-20' });
    clock.advance(60_000);
    const again = await book.recordInvoice(invoiceInput({ orders: [{ orderId: 'o-9', orderNumber: 'A-0009' }] }));
    expect(again.orderNumbers).toEqual(['A-0001', 'A-0009']);
    expect(again.status).toBe('partlyPaid');
    expect(again.documentChangedAt).toBe(first.documentChangedAt);
    expect(again.createdAt).toBe(first.createdAt);
    clock.advance(60_000);
    const changed = await book.recordInvoice(invoiceInput({ netMinor: 90_000, taxMinor: 17_100, grossMinor: 107_100, orders: [] }));
    expect(changed.documentChangedAt).toBe(clock.now.toISOString());
  });

  it('refuses an invalid invoice and names the field, writing nothing', async () => {
    const { book } = freshBook();
    await expect(book.recordInvoice(invoiceInput({ grossMinor: 119_001 }))).rejects.toThrow('net + tax must equal gross');
    const error = await book.recordInvoice(invoiceInput({ invoiceDate: '2026-02-30' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BookValidationError);
    expect((error as BookValidationError).field).toBe('invoiceDate');
    expect(await book.query()).toEqual({ rows: [], total: 0 });
  });

  it('does not count cancelled invoices or credit notes as invoicing an order; the newest standing invoice wins', async () => {
    const { book, clock } = freshBook();
    const first = await book.recordInvoice(invoiceInput({ n: 1, orders: [{ orderId: 'o-1', orderNumber: 'A-0001' }] }));
    await book.updatePayment(first.key, { status: 'cancelled', paidMinor: 0, paidDate: null });
    expect((await book.isInvoiced(TMS, ['o-1'])).size).toBe(0);
    clock.advance(1000);
    await book.recordInvoice(invoiceInput({ n: 2, orders: [{ orderId: 'o-1', orderNumber: 'A-0001' }] }));
    clock.advance(1000);
    await book.recordInvoice(invoiceInput({ n: 3, orders: [{ orderId: 'o-1', orderNumber: 'A-0001' }] }));
    expect((await book.isInvoiced(TMS, ['o-1'])).get('o-1')?.invoiceNumber).toBe('RE-1003');
  });

  it('links a credit note to the invoice it corrects', async () => {
    const { book } = freshBook();
    await book.recordInvoice(invoiceInput());
    await book.recordInvoice(invoiceInput({ invoiceId: 'cn-1', invoiceNumber: 'GS-1', documentType: 'creditNote', correctionOf: 'lexware|lx-1', orders: [] }));
    expect((await book.get('lexware|lx-1'))?.correctedBy).toEqual(['lexware|cn-1']);
  });
});

describe('a damaged row', () => {
  it('is skipped, reported and set aside, never overwritten', async () => {
    const problems: string[] = [];
    const { db } = freshBook();
    const { InvoiceBook } = await import('./book');
    const book = new InvoiceBook(db, { now: () => new Date('2026-12-05T09:00:00Z'), onProblem: (p) => problems.push(p.reason) });
    await book.recordInvoice(invoiceInput({ n: 1 }));
    await book.recordInvoice(invoiceInput({ n: 2 }));
    await db.invoices.update('lexware|lx-2', { grossMinor: 'a lot' as unknown as number });
    const page = await book.query();
    expect(page.rows.map((r) => r.invoiceNumber)).toEqual(['RE-1001']);
    expect(problems).toEqual(['grossMinor: Invalid type: Expected number but received "a lot"']);
    await expect.poll(async () => db.rejected.count()).toBe(1);
    const [rejected] = await db.rejected.toArray();
    expect(rejected).toMatchObject({ source: 'invoices', raw: { key: 'lexware|lx-2', grossMinor: 'a lot' } });
    expect(await db.invoices.get('lexware|lx-2')).toBeUndefined();
  });
});

describe('"is this order invoiced?" with a damaged row', () => {
  it('still holds the order when the damage is in a field the answer does not read; sets the row aside when it is', async () => {
    const problems: string[] = [];
    const { db } = freshBook();
    const { InvoiceBook } = await import('./book');
    const book = new InvoiceBook(db, { now: () => new Date('2026-12-05T09:00:00Z'), onProblem: (p) => problems.push(p.reason) });
    await book.recordInvoice(invoiceInput({ n: 1, orders: [{ orderId: 'o-1', orderNumber: 'A-0001' }] }));
    await book.recordInvoice(invoiceInput({ n: 2, orders: [{ orderId: 'o-2', orderNumber: 'A-0002' }] }));
    // The amounts are not part of the answer: the order stays invoiced (never invoiced twice).
    await db.invoices.update('lexware|lx-1', { grossMinor: 'a lot' as unknown as number });
    // The status is: that row cannot answer, and is set aside as any read would.
    await db.invoices.update('lexware|lx-2', { status: 'gone' as never });
    const invoiced = await book.isInvoiced(TMS, ['o-1', 'o-2']);
    expect([...invoiced.keys()]).toEqual(['o-1']);
    expect(invoiced.get('o-1')).toMatchObject({ invoiceNumber: 'RE-1001', status: 'overdue' });
    expect(problems).toEqual([expect.stringMatching(/^status: /)]);
    await expect.poll(async () => db.rejected.count()).toBe(1);
    expect(await db.invoices.get('lexware|lx-2')).toBeUndefined();
  });
});

describe('"is this order invoiced?" asked again', () => {
  it('answers every write made since, whichever code wrote', async () => {
    const { book, db, clock } = freshBook();
    const ask = async (ids: string[]) => [...(await book.isInvoiced(TMS, ids)).entries()].map(([id, a]) => [id, a.invoiceNumber, a.status]);
    expect(await ask(['o-1', 'o-2'])).toEqual([]);
    expect(await ask(['o-1', 'o-2'])).toEqual([]);
    await book.recordInvoice(invoiceInput({ n: 1, orders: [{ orderId: 'o-1', orderNumber: 'A-0001' }] }));
    expect(await ask(['o-1', 'o-2'])).toEqual([['o-1', 'RE-1001', 'overdue']]);
    await book.updatePayment('lexware|lx-1', { status: 'paid', paidMinor: 119_000, paidDate: '2026-12-01' });
    expect(await ask(['o-2', 'o-1'])).toEqual([['o-1', 'RE-1001', 'paid']]);
    // A write straight to the tables (not through the book's functions) counts as well.
    await db.orderInvoices.put({ origin: TMS, orderId: 'o-2', invoiceKeys: ['lexware|lx-1'] });
    expect(await ask(['o-1', 'o-2'])).toEqual([
      ['o-1', 'RE-1001', 'paid'],
      ['o-2', 'RE-1001', 'paid'],
    ]);
    await db.invoices.delete('lexware|lx-1');
    expect(await ask(['o-1', 'o-2'])).toEqual([]);
    // A question asked while a write runs: the next question sees the write.
    await book.recordInvoice(invoiceInput({ n: 3, orders: [{ orderId: 'o-3', orderNumber: 'A-0003' }] }));
    const during = book.isInvoiced(TMS, ['o-3']);
    const cancel = book.updatePayment('lexware|lx-3', { status: 'cancelled', paidMinor: 0, paidDate: null });
    await Promise.all([during, cancel]);
    expect(await ask(['o-3'])).toEqual([]);
    // Overdue is worked out from today's date on every answer, not kept.
    await book.recordInvoice(invoiceInput({ n: 4, dueDate: '2026-12-10', orders: [{ orderId: 'o-4', orderNumber: 'A-0004' }] }));
    expect(await ask(['o-4'])).toEqual([['o-4', 'RE-1004', 'open']]);
    clock.set('2026-12-11T09:00:00.000Z');
    expect(await ask(['o-4'])).toEqual([['o-4', 'RE-1004', 'overdue']]);
  });
});

describe('the list', () => {
  async function bookWithRows() {
    const ctx = freshBook('2026-12-05T09:00:00.000Z');
    const { book } = ctx;
    await book.recordInvoice(invoiceInput({ n: 1, invoiceDate: '2026-10-01', dueDate: '2026-10-15', customerName: 'Bäckerei Zander', customerKey: 'lexware|c-2' }));
    await book.recordInvoice(invoiceInput({ n: 2, invoiceDate: '2026-11-01', dueDate: '2026-12-31', netMinor: 50_000, taxMinor: 9_500, grossMinor: 59_500 }));
    await book.recordInvoice(invoiceInput({ n: 3, invoiceDate: '2026-11-15', dueDate: '2026-11-29', provider: 'sevdesk', invoiceId: 'sv-3', currency: 'CHF', taxCase: 'thirdCountry', netMinor: 30_000, taxMinor: 0, grossMinor: 30_000 }));
    await book.recordInvoice(invoiceInput({ n: 4, invoiceDate: '2026-12-01', dueDate: '2026-12-15', orders: [{ orderId: 'o-4', orderNumber: 'X-77' }] }));
    await book.updatePayment('lexware|lx-2', { status: 'partlyPaid', paidMinor: 20_000, paidDate: '2026-11-20' });
    await book.updatePayment('lexware|lx-4', { status: 'paid', paidMinor: 119_000, paidDate: '2026-12-02' });
    return ctx;
  }

  it('lists newest first by default with the total count, and pages', async () => {
    const { book } = await bookWithRows();
    const first = await book.query({}, undefined, { offset: 0, limit: 2 });
    expect(first.total).toBe(4);
    expect(first.rows.map((r) => r.invoiceNumber)).toEqual(['RE-1004', 'RE-1003']);
    const second = await book.query({}, undefined, { offset: 2, limit: 2 });
    expect(second.rows.map((r) => r.invoiceNumber)).toEqual(['RE-1002', 'RE-1001']);
  });

  it('filters by period, customer, provider, status (overdue derived from today) and search', async () => {
    const { book } = await bookWithRows();
    const numbers = async (filter: Parameters<typeof book.query>[0]) => (await book.query(filter, { column: 'invoiceNumber', direction: 'asc' })).rows.map((r) => r.invoiceNumber);
    expect(await numbers({ from: '2026-11-01', to: '2026-11-30' })).toEqual(['RE-1002', 'RE-1003']);
    expect(await numbers({ customerKey: 'lexware|c-2' })).toEqual(['RE-1001']);
    expect(await numbers({ provider: 'sevdesk' })).toEqual(['RE-1003']);
    expect(await numbers({ statuses: ['overdue'] })).toEqual(['RE-1001', 'RE-1003']);
    expect(await numbers({ statuses: ['partlyPaid'] })).toEqual(['RE-1002']);
    expect(await numbers({ statuses: ['paid', 'partlyPaid'] })).toEqual(['RE-1002', 'RE-1004']);
    expect(await numbers({ search: 're-100' })).toEqual(['RE-1001', 'RE-1002', 'RE-1003', 'RE-1004']);
    expect(await numbers({ search: 'x-7' })).toEqual(['RE-1004']);
    expect(await numbers({ search: 'A-0002', statuses: ['overdue'] })).toEqual([]);
  });

  it('sorts by any column, both ways', async () => {
    const { book } = await bookWithRows();
    const numbers = async (column: SortColumn, direction: 'asc' | 'desc') =>
      (await book.query({ provider: undefined, search: ' ' }, { column, direction })).rows.map((r) => r.invoiceNumber);
    expect(await numbers('grossMinor', 'asc')).toEqual(['RE-1003', 'RE-1002', 'RE-1001', 'RE-1004']);
    expect(await numbers('customerName', 'asc')).toEqual(['RE-1001', 'RE-1002', 'RE-1003', 'RE-1004']);
    expect(await numbers('status', 'asc')).toEqual(['RE-1002', 'RE-1001', 'RE-1003', 'RE-1004']);
    expect(await numbers('openMinor', 'desc')).toEqual(['RE-1001', 'RE-1002', 'RE-1003', 'RE-1004']);
    expect(await numbers('currency', 'desc')).toEqual(['RE-1004', 'RE-1002', 'RE-1001', 'RE-1003']);
    expect(await numbers('dueDate', 'asc')).toEqual(['RE-1001', 'RE-1003', 'RE-1004', 'RE-1002']);
  });

  it('totals the filtered rows per currency: invoiced, open, overdue', async () => {
    const { book } = await bookWithRows();
    expect(await book.totals()).toEqual([
      { currency: 'CHF', count: 1, invoicedMinor: 30_000, openMinor: 30_000, overdueMinor: 30_000 },
      { currency: 'EUR', count: 3, invoicedMinor: 119_000 + 59_500 + 119_000, openMinor: 119_000 + 39_500, overdueMinor: 119_000 },
    ]);
    expect(await book.totals({ provider: 'lexware', statuses: ['partlyPaid'] })).toEqual([{ currency: 'EUR', count: 1, invoicedMinor: 59_500, openMinor: 39_500, overdueMinor: 0 }]);
  });

  it('keeps the count of invoices between pages, and counts again after any write to them', async () => {
    const { book, db } = freshBook();
    await book.recordInvoice(invoiceInput({ n: 1 }));
    expect((await book.query()).total).toBe(1);
    await book.recordInvoice(invoiceInput({ n: 2 }));
    expect((await book.query()).total).toBe(2);
    // A write the book did not make itself (another part of the background, a migration).
    await db.invoices.bulkAdd([invoiceRow({ invoiceId: 'lx-3', invoiceNumber: 'RE-1003' }), invoiceRow({ invoiceId: 'lx-4', invoiceNumber: 'RE-1004' })]);
    expect(await book.countInvoices()).toBe(4);
    expect((await book.query({}, undefined, { offset: 0, limit: 1 })).total).toBe(4);
  });

  it('adds up a book larger than one read (chunks by key) exactly as one pass over every row would', async () => {
    const { book, db } = freshBook();
    const statuses = ['open', 'paid', 'partlyPaid', 'cancelled', 'draft'] as const;
    const rows = Array.from({ length: 4_321 }, (_, i) => {
      const status = statuses[i % statuses.length]!;
      return invoiceRow({
        invoiceId: `lx-${i}`,
        invoiceNumber: `RE-${i}`,
        currency: i % 3 === 0 ? 'CHF' : 'EUR',
        dueDate: i % 2 === 0 ? '2026-11-20' : '2027-01-10',
        status,
        paidMinor: status === 'paid' ? 119_000 : status === 'partlyPaid' ? 1_000 : 0,
        paidDate: status === 'paid' ? '2026-12-01' : null,
      });
    });
    await db.invoices.bulkAdd(rows);
    for (const filter of [{}, { statuses: ['overdue' as const] }, { provider: 'lexware' as const, statuses: ['paid' as const, 'partlyPaid' as const] }]) {
      expect(await book.totals(filter)).toEqual(totalsPerCurrency(await book.matching(filter), '2026-12-05'));
    }
    expect((await book.totals()).map((t) => t.count)).toEqual([1_441, 2_880]);
  });

  it('nets a full credit note against its cancelled invoice and leaves out a voided one', async () => {
    const { book } = freshBook();
    await book.recordInvoice(invoiceInput({ n: 1 }));
    await book.recordInvoice(invoiceInput({ invoiceId: 'cn-1', invoiceNumber: 'GS-1', documentType: 'creditNote', correctionOf: 'lexware|lx-1', orders: [] }));
    await book.updatePayment('lexware|lx-1', { status: 'cancelled', paidMinor: 0, paidDate: null });
    await book.updatePayment('lexware|cn-1', { status: 'paid', paidMinor: 119_000, paidDate: '2026-11-12' });
    await book.recordInvoice(invoiceInput({ n: 2 }));
    await book.updatePayment('lexware|lx-2', { status: 'cancelled', paidMinor: 0, paidDate: null });
    await book.recordInvoice(invoiceInput({ n: 3, dueDate: '2027-01-10' }));
    expect(await book.totals()).toEqual([{ currency: 'EUR', count: 4, invoicedMinor: 119_000, openMinor: 119_000, overdueMinor: 0 }]);
  });
});

describe('pages in date order read from the indexes', () => {
  it('give the same rows and counts as filtering every row, page by page', async () => {
    const { book, clock } = freshBook('2026-12-05T09:00:00.000Z');
    const statuses = ['open', 'paid', 'cancelled', 'partlyPaid', 'draft'] as const;
    for (let n = 1; n <= 40; n++) {
      await book.recordInvoice(invoiceInput({ n, invoiceDate: `2026-${n % 2 === 0 ? '10' : '11'}-${String((n % 28) + 1).padStart(2, '0')}`, dueDate: n % 7 === 0 ? null : `2026-12-${String((n % 20) + 1).padStart(2, '0')}` }));
      const status = statuses[n % statuses.length]!;
      await book.updatePayment(`lexware|lx-${n}`, { status, paidMinor: status === 'paid' ? 119_000 : status === 'partlyPaid' ? 1_000 : 0, paidDate: status === 'paid' ? '2026-12-01' : null });
    }
    clock.set('2026-12-10T09:00:00.000Z');
    const filters = [{ from: '2026-11-01', to: '2026-11-30' }, { statuses: ['overdue' as const] }, { statuses: ['paid' as const, 'cancelled' as const], from: '2026-10-05' }, { statuses: ['draft' as const, 'overdue' as const] }];
    for (const filter of filters) {
      for (const direction of ['asc', 'desc'] as const) {
        const expected = (await book.matching(filter)).sort((a, b) => (direction === 'asc' ? 1 : -1) * (a.invoiceDate.localeCompare(b.invoiceDate) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
        expect(expected.length).toBeGreaterThan(0);
        const seen: string[] = [];
        for (let offset = 0; offset < expected.length + 3; offset += 3) {
          const page = await book.query(filter, { column: 'invoiceDate', direction }, { offset, limit: 3 });
          expect(page.total).toBe(expected.length);
          seen.push(...page.rows.map((r) => r.key));
        }
        expect(seen).toEqual(expected.map((r) => r.key));
      }
    }
  });
});

describe('answers the book keeps between questions', () => {
  /** Runs `write` right after the next read of `method` on `target` has its result, before the book sees it. */
  function writeDuringNextRead<T extends object>(target: T, method: keyof T & string, write: () => Promise<unknown>): MockInstance {
    const original = target[method] as unknown as (...args: unknown[]) => Promise<unknown>;
    let armed = true;
    const spy: MockInstance = vi.spyOn(target, method as never).mockImplementation(function (this: unknown, ...args: unknown[]) {
      const read = original.apply(this, args);
      if (!armed) return read;
      armed = false;
      return read.then(async (result) => (await write(), result));
    } as never);
    return spy;
  }

  it('the overdue filter follows every write, and pages through its rows without reading them all again', async () => {
    const { book, db, clock } = freshBook('2026-12-05T09:00:00.000Z');
    for (let n = 1; n <= 7; n++) await book.recordInvoice(invoiceInput({ n, invoiceDate: `2026-11-0${n}`, dueDate: `2026-11-${10 + n}` }));
    const overdue = async (offset = 0) => (await book.query({ statuses: ['overdue'] }, { column: 'invoiceDate', direction: 'desc' }, { offset, limit: 3 })).rows.map((r) => r.invoiceNumber);
    expect(await overdue()).toEqual(['RE-1007', 'RE-1006', 'RE-1005']);
    const reads = vi.spyOn(db.invoices, 'where');
    expect(await overdue(3)).toEqual(['RE-1004', 'RE-1003', 'RE-1002']);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    // Paid through the book, and changed straight in the table: both drop out at once.
    await book.updatePayment('lexware|lx-7', { status: 'paid', paidMinor: 119_000, paidDate: '2026-12-01' });
    expect(await overdue()).toEqual(['RE-1006', 'RE-1005', 'RE-1004']);
    await db.invoices.update('lexware|lx-6', { status: 'cancelled' });
    expect(await overdue()).toEqual(['RE-1005', 'RE-1004', 'RE-1003']);
    // A new day: what fell due since counts.
    await book.recordInvoice(invoiceInput({ n: 8, invoiceDate: '2026-12-01', dueDate: '2026-12-08' }));
    expect(await overdue()).toEqual(['RE-1005', 'RE-1004', 'RE-1003']);
    clock.set('2026-12-09T09:00:00.000Z');
    expect(await overdue()).toEqual(['RE-1008', 'RE-1005', 'RE-1004']);
  });

  it('overdue pages over thousands of open invoices, many on one date, some due before their date: the same rows as filtering every row', async () => {
    const { book, db } = freshBook('2026-12-05T09:00:00.000Z');
    const day = (d: number) => new Date(Date.UTC(2026, 9, 1) + d * 86_400_000).toISOString().slice(0, 10);
    const rows = Array.from({ length: 2400 }, (_, i) => {
      // 80 days; on day 60 alone 600 invoices (more than one step of the walk).
      const d = i < 600 ? 60 : i % 80;
      const due = i % 13 === 0 ? null : i % 29 === 0 ? day(d - 3) : day(d + 7 + (i % 30));
      const status = (['open', 'open', 'partlyPaid', 'paid'] as const)[i % 4]!;
      return invoiceRow({ invoiceId: `lx-${i}`, invoiceNumber: `RE-${10_000 + i}`, invoiceDate: day(d), dueDate: due, status });
    });
    await db.invoices.bulkAdd(rows);
    for (const direction of ['desc', 'asc'] as const) {
      const expected = (await book.matching({ statuses: ['overdue'] }))
        .sort((a, b) => (direction === 'asc' ? 1 : -1) * (a.invoiceDate.localeCompare(b.invoiceDate) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)))
        .map((r) => r.key);
      expect(expected.length).toBeGreaterThan(600);
      const seen: string[] = [];
      for (let offset = 0; offset < expected.length; offset += 250) {
        const page = await book.query({ statuses: ['overdue'] }, { column: 'invoiceDate', direction }, { offset, limit: 250 });
        expect(page.total).toBe(expected.length);
        seen.push(...page.rows.map((r) => r.key));
      }
      // Rows due before their own date may come last; every overdue row comes exactly once.
      expect([...seen].sort()).toEqual([...expected].sort());
      const early = new Set(rows.filter((r) => r.dueDate !== null && r.dueDate < r.invoiceDate).map((r) => r.key));
      expect(seen.filter((k) => !early.has(k))).toEqual(expected.filter((k) => !early.has(k)));
    }
  });

  it('an answer read while a write lands is not kept: the next question sees the write', async () => {
    const { book, db } = freshBook('2026-12-05T09:00:00.000Z');
    for (let n = 1; n <= 3; n++) await book.recordInvoice(invoiceInput({ n, invoiceDate: `2026-11-0${n}`, dueDate: `2026-11-1${n}`, orders: [{ orderId: `o-${n}`, orderNumber: `A-000${n}` }] }));
    const overdue = async () => (await book.query({ statuses: ['overdue'] })).rows.map((r) => r.invoiceNumber);

    // The overdue keys: read, then invoice 3 is paid before the book has them.
    const collection = Object.getPrototypeOf(db.invoices.where('[status+dueDate]').equals(['open', '2026-11-13'])) as { primaryKeys: () => Promise<unknown> };
    const keysRead = writeDuringNextRead(collection, 'primaryKeys', () => book.updatePayment('lexware|lx-3', { status: 'paid', paidMinor: 119_000, paidDate: '2026-12-01' }));
    await overdue(); // answered as read: it overlapped the write
    keysRead.mockRestore();
    expect(await overdue()).toEqual(['RE-1002', 'RE-1001']);

    // "Is it invoiced?": read, then invoice 1 is cancelled before the book has the answer.
    const invoicedRead = writeDuringNextRead(book as unknown as { readInvoiced: () => Promise<unknown> }, 'readInvoiced', () =>
      book.updatePayment('lexware|lx-1', { status: 'cancelled', paidMinor: 0, paidDate: null }),
    );
    expect([...(await book.isInvoiced(TMS, ['o-1'])).keys()]).toEqual(['o-1']); // as read
    invoicedRead.mockRestore();
    expect([...(await book.isInvoiced(TMS, ['o-1'])).keys()]).toEqual([]);
  });
});
