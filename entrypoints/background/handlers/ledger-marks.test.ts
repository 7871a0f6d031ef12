/**
 * The ledger badge's marks through the real protocol: own site only, in the user's language.
 * The invoices are written as an old version's ledger; the book moves them in on first use.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import { ledgerItem, sitesItem } from '@/utils/storage';
import { contentScript, deliverMessagesFrom } from '@/tests/support/messaging';
import { ledgerEntry } from '@/tests/support/ledger';
import { getLedgerMarks } from './ledger-marks';
import { invoiceBook } from '../services/book';
import { invoiceKeyOf } from '@/utils/book/schema';
import { isTmsSite } from './tms-sites';

const TMS = 'http://127.0.0.1:4410';

beforeEach(async () => {
  removeAllHandlers();
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en-US');
  handle('getLedgerMarks', (req, sender) => getLedgerMarks(req, sender));
  allowContentScriptsFrom(isTmsSite);
  await sitesItem.set([{ origin: TMS, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'recipe:6f1c2b4e-8a9d-4c3e-b2f1-0a1b2c3d4e5f' }]);
  await ledgerItem.set([ledgerEntry(1), { ...ledgerEntry(2), invoiceNumber: null }, { ...ledgerEntry(3), origin: 'http://127.0.0.1:4413' }]);
});

describe('ledger badges', () => {
  it('marks the rows the ledger holds an invoice for, with its number (a draft says so)', async () => {
    deliverMessagesFrom(contentScript(`${TMS}/orders`));
    const { marks } = await request('getLedgerMarks', { origin: TMS, orderIds: ['o-1', 'o-2', 'o-3', 'o-4'] });
    expect(marks).toEqual([
      { orderId: 'o-1', text: 'Invoiced: RE-1', invoiceNumber: 'RE-1' },
      { orderId: 'o-2', text: 'Invoiced (draft)' },
    ]);
  });

  it('says when the invoice is paid, partly paid or overdue, and drops a cancelled one', async () => {
    await ledgerItem.set([1, 2, 3, 4, 5].map((n) => ({ ...ledgerEntry(n), createdAt: '2026-11-01T10:00:00.000Z' })));
    const book = await invoiceBook();
    await book.updatePayment(invoiceKeyOf('lexware', 'inv-1'), { status: 'paid', paidMinor: 125000, paidDate: '2026-11-20' });
    await book.updatePayment(invoiceKeyOf('lexware', 'inv-2'), { status: 'partlyPaid', paidMinor: 5000, paidDate: null });
    await book.db.invoices.update(invoiceKeyOf('lexware', 'inv-3'), { dueDate: '2026-11-15' });
    await book.updatePayment(invoiceKeyOf('lexware', 'inv-5'), { status: 'cancelled', paidMinor: 0, paidDate: null });
    deliverMessagesFrom(contentScript(`${TMS}/orders`));

    const { marks } = await request('getLedgerMarks', { origin: TMS, orderIds: ['o-1', 'o-2', 'o-3', 'o-4', 'o-5'] });

    expect(marks).toEqual([
      { orderId: 'o-1', text: 'Paid: RE-1', invoiceNumber: 'RE-1' },
      { orderId: 'o-2', text: 'Partly paid: RE-2', invoiceNumber: 'RE-2' },
      { orderId: 'o-3', text: 'Overdue: RE-3', invoiceNumber: 'RE-3' },
      { orderId: 'o-4', text: 'Invoiced: RE-4', invoiceNumber: 'RE-4' },
    ]);
  });

  it('shows an invoice cancelled from the book as cancelled until its orders are released on purpose', async () => {
    const book = await invoiceBook();
    const key = invoiceKeyOf('lexware', 'inv-1');
    await book.setCorrection(key, { key: 'lexware|cn-1', id: 'cn-1', number: 'GS-1', url: 'https://app.lexware.de/permalink/credit-notes/view/cn-1', kind: 'creditNote', full: true, createdAt: '2026-11-20T09:00:00.000Z' });
    deliverMessagesFrom(contentScript(`${TMS}/orders`));
    expect((await request('getLedgerMarks', { origin: TMS, orderIds: ['o-1'] })).marks).toEqual([{ orderId: 'o-1', text: 'Cancelled: RE-1' }]);
    await book.releaseOrders(key);
    expect((await request('getLedgerMarks', { origin: TMS, orderIds: ['o-1'] })).marks).toEqual([]);
  });

  it('a page learns nothing about another site\'s orders', async () => {
    deliverMessagesFrom(contentScript(`${TMS}/orders`));
    await expect(request('getLedgerMarks', { origin: 'http://127.0.0.1:4413', orderIds: ['o-3'] })).resolves.toEqual({ marks: [] });
  });
});
