/**
 * The job journal in storage.local: one key per job and an index of ids. Writes are
 * serialised in this context (the service worker is the only writer), and each job is
 * validated on its own, so one damaged entry never takes the others with it.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { jobIndexItem, jobKey, LEGACY_JOBS_KEY, quarantine } from '../storage';
import { describeIssues } from '../salvage';
import { JobSchema, type Job } from './job';

const DONE_JOBS_KEPT_DAYS = 30;

export class JobJournal {
  private chain: Promise<unknown> = Promise.resolve();
  private migrated: Promise<void> | undefined;

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Version 1 kept every job in one item: move them to their own keys, once. */
  private migrate(): Promise<void> {
    return (this.migrated ??= (async () => {
      const legacy = await storage.getItem<Record<string, unknown>>(LEGACY_JOBS_KEY);
      if (!legacy || typeof legacy !== 'object') return;
      const ids = Object.keys(legacy);
      await storage.setItems(ids.map((id) => ({ key: jobKey(id), value: legacy[id] })));
      await jobIndexItem.set([...new Set([...(await jobIndexItem.get()), ...ids])]);
      await storage.removeItem(LEGACY_JOBS_KEY);
    })());
  }

  private async read(id: string): Promise<Job | undefined> {
    const parsed = v.safeParse(JobSchema, await storage.getItem(jobKey(id)));
    return parsed.success ? parsed.output : undefined;
  }

  async list(): Promise<Job[]> {
    await this.migrate();
    const ids = await jobIndexItem.get();
    if (ids.length === 0) return [];
    const values = await storage.getItems(ids.map(jobKey));
    const damaged: { id: string; raw: unknown; reason: string }[] = [];
    const jobs = values.flatMap(({ value }, i) => {
      if (value === null || value === undefined) return [];
      const parsed = v.safeParse(JobSchema, value);
      if (parsed.success) return [parsed.output];
      damaged.push({ id: ids[i]!, raw: value, reason: describeIssues(parsed.issues) });
      return [];
    });
    if (damaged.length > 0) await this.setAside(damaged);
    return jobs;
  }

  /** A job that can't be read moves, raw, to the quarantine: never resumed blindly, never lost. */
  private setAside(damaged: readonly { id: string; raw: unknown; reason: string }[]): Promise<void> {
    return this.serial(async () => {
      for (const d of damaged) await quarantine(jobKey(d.id), [{ path: [], raw: d.raw, reason: d.reason }]);
      // Only the entries still as they were: a job rewritten meanwhile is not removed.
      const current = await storage.getItems(damaged.map((d) => jobKey(d.id)));
      const gone = damaged.filter((d, i) => JSON.stringify(current[i]?.value) === JSON.stringify(d.raw)).map((d) => d.id);
      if (gone.length === 0) return;
      await storage.removeItems(gone.map(jobKey));
      await jobIndexItem.set((await jobIndexItem.get()).filter((id) => !gone.includes(id)));
    });
  }

  async get(id: string): Promise<Job | undefined> {
    await this.migrate();
    return this.read(id);
  }

  put(job: Job): Promise<Job> {
    return this.serial(async () => {
      await this.migrate();
      const checked = v.parse(JobSchema, job);
      await storage.setItem(jobKey(job.id), checked);
      const ids = await jobIndexItem.get();
      if (!ids.includes(job.id)) await jobIndexItem.set([...ids, job.id]);
      return checked;
    });
  }

  /** Applies a change to the stored job and persists it before returning. */
  update(id: string, change: (job: Job) => Job): Promise<Job> {
    return this.serial(async () => {
      await this.migrate();
      const current = await this.read(id);
      if (!current) throw new Error(`No job ${id} in the journal`);
      const next = v.parse(JobSchema, change(current));
      await storage.setItem(jobKey(id), next);
      return next;
    });
  }

  /** Removes finished jobs older than a month; the ledger keeps the invoices. */
  prune(now: Date): Promise<void> {
    return this.serial(async () => {
      await this.migrate();
      const cutoff = now.getTime() - DONE_JOBS_KEPT_DAYS * 86_400_000;
      const ids = await jobIndexItem.get();
      const gone: string[] = [];
      for (const id of ids) {
        const job = await this.read(id);
        if (job && job.state === 'done' && Date.parse(job.updatedAt) <= cutoff) gone.push(id);
      }
      if (gone.length === 0) return;
      await storage.removeItems(gone.map(jobKey));
      await jobIndexItem.set(ids.filter((id) => !gone.includes(id)));
    });
  }
}
