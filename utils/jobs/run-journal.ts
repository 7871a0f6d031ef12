/**
 * Billing runs in storage.local, next to the job journal: one key per run record (small,
 * rewritten after every step), one key per run's input (the drafts of its invoices and the
 * orders the user included again, written once at the start), and an index of run ids.
 * Like the job journal, writes are serialised in the service worker, every entry is
 * validated on its own, and a damaged one moves raw to the quarantine instead of being
 * resumed blindly or lost.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { InvoiceDraftSchema, type InvoiceDraft } from '../domain/invoice';
import { billingRunIndexItem, billingRunInputKey, billingRunKey, quarantine } from '../storage';
import { describeIssues } from '../salvage';
import { BillingRunSchema, type BillingRun } from './billing-run';

export const RunInputSchema = v.object({
  /** The draft of each planned invoice, by the run item's key. */
  drafts: v.record(v.string(), InvoiceDraftSchema),
  /** Already-invoiced orders the user deliberately included again. */
  allowReinvoice: v.array(v.string()),
});
export type RunInput = v.InferOutput<typeof RunInputSchema>;

/** Finished runs whose report was dismissed are forgotten after this long. */
const FINISHED_RUNS_KEPT_DAYS = 30;

export class RunJournal {
  private chain: Promise<unknown> = Promise.resolve();
  /** A run's input as this worker validated it: drafts are checked once per worker, not per step. */
  private readonly inputs = new Map<string, RunInput>();

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async read(id: string): Promise<BillingRun | undefined> {
    const raw = await storage.getItem(billingRunKey(id));
    if (raw === null || raw === undefined) return undefined;
    const parsed = v.safeParse(BillingRunSchema, raw);
    if (parsed.success) return parsed.output;
    await quarantine(billingRunKey(id), [{ path: [], raw, reason: describeIssues(parsed.issues) }]);
    await storage.removeItem(billingRunKey(id));
    return undefined;
  }

  async get(id: string): Promise<BillingRun | undefined> {
    return this.read(id);
  }

  /** Every readable run, oldest first. */
  async list(): Promise<BillingRun[]> {
    const ids = await billingRunIndexItem.get();
    const runs: BillingRun[] = [];
    for (const id of ids) {
      const run = await this.read(id);
      if (run) runs.push(run);
    }
    return runs;
  }

  /** Stores a new run with its input: the input first, so a stored run always finds its drafts. */
  create(run: BillingRun, input: RunInput): Promise<BillingRun> {
    return this.serial(async () => {
      const checkedInput = v.parse(RunInputSchema, input);
      const checked = v.parse(BillingRunSchema, run);
      await storage.setItem(billingRunInputKey(run.id), checkedInput);
      this.inputs.set(run.id, checkedInput);
      await storage.setItem(billingRunKey(run.id), checked);
      const ids = await billingRunIndexItem.get();
      if (!ids.includes(run.id)) await billingRunIndexItem.set([...ids, run.id]);
      return checked;
    });
  }

  /** Applies a change to the stored run and persists it before returning; unchanged runs are not rewritten. */
  update(id: string, change: (run: BillingRun) => BillingRun): Promise<BillingRun> {
    return this.serial(async () => {
      const current = await this.read(id);
      if (!current) throw new Error(`No billing run ${id}`);
      const next = change(current);
      if (next === current) return current;
      const checked = v.parse(BillingRunSchema, next);
      await storage.setItem(billingRunKey(id), checked);
      return checked;
    });
  }

  /** The draft of one planned invoice, or undefined when the run's input is gone or damaged. */
  async draft(runId: string, key: string): Promise<{ draft: InvoiceDraft; allowReinvoice: string[] } | undefined> {
    let input = this.inputs.get(runId);
    if (!input) {
      const raw = await storage.getItem(billingRunInputKey(runId));
      if (raw === null || raw === undefined) return undefined;
      const parsed = v.safeParse(RunInputSchema, raw);
      if (!parsed.success) {
        await quarantine(billingRunInputKey(runId), [{ path: [], raw, reason: describeIssues(parsed.issues) }]);
        return undefined;
      }
      input = parsed.output;
      this.inputs.set(runId, input);
    }
    const draft = input.drafts[key];
    return draft ? { draft, allowReinvoice: input.allowReinvoice } : undefined;
  }

  /** Forgets finished, dismissed runs older than a month; the ledger keeps their invoices. */
  prune(now: Date): Promise<void> {
    return this.serial(async () => {
      const cutoff = now.getTime() - FINISHED_RUNS_KEPT_DAYS * 86_400_000;
      const ids = await billingRunIndexItem.get();
      const gone: string[] = [];
      for (const id of ids) {
        const run = await this.read(id);
        if (!run || (run.dismissed && run.finishedAt && Date.parse(run.finishedAt) <= cutoff)) gone.push(id);
      }
      if (gone.length === 0) return;
      await storage.removeItems(gone.flatMap((id) => [billingRunKey(id), billingRunInputKey(id)]));
      for (const id of gone) this.inputs.delete(id);
      await billingRunIndexItem.set(ids.filter((id) => !gone.includes(id)));
    });
  }
}
