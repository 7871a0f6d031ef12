/**
 * The job journal in storage.local. Writes are serialised in this context (the service
 * worker is the only writer), and each entry is validated on its own.
 */
import * as v from 'valibot';
import { jobsItem } from '../storage';
import { JobSchema, type Job } from './job';

const DONE_JOBS_KEPT_DAYS = 30;

export class JobJournal {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly item = jobsItem) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  async list(): Promise<Job[]> {
    const raw = await this.item.get();
    return Object.values(raw).flatMap((entry) => {
      const parsed = v.safeParse(JobSchema, entry);
      return parsed.success ? [parsed.output] : [];
    });
  }

  async get(id: string): Promise<Job | undefined> {
    const parsed = v.safeParse(JobSchema, (await this.item.get())[id]);
    return parsed.success ? parsed.output : undefined;
  }

  put(job: Job): Promise<Job> {
    return this.serial(async () => {
      const checked = v.parse(JobSchema, job);
      const raw = await this.item.get();
      await this.item.set({ ...raw, [job.id]: checked });
      return checked;
    });
  }

  /** Applies a change to the stored job and persists it before returning. */
  update(id: string, change: (job: Job) => Job): Promise<Job> {
    return this.serial(async () => {
      const raw = await this.item.get();
      const current = v.parse(JobSchema, raw[id]);
      const next = v.parse(JobSchema, change(current));
      await this.item.set({ ...raw, [id]: next });
      return next;
    });
  }

  /** Removes finished jobs older than a month; the ledger keeps the invoices. */
  prune(now: Date): Promise<void> {
    return this.serial(async () => {
      const raw = await this.item.get();
      const cutoff = now.getTime() - DONE_JOBS_KEPT_DAYS * 86_400_000;
      const kept = Object.fromEntries(
        Object.entries(raw).filter(([, entry]) => {
          const parsed = v.safeParse(JobSchema, entry);
          return !parsed.success || parsed.output.state !== 'done' || Date.parse(parsed.output.updatedAt) > cutoff;
        }),
      );
      if (Object.keys(kept).length !== Object.keys(raw).length) await this.item.set(kept);
    });
  }
}
