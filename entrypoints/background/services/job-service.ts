/** Builds the invoice-job service with the background's real dependencies. */
import { browser } from 'wxt/browser';
import { JobJournal } from '@/utils/jobs/journal';
import { InvoiceJobs } from '@/utils/jobs/service';
import { RunJournal } from '@/utils/jobs/run-journal';
import { BillingRuns } from '@/utils/jobs/run-service';
import type { BillingRun } from '@/utils/jobs/billing-run';
import { jobView } from '@/utils/jobs/job';
import { invoicedOrders, knownInvoiceIds, recordInvoice } from './book';
import { request } from '@/utils/messaging';
import { adapterEntry } from '@/utils/tms/registry';
import type { TmsWriteBack } from '@/utils/tms/adapter';
import { activeRecipe } from '@/utils/tms/recipe/store';
import { writeBackFromRecipe, writeBackNeedsPage } from '@/utils/tms/recipe/write-back';
import { tabWriteBack } from './tab-write-back';
import { providerFor } from './providers';
import { showRunOnBadge } from './run-badge';

// One write-back per code adapter, made on first use. A recipe's is made from its current
// revision, so an edited recipe records with its new template. An id that names nothing (or
// a paused recipe) fails the job's write-back visibly ('no-adapter').
const writeBacks = new Map<string, TmsWriteBack>();
export async function writeBackFor(id: string): Promise<TmsWriteBack | undefined> {
  const recipe = await activeRecipe(id);
  if (recipe) {
    const key = `${id}#${recipe.revision}`;
    let writeBack = writeBacks.get(key);
    // One that needs the TMS page (CSRF meta or cookie, captured sign-in) runs in an open TMS tab.
    if (!writeBack) writeBacks.set(key, (writeBack = writeBackNeedsPage(recipe) ? tabWriteBack(recipe) : writeBackFromRecipe(recipe)));
    return writeBack;
  }
  const entry = adapterEntry(id);
  if (!entry) return undefined;
  let writeBack = writeBacks.get(id);
  if (!writeBack) writeBacks.set(id, (writeBack = entry.writeBack()));
  return writeBack;
}

/** Chrome stops a worker after 30 s without events; an API call every 20 s keeps a running job alive. */
export async function keepAlive<T>(work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void browser.runtime.getPlatformInfo(), 20_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

export function createJobs(
  journal = new JobJournal(),
  runJournal = new RunJournal(),
): { journal: JobJournal; jobs: InvoiceJobs; runJournal: RunJournal; runs: BillingRuns } {
  const jobs = new InvoiceJobs({
    journal,
    provider: providerFor,
    writeBack: writeBackFor,
    recordInvoice: async (job, invoice) => void (await recordInvoice(job, invoice)),
    notify: (job) => {
      void runs.jobChanged(job);
      if (job.tabId === undefined) return;
      // The tab may be gone or reloaded; it asks for the job again when it comes back.
      request('jobUpdated', { job: jobView(job) }, job.tabId).catch(() => undefined);
    },
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    invoicedOrderIds: async (origin, ids) => new Set((await invoicedOrders(origin, ids)).keys()),
    knownInvoiceIds,
    newId: () => crypto.randomUUID(),
    keepAlive,
    // Short waits keep the worker alive (a bare timer dies with an idle worker); longer
    // ones are left to the job alarm, which also resumes everything after a restart.
    wakeAfter: (ms, wake) => {
      if (ms <= 60_000) void keepAlive(() => new Promise((resolve) => setTimeout(resolve, ms))).then(wake);
    },
  });
  // The runs follow their invoice jobs through the jobs' notifications (none before a job starts).
  const runs: BillingRuns = new BillingRuns({
    runs: runJournal,
    journal,
    jobs,
    notify: notifyRun,
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
  });
  return { journal, jobs, runJournal, runs };
}

/** A run's progress goes to the badge and to the tab that started it; the tab asks again when it comes back. */
function notifyRun(run: BillingRun): void {
  void showRunOnBadge(run);
  if (run.tabId === undefined) return;
  request('billingRunUpdated', { run }, run.tabId).catch(() => undefined);
}
