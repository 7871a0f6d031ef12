import * as v from 'valibot';
import type { ResponseOf } from '@/utils/messaging';
import { HttpUrlSchema } from '@/utils/domain/order';
import { ACTIVE_STATES, jobView } from '@/utils/jobs/job';
import type { JobJournal } from '@/utils/jobs/journal';
import { recentInvoices } from '../services/book';
import { displayStatus } from '@/utils/book/status';
import { todayIso } from '@/utils/domain/dates';

/** What the popup shows: jobs that are running or need the user, and the last invoices. */
export async function getActivity(journal: JobJournal, recentLimit = 10): Promise<ResponseOf<'getActivity'>> {
  const [jobs, invoices] = await Promise.all([journal.list(), recentInvoices(recentLimit)]);
  const open = jobs
    .filter((j) => ACTIVE_STATES.has(j.state) || j.state === 'needs-attention')
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .map((j) => jobView(j));
  const today = todayIso();
  const recent = invoices
    // The popup refuses an answer with a link that is no web address: leave such an invoice
    // out rather than lose the whole list.
    .filter((r) => v.is(HttpUrlSchema, r.deepLink))
    .map((r) => ({
      provider: r.provider,
      invoiceId: r.invoiceId,
      invoiceNumber: r.invoiceNumber,
      url: r.deepLink,
      customerName: r.customerName,
      orderNumbers: r.orderNumbers,
      grossMinor: r.grossMinor,
      currency: r.currency,
      createdAt: r.createdAt,
      status: displayStatus(r, today),
    }));
  return { jobs: open, recent };
}
