/**
 * downloadEInvoice as pages meet it: real protocol behind WXT's fake browser, the provider
 * faked at the edge. A TMS tab gets only the files of invoices its own job created.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import type { BillingProvider } from '@/utils/billing/provider';
import { BillingError } from '@/utils/billing/errors';
import { JobJournal } from '@/utils/jobs/journal';
import type { Job } from '@/utils/jobs/job';
import { sitesItem } from '@/utils/storage';
import { contentScript, deliverMessagesFrom, extensionPage } from '@/tests/support/messaging';
import { TMS_ORIGIN } from '@/tests/support/orders';
import { makeDraft } from '@/tests/support/drafts';
import { fakeProvider } from '@/tests/support/billing';
import * as providers from '../services/providers';
import { isTmsSite } from './tms-sites';
import { downloadEInvoice, getCompanyData } from './e-invoice';

let journal: JobJournal;
let provider: BillingProvider;
const PDF = new TextEncoder().encode('%PDF-1.7 …');

function job(tabId: number, invoiceId: string): Job {
  const now = '2026-11-23T10:00:00.000Z';
  return {
    id: `job-${invoiceId}`,
    fingerprint: `lexware:${invoiceId}`,
    createdAt: now,
    updatedAt: now,
    state: 'done',
    tabId,
    draft: makeDraft(),
    invoice: { id: invoiceId, number: 'RE0007', url: 'https://app.lexware.de/permalink/invoices/edit/x', status: 'open' },
    writeBack: [],
    history: [],
  };
}

beforeEach(async () => {
  removeAllHandlers();
  provider = fakeProvider({ downloadFile: vi.fn(async () => ({ fileName: 'RE0007.pdf', mimeType: 'application/pdf', bytes: PDF })) });
  vi.spyOn(providers, 'providerFor').mockImplementation(async () => provider);
  await sitesItem.set([{ origin: TMS_ORIGIN, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' }]);
  journal = new JobJournal();
  await journal.put(job(7, 'inv-own'));
  await journal.put(job(8, 'inv-other-tab'));
  handle('downloadEInvoice', (req, sender) => downloadEInvoice(req, sender, journal));
  handle('getCompanyData', (req) => getCompanyData(req));
  allowContentScriptsFrom(isTmsSite);
});

describe('getCompanyData', () => {
  it('answers the options page with what the active billing system reports', async () => {
    provider = fakeProvider({ companyData: vi.fn(async () => ({ companyName: 'Fuhrunternehmen Sandmann GmbH', seller: {}, xRechnungAvailable: true })) });
    deliverMessagesFrom(extensionPage('options.html'));
    expect(await request('getCompanyData', undefined)).toEqual({ ok: true, provider: 'lexware', data: { companyName: 'Fuhrunternehmen Sandmann GmbH', seller: {}, xRechnungAvailable: true } });
  });

  it('a failing billing system is a failure, and a TMS page may not ask', async () => {
    provider = fakeProvider({ companyData: vi.fn(async () => Promise.reject(new BillingError('auth', 'Unauthorized'))) });
    deliverMessagesFrom(extensionPage('options.html'));
    expect(await request('getCompanyData', undefined)).toMatchObject({ ok: false, error: { code: 'auth' } });
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`, 7));
    await expect(request('getCompanyData', undefined)).rejects.toThrow();
  });
});

describe('downloadEInvoice', () => {
  it("the tab whose job created the invoice gets its PDF as base64 with the file name", async () => {
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`, 7));
    const answer = await request('downloadEInvoice', { provider: 'lexware', invoiceId: 'inv-own', format: 'pdf' });
    expect(answer).toMatchObject({ ok: true, fileName: 'RE0007.pdf', mimeType: 'application/pdf' });
    const bytes = answer.ok ? Uint8Array.from(atob(answer.base64), (c) => c.charCodeAt(0)) : new Uint8Array();
    expect(new TextDecoder().decode(bytes)).toBe('%PDF-1.7 …');
    expect(provider.downloadFile).toHaveBeenCalledWith('inv-own', 'pdf');
    expect(JSON.stringify(answer)).not.toMatch(/apiKey|Bearer/);
  });

  it("another tab's invoice, or any invoice id, is refused for a page, and nothing is fetched", async () => {
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`, 7));
    expect(await request('downloadEInvoice', { provider: 'lexware', invoiceId: 'inv-other-tab', format: 'pdf' })).toMatchObject({ ok: false, error: { code: 'foreign-invoice' } });
    expect(await request('downloadEInvoice', { provider: 'lexware', invoiceId: 'someone-elses', format: 'xml' })).toMatchObject({ ok: false, error: { code: 'foreign-invoice' } });
    expect(provider.downloadFile).not.toHaveBeenCalled();
  });

  it('extension pages may download any invoice; a missing file comes back as not-found', async () => {
    deliverMessagesFrom(extensionPage('popup.html'));
    vi.mocked(provider.downloadFile!).mockRejectedValueOnce(new BillingError('not-found', 'Lexware Office answered 404', { status: 404 }));
    expect(await request('downloadEInvoice', { provider: 'lexware', invoiceId: 'inv-other-tab', format: 'xml' })).toMatchObject({ ok: false, error: { code: 'not-found', status: 404 } });
  });
});
