/**
 * The last connection test per billing system, kept in memory for a few minutes, so the
 * popup can show "Connected to …" each time it opens without asking the billing API each
 * time. Saving or removing a key replaces or forgets the entry.
 */
import type { ProviderId } from '@/utils/domain/provider-rules';
import type { ResponseOf } from '@/utils/messaging';

type Result = ResponseOf<'testConnection'>;

/** A success stays good for 5 minutes; a failure (maybe a passing network problem) for 30 s. */
export const CONNECTION_OK_MS = 5 * 60_000;
export const CONNECTION_FAILED_MS = 30_000;

export class ConnectionCache {
  private readonly entries = new Map<ProviderId, { result: Result; at: number }>();

  get(provider: ProviderId, now: number): Result | undefined {
    const entry = this.entries.get(provider);
    if (!entry) return undefined;
    const maxAge = entry.result.ok ? CONNECTION_OK_MS : CONNECTION_FAILED_MS;
    if (now - entry.at >= maxAge || now < entry.at) {
      this.entries.delete(provider);
      return undefined;
    }
    return entry.result;
  }

  set(provider: ProviderId, result: Result, now: number): void {
    this.entries.set(provider, { result, at: now });
  }

  forget(provider: ProviderId): void {
    this.entries.delete(provider);
  }
}
