/**
 * The background's side of e-invoices beyond the preview (#16): the sevdesk payment methods
 * the options offer for its e-invoices, and the invoice files the result view downloads.
 */
import type { JobJournal } from '@/utils/jobs/journal';
import type { RequestOf, ResponseOf, SenderInfo } from '@/utils/messaging';
import { providerFor } from '../services/providers';
import { failure } from '../services/results';
import { settingsItem } from '@/utils/storage';

export async function getSevdeskPaymentMethods(_req: RequestOf<'getSevdeskPaymentMethods'>): Promise<ResponseOf<'getSevdeskPaymentMethods'>> {
  try {
    const provider = await providerFor('sevdesk');
    return { ok: true, methods: ((await provider.paymentMethods?.()) ?? []).slice(0, 200) };
  } catch (error) {
    return failure(error);
  }
}

/** What the active billing system reports of the own company (nothing is stored here). */
export async function getCompanyData(_req: RequestOf<'getCompanyData'>): Promise<ResponseOf<'getCompanyData'>> {
  try {
    const { provider: id } = await settingsItem.get();
    const provider = await providerFor(id);
    const data = (await provider.companyData?.()) ?? { seller: {} };
    return { ok: true, provider: id, data };
  } catch (error) {
    return failure(error);
  }
}

/** Bytes to base64 in chunks (a PDF is too long for one String.fromCharCode call). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A TMS page may download only what its own tab's job created: the content script of another
 * tab (or site) must not read the user's invoices by id. Extension pages may download any.
 */
export async function downloadEInvoice(req: RequestOf<'downloadEInvoice'>, sender: SenderInfo, journal: JobJournal): Promise<ResponseOf<'downloadEInvoice'>> {
  if (sender.fromContentScript) {
    const jobs = await journal.list();
    const own = jobs.some(
      (j) => j.draft.provider === req.provider && j.invoice?.id === req.invoiceId && j.tabId !== undefined && j.tabId === sender.tabId && j.draft.tms.origin === sender.origin,
    );
    if (!own) return { ok: false, error: { code: 'foreign-invoice', message: 'This tab did not create that invoice' } };
  }
  try {
    const provider = await providerFor(req.provider);
    if (!provider.downloadFile) return { ok: false, error: { code: 'unsupported', message: `${provider.name} offers no file download` } };
    const file = await provider.downloadFile(req.invoiceId, req.format);
    return { ok: true, fileName: file.fileName, mimeType: req.format === 'xml' ? 'application/xml' : 'application/pdf', base64: toBase64(file.bytes) };
  } catch (error) {
    return failure(error);
  }
}
