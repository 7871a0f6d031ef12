import { describe, expect, it } from 'vitest';
import { legacyCustomerKey, migrateLedger, type LegacyLedgerEntry } from './migrate';
import { freshBook, TMS } from '../../tests/support/book';

function entry(over: Partial<LegacyLedgerEntry> = {}): LegacyLedgerEntry {
  return {
    provider: 'lexware',
    invoiceId: 'lx-1',
    invoiceNumber: 'RE-1001',
    url: 'https://app.lexware.de/permalink/invoices/view/lx-1',
    origin: TMS,
    orderId: 'o-1',
    orderNumber: 'A-0001',
    customerName: 'Spedition Müller GmbH',
    currency: 'EUR',
    positionNetMinor: 60_000,
    invoiceGrossMinor: 119_000,
    createdAt: '2026-10-01T08:00:00.000Z',
    jobId: 'job-1',
    ...over,
  };
}

/** A profile as an older version left it: a collective invoice, single ones, a duplicate and damaged entries. */
const oldLedger: unknown[] = [
  entry(),
  entry({ orderId: 'o-2', orderNumber: 'A-0002', positionNetMinor: 40_000 }),
  entry({ orderId: 'o-2', orderNumber: 'A-0002', positionNetMinor: 40_000 }), // written twice by a retry
  entry({ provider: 'sevdesk', invoiceId: 'sv-7', invoiceNumber: null, url: 'https://my.sevdesk.de/fi/detail/type/RE/id/sv-7', orderId: 'o-3', orderNumber: 'A-0003', positionNetMinor: 25_050, invoiceGrossMinor: undefined, customerName: '  Bäckerei   Zander ', createdAt: '2026-10-02T10:00:00.000Z', jobId: 'job-2' }),
  { ...entry({ invoiceId: 'lx-9', orderId: 'o-9' }), positionNetMinor: '12,00' }, // malformed amount
  null,
  entry({ invoiceId: 'lx-8', invoiceNumber: 'RE-1008', orderId: 'o-8', currency: 'EURO' }), // passes the old schema, not the book's
];

describe('moving the old ledger into the book', () => {
  it('keeps every entry: invoices grouped with their orders, damaged entries set aside as they were', async () => {
    const { db, book } = freshBook();
    const report = await migrateLedger(db, oldLedger, () => new Date('2026-12-05T09:00:00Z'));
    expect(report).toEqual({ status: 'done', invoices: 2, orders: 3, rejected: 3 });

    const collective = await book.get('lexware|lx-1');
    expect(collective).toMatchObject({ invoiceNumber: 'RE-1001', invoiceDate: '2026-10-01', netMinor: 100_000, taxMinor: 19_000, grossMinor: 119_000, orderNumbers: ['A-0001', 'A-0002'], status: 'open', createdBy: 'frachtbeleg' });
    const single = await book.get('sevdesk|sv-7');
    expect(single).toMatchObject({ invoiceNumber: null, netMinor: 25_050, grossMinor: 25_050, taxMinor: 0, customerKey: legacyCustomerKey('Bäckerei Zander') });
    expect([...(await book.isInvoiced(TMS, ['o-1', 'o-2', 'o-3', 'o-8', 'o-9'])).keys()].sort()).toEqual(['o-1', 'o-2', 'o-3']);

    const rejected = await db.rejected.toArray();
    expect(rejected.map((r) => r.reason)).toEqual([
      'entry 5: positionNetMinor: Invalid type: Expected number but received "12,00"',
      'entry 6: Invalid type: Expected Object but received null',
      'invoice RE-1008: currency: Expected an ISO 4217 currency code',
    ]);
    expect(rejected[0]!.raw).toEqual(oldLedger[4]);
    expect(rejected[2]!.raw).toEqual(oldLedger[6]);
  });

  it('runs once: a second run changes nothing', async () => {
    const { db } = freshBook();
    await migrateLedger(db, oldLedger, () => new Date('2026-12-05T09:00:00Z'));
    const again = await migrateLedger(db, oldLedger, () => new Date('2026-12-06T09:00:00Z'));
    expect(again).toEqual({ status: 'already', at: '2026-12-05T09:00:00.000Z' });
    expect(await db.invoices.count()).toBe(2);
    expect(await db.rejected.count()).toBe(3);
  });

  it('a failed migration writes nothing, says why and can run again', async () => {
    const { db } = freshBook();
    expect(await migrateLedger(db, { not: 'a list' })).toEqual({ status: 'failed', reason: 'the old ledger is not a list (object)' });
    expect(await db.invoices.count()).toBe(0);

    // A failure half-way (the database refuses a write): nothing of the run stays behind.
    const original = db.orders.bulkPut.bind(db.orders);
    db.orders.bulkPut = (() => Promise.reject(new Error('QuotaExceededError'))) as unknown as typeof db.orders.bulkPut;
    const failed = await migrateLedger(db, oldLedger);
    expect(failed).toEqual({ status: 'failed', reason: 'QuotaExceededError' });
    expect(await db.invoices.count()).toBe(0);
    expect(await db.rejected.count()).toBe(0);

    db.orders.bulkPut = original;
    expect(await migrateLedger(db, oldLedger)).toMatchObject({ status: 'done', invoices: 2 });
  });

  it('an empty ledger migrates to an empty book', async () => {
    const { db } = freshBook();
    expect(await migrateLedger(db, [])).toEqual({ status: 'done', invoices: 0, orders: 0, rejected: 0 });
  });
});
