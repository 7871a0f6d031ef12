/**
 * The panel's and popup's questions about one invoice job: where it stands, and how the
 * user settles one that needs attention.
 */
import type { RequestOf, ResponseOf } from '@/utils/messaging';
import { jobView } from '@/utils/jobs/job';
import type { JobJournal } from '@/utils/jobs/journal';
import type { InvoiceJobs } from '@/utils/jobs/service';
import { failure } from '../services/results';

export async function getJob(req: RequestOf<'getJob'>, journal: JobJournal): Promise<ResponseOf<'getJob'>> {
  const job = await journal.get(req.jobId);
  return { job: job ? jobView(job) : null };
}

export async function resolveJob(req: RequestOf<'resolveJob'>, jobs: InvoiceJobs): Promise<ResponseOf<'resolveJob'>> {
  try {
    return { ok: true, job: jobView(await jobs.resolve(req.jobId, req.action)) };
  } catch (error) {
    return failure(error);
  }
}
