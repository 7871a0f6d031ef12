/**
 * The popup's activity as it meets the handler: registered with the real protocol behind
 * WXT's fake browser, the job journal in real (fake-browser) storage and the invoice book on
 * fake-indexeddb. The invoices are written as an old version's ledger, so the first read also
 * moves them into the book, as an update does.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import { JobJournal } from '@/utils/jobs/journal';
import { jobView } from '@/utils/jobs/job';
import { ledgerItem, type LedgerEntry } from '@/utils/storage';
import { invoiceBook } from '../services/book';
import { contentScript, deliverMessagesFrom, extensionPage, otherExtension } from '@/tests/support/messaging';
import { ledgerEntry } from '@/tests/support/ledger';
import { makeJob } from '@/tests/support/jobs';
import { nordlicht } from '@/tests/support/orders';
import { getActivity } from './activity';
import { isTmsSite } from './tms-sites';

let journal: JobJournal;

beforeEach(() => {
  removeAllHandlers();
  journal = new JobJournal();
  handle('getActivity', () => getActivity(journal));
  allowContentScriptsFrom(isTmsSite);
  deliverMessagesFrom(extensionPage('popup.html'));
});

/** The ledger entry of order `o-<n>` on invoice `inv-<invoice>`. */
const onInvoice = (n: number, invoice: number, over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  ...ledgerEntry(n),
  invoiceId: `inv-${invoice}`,
  invoiceNumber: `RE-${invoice}`,
  url: `https://app.lexware.de/permalink/invoices/view/inv-${invoice}`,
  ...over,
});

describe('getActivity', () => {
  it('has nothing to show before the first job', async () => {
    await expect(request('getActivity', undefined)).resolves.toEqual({ jobs: [], recent: [] });
  });

  it('shows the jobs that run or need the user, the latest first, as job views', async () => {
    const jobs = [
      makeJob('running', { state: 'creating', updatedAt: '2026-11-23T10:00:00.000Z' }),
      makeJob('stuck', { state: 'needs-attention', updatedAt: '2026-11-23T11:00:00.000Z', error: { code: 'unknown-outcome', message: 'HTTP 504' } }),
      makeJob('done', { state: 'done', updatedAt: '2026-11-23T12:00:00.000Z' }),
      makeJob('failed', { state: 'failed', updatedAt: '2026-11-23T12:30:00.000Z' }),
      makeJob('planned', { state: 'planned', updatedAt: '2026-11-23T09:30:00.000Z' }),
    ];
    for (const job of jobs) await journal.put(job);

    const answer = await request('getActivity', undefined);

    expect(answer.jobs.map((j) => [j.id, j.state])).toEqual([
      ['stuck', 'needs-attention'],
      ['running', 'creating'],
      ['planned', 'planned'],
    ]);
    expect(answer.jobs[0]).toEqual(jobView(jobs[1]!));
    // A job view carries the customer's name, not the draft (no address, no texts).
    expect(JSON.stringify(answer)).not.toContain(nordlicht.billingAddress!.street);
  });

  it('shows the last invoices, newest first, each once with its orders in the order they were invoiced', async () => {
    await ledgerItem.set([
      onInvoice(1, 1, { invoiceGrossMinor: 148750 }),
      onInvoice(2, 2, { invoiceGrossMinor: 297500, createdAt: '2026-11-13T10:00:00.000Z' }),
      onInvoice(3, 2, { invoiceGrossMinor: 297500, createdAt: '2026-11-13T10:00:00.000Z' }),
      onInvoice(4, 3, { invoiceNumber: null, provider: 'sevdesk', url: 'https://my.sevdesk.de/fi/detail/type/RE/id/3', createdAt: '2026-11-14T10:00:00.000Z' }),
    ]);

    const { recent } = await request('getActivity', undefined);

    expect(recent.map((r) => [r.invoiceId, r.orderNumbers])).toEqual([
      ['inv-3', ['A-4']],
      ['inv-2', ['A-2', 'A-3']],
      ['inv-1', ['A-1']],
    ]);
    expect(recent[0]).toEqual({
      provider: 'sevdesk',
      invoiceId: 'inv-3',
      invoiceNumber: null,
      url: 'https://my.sevdesk.de/fi/detail/type/RE/id/3',
      customerName: nordlicht.name,
      orderNumbers: ['A-4'],
      // The old ledger kept no gross for it: its net is all that is known.
      grossMinor: 125000,
      currency: 'EUR',
      createdAt: '2026-11-14T10:00:00.000Z',
      status: 'open',
    });
    expect(recent[1]!.grossMinor).toBe(297500);
  });

  it('stops at the ten newest invoices, with every order of the tenth', async () => {
    const day = (n: number) => `2026-11-${String(10 + n).padStart(2, '0')}T10:00:00.000Z`;
    const entries = Array.from({ length: 12 }, (_, i) => onInvoice(i + 1, i + 1, { createdAt: day(i + 1) }));
    // The oldest shown invoice (inv-3) has a second order, booked right after its first.
    entries.splice(3, 0, onInvoice(99, 3, { createdAt: day(3) }));
    await ledgerItem.set(entries);

    const { recent } = await request('getActivity', undefined);

    expect(recent.map((r) => r.invoiceId)).toEqual(['inv-12', 'inv-11', 'inv-10', 'inv-9', 'inv-8', 'inv-7', 'inv-6', 'inv-5', 'inv-4', 'inv-3']);
    expect(recent.at(-1)!.orderNumbers).toEqual(['A-3', 'A-99']);
  });

  it('shows what it can read when a stored entry is broken, and keeps the broken one aside', async () => {
    await fakeBrowser.storage.local.set({ ledger: [onInvoice(1, 1), { invoiceId: 'inv-broken', orderNumber: 7 }] });
    const { recent } = await request('getActivity', undefined);
    expect(recent.map((r) => r.invoiceId)).toEqual(['inv-1']);
    const rejected = await (await invoiceBook()).db.rejected.toArray();
    expect(rejected.map((r) => r.raw)).toEqual([{ invoiceId: 'inv-broken', orderNumber: 7 }]);
  });

  it('leaves out an invoice whose stored link is no web address, instead of failing the whole list', async () => {
    await ledgerItem.set([onInvoice(1, 1), onInvoice(2, 2, { url: 'javascript:alert(1)' }), onInvoice(3, 3, { url: '' })]);
    const { recent } = await request('getActivity', undefined);
    expect(recent.map((r) => r.invoiceId)).toEqual(['inv-1']);
  });

  it('refuses a message with data, other extensions and pages that are no TMS site', async () => {
    await journal.put(makeJob('running', { state: 'creating' }));
    await expect(request('getActivity', { all: true } as never)).rejects.toThrow(/malformed "getActivity"/);
    deliverMessagesFrom(otherExtension());
    await expect(request('getActivity', undefined)).rejects.toThrow(/unknown sender/);
    deliverMessagesFrom(contentScript('https://elsewhere.example.com/orders'));
    await expect(request('getActivity', undefined)).rejects.toThrow(/not a TMS site/);
  });
});
