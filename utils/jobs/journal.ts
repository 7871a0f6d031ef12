/**
 * The job journal in storage.local: one key per job and an index of ids. Writes are
 * serialised in this context (the service worker is the only writer), and each job is
 * validated on its own, so one damaged entry never takes the others with it.
 *
 * A job's draft (up to thousands of positions) is validated once: when the job is stored, or
 * when a fresh worker first reads it. The journal keeps what it validated in memory, so an
 * update checks only the job's state, and a read finds the stored entry unchanged by its
 * `updatedAt` stamp. Only extension contexts can write storage.local (storage-access.ts),
 * and of those only this journal writes jobs.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { jobIndexItem, jobKey, LEGACY_JOBS_KEY, quarantine } from '../storage';
import { describeIssues } from '../salvage';
import { JobSchema, JobStateSchema, type Job } from './job';

const DONE_JOBS_KEPT_DAYS = 30;

export class JobJournal {
  private chain: Promise<unknown> = Promise.resolve();
  private migrated: Promise<void> | undefined;
  /** The jobs as this worker last validated or wrote them. */
  private readonly known = new Map<string, Job>();

  /** A stored value this worker wrote itself needs no second validation. */
  private validated(id: string, raw: unknown): { success: true; output: Job } | { success: false; issues: v.BaseIssue<unknown>[] } {
    const mine = this.known.get(id);
    if (mine && isStamped(raw, mine)) return { success: true, output: mine };
    const parsed = v.safeParse(JobSchema, raw);
    if (!parsed.success) {
      this.known.delete(id);
      return { success: false, issues: parsed.issues };
    }
    this.known.set(id, parsed.output);
    return { success: true, output: parsed.output };
  }

  /** Known before written, so a read racing the write trusts either stamp; forgotten if the write fails. */
  private async write(job: Job): Promise<void> {
    this.known.set(job.id, job);
    try {
      await storage.setItem(jobKey(job.id), job);
    } catch (error) {
      this.known.delete(job.id);
      throw error;
    }
  }

  /** Checks a changed job: the state always, the draft only when the change replaced it. */
  private check(next: Job, previous?: Job): Job {
    if (!previous || next.draft !== previous.draft) return v.parse(JobSchema, next);
    const { draft, ...state } = next;
    return { ...v.parse(JobStateSchema, state), draft };
  }

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
    const parsed = this.validated(id, await storage.getItem(jobKey(id)));
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
      const parsed = this.validated(ids[i]!, value);
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
      for (const id of gone) this.known.delete(id);
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
      const checked = this.check(job);
      await this.write(checked);
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
      const next = this.check(change(current), current);
      await this.write(next);
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
      for (const id of gone) this.known.delete(id);
      await jobIndexItem.set(ids.filter((id) => !gone.includes(id)));
    });
  }
}

/** The stored entry is the one this worker wrote: same job, same update stamp, same state. */
function isStamped(raw: unknown, job: Job): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = raw as Record<string, unknown>;
  return r.id === job.id && r.updatedAt === job.updatedAt && r.state === job.state && r.fingerprint === job.fingerprint;
}
