/**
 * The run review's and the run progress's messages: start a billing run from the drafts
 * the review composed, follow it, and steer it.
 */
import type { RequestOf, ResponseOf, SenderInfo } from '@/utils/messaging';
import { validateDraft } from '@/utils/domain/validate-draft';
import { isBlocking } from '@/utils/domain/problems';
import type { BillingRun } from '@/utils/jobs/billing-run';
import type { RunJournal } from '@/utils/jobs/run-journal';
import type { BillingRuns } from '@/utils/jobs/run-service';
import { secretsItem, settingsItem } from '@/utils/storage';
import { failure } from '../services/results';

function refuse(code: string, message: string): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code, message } };
}

/** A page sees and steers only its own site's runs. */
const visibleTo = (run: BillingRun, sender: SenderInfo) => !sender.fromContentScript || sender.origin === run.origin;

export async function startBillingRun(req: RequestOf<'startBillingRun'>, sender: SenderInfo, runs: BillingRuns): Promise<ResponseOf<'startBillingRun'>> {
  if (sender.fromContentScript && sender.origin !== req.origin) return refuse('foreign-origin', 'The run belongs to another site');
  const [settings, secrets] = await Promise.all([settingsItem.get(), secretsItem.get()]);
  const connected = secrets[settings.provider] !== undefined;
  const keys = new Set<string>();
  const orders = new Set<string>();
  for (const { key, draft } of req.invoices) {
    if (draft.tms.origin !== req.origin) return refuse('foreign-origin', 'A draft belongs to another site');
    if (draft.provider !== settings.provider) return refuse('provider-changed', 'The active billing system changed; open the review again');
    // Defence in depth, as for one invoice: nothing half-valid is sent.
    if (isBlocking(validateDraft(draft, { connected }))) return refuse('invalid-draft', `The invoice for ${draft.customer.name} has blocking problems`);
    if (keys.has(key)) return refuse('invalid-run', 'Two invoices of the run have the same key');
    keys.add(key);
    for (const p of draft.positions) {
      // One order on two invoices of one run would bill it twice.
      if (orders.has(p.orderId)) return refuse('invalid-run', `Order ${p.orderNumber} is on two invoices of the run`);
      orders.add(p.orderId);
    }
  }
  try {
    const run = await runs.start({
      origin: req.origin,
      provider: settings.provider,
      invoices: req.invoices,
      setAside: req.setAside,
      allowReinvoice: req.allowReinvoice,
      tabId: sender.tabId,
      requestId: req.requestId,
    });
    return { ok: true, run };
  } catch (error) {
    return failure(error);
  }
}

export async function getBillingRun(req: RequestOf<'getBillingRun'>, sender: SenderInfo, journal: RunJournal): Promise<ResponseOf<'getBillingRun'>> {
  if (req.runId) {
    const run = await journal.get(req.runId);
    return { run: run && visibleTo(run, sender) ? run : null };
  }
  const shown = (await journal.list()).filter((r) => !r.dismissed && visibleTo(r, sender));
  return { run: shown.at(-1) ?? null };
}

export async function controlBillingRun(req: RequestOf<'controlBillingRun'>, sender: SenderInfo, runs: BillingRuns, journal: RunJournal): Promise<ResponseOf<'controlBillingRun'>> {
  const run = await journal.get(req.runId);
  if (!run || !visibleTo(run, sender)) return refuse('not-found', 'No such billing run');
  try {
    return { ok: true, run: await runs.control(req.runId, req.action) };
  } catch (error) {
    return failure(error);
  }
}
