import * as v from 'valibot';
import type { ResponseOf } from '@/utils/messaging';
import { HttpUrlSchema } from '@/utils/domain/order';
import { ledgerItem } from '@/utils/storage';
import { ACTIVE_STATES, jobView } from '@/utils/jobs/job';
import type { JobJournal } from '@/utils/jobs/journal';

/** What the popup shows: jobs that are running or need the user, and the last invoices. */
export async function getActivity(journal: JobJournal, recentLimit = 10): Promise<ResponseOf<'getActivity'>> {
  const [jobs, entries] = await Promise.all([journal.list(), ledgerItem.get()]);
  const open = jobs
    .filter((j) => ACTIVE_STATES.has(j.state) || j.state === 'needs-attention')
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .map((j) => jobView(j));
  const byInvoice = new Map<string, ResponseOf<'getActivity'>['recent'][number]>();
  for (let i = entries.length - 1; i >= 0 && byInvoice.size <= recentLimit; i--) {
    const e = entries[i]!;
    // The popup refuses an answer with a link that is no web address: leave such an entry out
    // rather than lose the whole list.
    if (!v.is(HttpUrlSchema, e.url)) continue;
    const known = byInvoice.get(e.invoiceId);
    if (known) {
      known.orderNumbers.unshift(e.orderNumber);
      continue;
    }
    if (byInvoice.size === recentLimit) break;
    byInvoice.set(e.invoiceId, {
      provider: e.provider,
      invoiceId: e.invoiceId,
      invoiceNumber: e.invoiceNumber,
      url: e.url,
      customerName: e.customerName,
      orderNumbers: [e.orderNumber],
      ...(e.invoiceGrossMinor !== undefined ? { grossMinor: e.invoiceGrossMinor } : {}),
      currency: e.currency,
      createdAt: e.createdAt,
    });
  }
  return { jobs: open, recent: [...byInvoice.values()] };
}
