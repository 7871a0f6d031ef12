/**
 * sevdesk has no rate limit, but "Anfragen, die zu Fehlermeldungen führen" can get the API
 * token blocked (sevdesk API FAQ). After a streak of failed requests every further request
 * waits, longer the longer the streak lasts; one success ends the streak.
 *
 * The guard belongs to the token bucket, not to a provider object: the background builds a
 * provider per call but shares one bucket per billing system, so the streak survives calls.
 */
import type { TokenBucket } from '../rate-limit';

export interface ErrorStreakOptions {
  /** Failures in a row before requests are held. */
  threshold: number;
  /** Pause after the threshold-th failure, the next one, …; the last one repeats. */
  pausesMs: readonly number[];
}

export const DEFAULT_ERROR_STREAK: ErrorStreakOptions = { threshold: 3, pausesMs: [5_000, 15_000, 60_000] };

export interface ErrorStreakGuard {
  /** Feed every request's outcome here (createHttpClient's `onOutcome`). */
  record(ok: boolean): void;
  /** Failures in a row so far. */
  readonly streak: number;
}

export function createErrorStreakGuard(bucket: TokenBucket, options: ErrorStreakOptions = DEFAULT_ERROR_STREAK): ErrorStreakGuard {
  let streak = 0;
  return {
    record(ok) {
      if (ok) {
        streak = 0;
        return;
      }
      streak += 1;
      if (streak < options.threshold) return;
      const step = Math.min(streak - options.threshold, options.pausesMs.length - 1);
      const pause = options.pausesMs[step];
      if (pause !== undefined && pause > 0) bucket.pause(pause);
    },
    get streak() {
      return streak;
    },
  };
}

const guards = new WeakMap<TokenBucket, ErrorStreakGuard>();

/** The one guard of a bucket, created on first use. */
export function errorStreakGuardFor(bucket: TokenBucket, options?: ErrorStreakOptions): ErrorStreakGuard {
  let guard = guards.get(bucket);
  if (!guard) {
    guard = createErrorStreakGuard(bucket, options);
    guards.set(bucket, guard);
  }
  return guard;
}
