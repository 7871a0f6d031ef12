// @vitest-environment node
/**
 * "Paid" written back to the demo TMS (run in-process) exactly once per order: journaled when
 * the poll marks an invoice paid, ticked off per order, and safe when the worker stops between
 * the TMS write and the journal.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningServer } from '../../sandbox/kit/http';
import { createDemoTms, loadSeed } from '../../sandbox/tms/server';
import { freshBook, invoiceInput } from '../../tests/support/book';
import { createDemoWriteBack } from '../tms/demo/write-back';
import type { TmsWriteBack } from '../tms/adapter';
import { PAID_JOURNAL_PREFIX } from './paid-journal';
import { recordPaidInTms, singlePass, type PaidWriteBackDeps } from './paid-write-back';
import type { InvoiceBook } from './book';

let tms: RunningServer;
let cookie: string;

interface StoredOrder {
  id: string;
  status: string;
  events: { type: string; text: string; link?: { url: string } }[];
}

beforeAll(async () => {
  tms = await startEmulator(createDemoTms({ seed: loadSeed(), now: () => new Date('2026-12-05T10:00:00Z') }), 0);
});
afterAll(() => tms.close());
beforeEach(async () => {
  await fetch(`${tms.url}/__sandbox/reset`, { method: 'POST' });
  const res = await fetch(`${tms.url}/orders`);
  await res.text();
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
});

const browserFetch: typeof fetch = (input, init = {}) => fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
const order = async (id: string): Promise<StoredOrder> => ((await (await fetch(`${tms.url}/__sandbox/orders`)).json()) as StoredOrder[]).find((o) => o.id === id)!;
const paidNotes = (o: StoredOrder) => o.events.filter((e) => e.type === 'note' && e.text.startsWith('Paid: invoice'));
const paidStatusEvents = (o: StoredOrder) => o.events.filter((e) => e.type === 'status' && e.text === 'Paid');
const requestCount = async () => ((await (await fetch(`${tms.url}/__sandbox/requests`)).json()) as unknown[]).length;

const PAID = { status: 'paid', paidMinor: 119_000, paidDate: '2026-12-04' } as const;

async function bookWithInvoice(): Promise<InvoiceBook> {
  const { book } = freshBook();
  await book.recordInvoice(
    invoiceInput({
      origin: tms.url,
      orders: [
        { orderId: 'o-0001', orderNumber: 'A-2026-0412' },
        { orderId: 'o-0002', orderNumber: 'A-2026-0413' },
      ],
    }),
  );
  return book;
}

function deps(book: InvoiceBook, options: { writePaid?: boolean; writeBack?: TmsWriteBack } = {}): PaidWriteBackDeps {
  const writeBack = options.writeBack ?? createDemoWriteBack(browserFetch);
  return {
    book,
    site: (origin) => Promise.resolve(origin === tms.url ? { writePaid: options.writePaid ?? true, adapter: 'demo-tms' } : undefined),
    writeBack: (id) => Promise.resolve(id === 'demo-tms' ? writeBack : undefined),
    providerName: () => 'Lexware Office',
  };
}

const journal = (book: InvoiceBook) => book.db.meta.where('key').startsWith(PAID_JOURNAL_PREFIX).toArray();

describe('"paid" written back to the TMS', () => {
  it('writes a note with the invoice link and the status "Paid" on each order, once; a second pass asks nothing', async () => {
    const book = await bookWithInvoice();
    expect(await book.updatePayment('lexware|lx-1', PAID)).toBe(true);
    expect(await journal(book)).toHaveLength(1);

    expect(await recordPaidInTms(deps(book))).toEqual({ recorded: 2, retrying: 0, refused: 0 });
    for (const id of ['o-0001', 'o-0002']) {
      const o = await order(id);
      expect(o.status).toBe('paid');
      expect(paidNotes(o).map((e) => [e.text, e.link?.url])).toEqual([['Paid: invoice RE-1001 in Lexware Office on 2026-12-04', 'https://app.lexware.de/permalink/invoices/view/lx-1']]);
      expect(paidStatusEvents(o)).toHaveLength(1);
    }
    expect(await journal(book)).toEqual([]);

    const before = await requestCount();
    expect(await recordPaidInTms(deps(book))).toEqual({ recorded: 0, retrying: 0, refused: 0 });
    // The same state polled again journals nothing new.
    expect(await book.updatePayment('lexware|lx-1', PAID)).toBe(false);
    expect(await recordPaidInTms(deps(book))).toEqual({ recorded: 0, retrying: 0, refused: 0 });
    expect(await requestCount()).toBe(before);
  });

  it('writes nothing where the site has it off (the default), and drops the entry', async () => {
    const book = await bookWithInvoice();
    await book.updatePayment('lexware|lx-1', PAID);
    const before = await requestCount();
    expect(await recordPaidInTms(deps(book, { writePaid: false }))).toEqual({ recorded: 0, retrying: 0, refused: 0 });
    expect(await requestCount()).toBe(before);
    expect((await order('o-0001')).status).toBe('delivered');
    expect(await journal(book)).toEqual([]);
  });

  it('a worker stopped between the TMS write and the journal: the next pass finds the order written and adds nothing', async () => {
    const book = await bookWithInvoice();
    await book.updatePayment('lexware|lx-1', PAID);
    // The first order's POST and PATCH go through; the tick in the journal never lands.
    const put = vi.spyOn(book.db.meta, 'put').mockRejectedValueOnce(new Error('worker stopped'));
    await expect(recordPaidInTms(deps(book))).rejects.toThrow('worker stopped');
    put.mockRestore();
    expect((await order('o-0001')).status).toBe('paid');
    expect((await order('o-0002')).status).toBe('delivered');

    expect(await recordPaidInTms(deps(book))).toEqual({ recorded: 2, retrying: 0, refused: 0 });
    for (const id of ['o-0001', 'o-0002']) {
      const o = await order(id);
      expect(paidNotes(o)).toHaveLength(1);
      expect(paidStatusEvents(o)).toHaveLength(1);
    }
    expect(await journal(book)).toEqual([]);
  });

  it('an unreachable TMS keeps the order for the next pass; orders told already are not asked again', async () => {
    const book = await bookWithInvoice();
    await book.updatePayment('lexware|lx-1', PAID);
    const real = createDemoWriteBack(browserFetch);
    const flaky: TmsWriteBack = {
      ...real,
      recordPayment: (origin, orderId, payment) =>
        orderId === 'o-0002' ? Promise.resolve({ ok: false, retryable: true, reason: 'unreachable' }) : real.recordPayment!(origin, orderId, payment),
    };
    expect(await recordPaidInTms(deps(book, { writeBack: flaky }))).toEqual({ recorded: 1, retrying: 1, refused: 0 });
    expect(await journal(book)).toHaveLength(1);

    const recordPayment = vi.spyOn(real, 'recordPayment');
    expect(await recordPaidInTms(deps(book, { writeBack: real }))).toEqual({ recorded: 1, retrying: 0, refused: 0 });
    expect(recordPayment.mock.calls.map((c) => c[1])).toEqual(['o-0002']);
    expect(paidNotes(await order('o-0002'))).toHaveLength(1);
    expect(await journal(book)).toEqual([]);
  });

  it('an invoice no longer paid when the pass comes (a payment taken back) is not written', async () => {
    const book = await bookWithInvoice();
    await book.updatePayment('lexware|lx-1', PAID);
    await book.updatePayment('lexware|lx-1', { status: 'partlyPaid', paidMinor: 50_000, paidDate: null });
    expect(await recordPaidInTms(deps(book))).toEqual({ recorded: 0, retrying: 0, refused: 0 });
    expect((await order('o-0001')).status).toBe('delivered');
    expect(await journal(book)).toEqual([]);
  });

  it('runs one pass at a time: a second caller shares the running one', async () => {
    let calls = 0;
    let release!: () => void;
    const pass = singlePass(() => {
      calls++;
      return new Promise<number>((resolve) => (release = () => resolve(calls)));
    });
    const [a, b] = [pass(), pass()];
    release();
    expect(await Promise.all([a, b])).toEqual([1, 1]);
    expect(calls).toBe(1);
  });
});
