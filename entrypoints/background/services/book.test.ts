/**
 * The background's book on fake-indexeddb with the old ledger in WXT's fake storage: the move
 * happens once on first use, and when it cannot happen nothing invoiced looks uninvoiced.
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openBookDb } from '@/utils/book/db';
import { LEDGER_MIGRATION_KEY } from '@/utils/book/migrate';
import { ledgerEntry } from '@/tests/support/ledger';
import { makeJob } from '@/tests/support/jobs';
import { TMS_ORIGIN } from '@/tests/support/orders';
import { bookMigrationState, invoiceBook, invoicedOrders, knownInvoiceIds, recordInvoice } from './book';

const oldLedger = [ledgerEntry(1), ledgerEntry(2), { ...ledgerEntry(3), invoiceId: 'inv-1', orderId: 'o-3', orderNumber: 'A-3' }];

describe('the invoice book in the background', () => {
  it('moves the old ledger in on first use, every entry, then removes the old array and says so', async () => {
    await fakeBrowser.storage.local.set({ ledger: oldLedger });

    const found = await invoicedOrders(TMS_ORIGIN, ['o-1', 'o-2', 'o-3', 'o-4']);

    expect([...found.keys()].sort()).toEqual(['o-1', 'o-2', 'o-3']);
    expect(found.get('o-3')).toMatchObject({ invoiceNumber: 'RE-1', status: 'open' });
    const { db } = await invoiceBook();
    expect(await db.invoices.count()).toBe(2);
    expect(await db.orders.count()).toBe(3);
    expect(await fakeBrowser.storage.local.get('ledger')).toEqual({});
    expect(await bookMigrationState()).toMatchObject({ status: 'done', invoices: 2, orders: 3, rejected: 0 });
  });

  it('keeps an old ledger it cannot move, says so, and still counts its orders as invoiced', async () => {
    // A book that says it was moved before, and an old array that came back (a restored profile).
    const db = openBookDb();
    await db.meta.put({ key: LEDGER_MIGRATION_KEY, value: { at: '2026-11-01T00:00:00.000Z' } });
    db.close();
    await fakeBrowser.storage.local.set({ ledger: oldLedger });

    const found = await invoicedOrders(TMS_ORIGIN, ['o-1', 'o-3']);

    expect([...found.keys()].sort()).toEqual(['o-1', 'o-3']);
    expect((await fakeBrowser.storage.local.get('ledger')).ledger).toEqual(oldLedger);
    expect(await bookMigrationState()).toMatchObject({ status: 'failed' });
    expect(await knownInvoiceIds('lexware', ['inv-2', 'inv-404'])).toEqual(new Set(['inv-2']));
  });

  it('records a created invoice once however often it is recorded, and knows its id afterwards', async () => {
    const job = makeJob('job-1');
    const invoice = { id: 'inv-9', number: 'RE-9', url: 'https://app.lexware.de/permalink/invoices/view/inv-9', status: 'open' as const };
    await recordInvoice(job, invoice);
    await recordInvoice(job, invoice);

    const { db } = await invoiceBook();
    expect(await db.invoices.count()).toBe(1);
    const ids = job.draft.positions.map((p) => p.orderId);
    expect([...(await invoicedOrders(job.draft.tms.origin, ids)).keys()]).toEqual([...new Set(ids)]);
    expect(await knownInvoiceIds('lexware', ['inv-9', 'inv-10'])).toEqual(new Set(['inv-9']));
    expect(await knownInvoiceIds('sevdesk', ['inv-9'])).toEqual(new Set());
  });
});
