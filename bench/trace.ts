/**
 * Chromium's performance trace (CDP `Tracing`), and the few questions the benchmark asks of
 * it: which tasks ran on the TMS tab's main thread, how long (wall `dur` and thread CPU
 * `tdur`), and which script events belong to the extension's content script.
 *
 * The page marks moments with `console.timeStamp(label)` (a `TimeStamp` event on its own main
 * thread); that is also how the main thread of the right renderer is found.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession } from '@playwright/test';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; [key: string]: unknown };
}

/**
 * The categories the DevTools performance panel records, minus its expensive
 * disabled-by-default ones (paint invalidation, layer snapshots, counters).
 */
export const CATEGORIES = ['devtools.timeline', 'toplevel', 'v8.execute', 'blink.user_timing', 'loading'];

/**
 * Traces `action`. With `BENCH_TRACES=dir`, the raw trace is also written to
 * `dir/<label>.json` (open it in the DevTools performance panel).
 */
export async function record<T>(cdp: CDPSession, label: string, action: () => Promise<T>): Promise<{ result: T; events: TraceEvent[] }> {
  const events: TraceEvent[] = [];
  const collect = (payload: { value: object[] }) => {
    for (const event of payload.value) events.push(event as TraceEvent);
  };
  cdp.on('Tracing.dataCollected', collect);
  try {
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordContinuously' }, transferMode: 'ReportEvents' });
    let result: T;
    try {
      result = await action();
    } finally {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
    }
    const dir = process.env.BENCH_TRACES;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${label}-${Date.now()}.json`), JSON.stringify({ traceEvents: events }));
    }
    return { result, events };
  } finally {
    cdp.off('Tracing.dataCollected', collect);
  }
}

/** Milliseconds from the trace's microseconds. */
export const ms = (us: number | undefined) => (us ?? 0) / 1000;

export const end = (e: TraceEvent) => e.ts + (e.dur ?? 0);

export class Trace {
  /** Complete events of the page's main thread, by start time. */
  readonly main: TraceEvent[];
  /** The page's own markers, by label. */
  readonly stamps: TraceEvent[];
  /** Top-level tasks of the main thread (the scheduler's RunTask), by start time. */
  readonly tasks: TraceEvent[];

  constructor(
    readonly events: TraceEvent[],
    private readonly extensionUrl: string,
  ) {
    const stamps = events.filter((e) => e.name === 'TimeStamp' && typeof e.args?.data?.message === 'string' && String(e.args.data.message).startsWith('frachtbeleg-bench:'));
    const first = stamps[0];
    if (!first) throw new Error('the trace holds none of the page\'s markers: was the right tab traced?');
    const { pid, tid } = first;
    this.stamps = stamps.filter((e) => e.pid === pid && e.tid === tid).sort((a, b) => a.ts - b.ts);
    this.main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X').sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    this.tasks = outermost(this.main.filter((e) => e.name === 'ThreadControllerImpl::RunTask'));
  }

  stamp(label: string, after = 0): TraceEvent | undefined {
    return this.stamps.find((e) => e.args?.data?.message === `frachtbeleg-bench:${label}` && e.ts >= after);
  }

  /** The top-level task during which `ts` happened. */
  taskAt(ts: number): TraceEvent | undefined {
    return this.tasks.find((t) => t.ts <= ts && ts <= end(t));
  }

  within(task: TraceEvent, name?: string): TraceEvent[] {
    return this.main.filter((e) => e !== task && e.ts >= task.ts && end(e) <= end(task) && (name === undefined || e.name === name));
  }

  isOurs(e: TraceEvent): boolean {
    const url = e.args?.data?.url;
    return typeof url === 'string' && url.startsWith(this.extensionUrl);
  }

  /** The content script's own script events (EvaluateScript, FunctionCall), outermost only. */
  ours(from = 0, to = Infinity): TraceEvent[] {
    return outermost(this.main.filter((e) => (e.name === 'EvaluateScript' || e.name === 'FunctionCall') && this.isOurs(e) && e.ts >= from && e.ts <= to));
  }

  /**
   * The microtask checkpoint that runs right after one of our callbacks (Blink runs one when
   * a callback returns to an empty stack): Vue's scheduler flushes the re-render there.
   * Counted as ours.
   */
  microtasksAfter(call: TraceEvent): TraceEvent[] {
    const next = this.main.find((e) => e.name === 'RunMicrotasks' && e.ts >= end(call) && e.ts - end(call) <= 2000);
    return next ? [next] : [];
  }

  /** The first task at or after `ts` that painted a frame (Paint on the main thread). */
  nextPaintTask(ts: number): TraceEvent | undefined {
    return this.tasks.find((t) => end(t) >= ts && this.main.some((e) => e.name === 'Paint' && e.ts >= Math.max(t.ts, ts) && end(e) <= end(t)));
  }

  /** Every task that overlaps [from, to]. */
  tasksBetween(from: number, to: number): TraceEvent[] {
    return this.tasks.filter((t) => end(t) > from && t.ts < to);
  }
}

/** Drops events nested in an earlier kept one. Input sorted by start time. */
export function outermost(events: TraceEvent[]): TraceEvent[] {
  const kept: TraceEvent[] = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))) {
    const last = kept[kept.length - 1];
    if (last && e.ts >= last.ts && end(e) <= end(last)) continue;
    kept.push(e);
  }
  return kept;
}

export const sum = (events: TraceEvent[], key: 'dur' | 'tdur') => events.reduce((total, e) => total + ms(e[key]), 0);

/** In the page: a marker in the trace at this very moment. */
export function stampScript(label: string): string {
  return `console.timeStamp(${JSON.stringify(`frachtbeleg-bench:${label}`)})`;
}
