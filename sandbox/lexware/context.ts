/** What every handler of the emulator shares: the data, the clock and the run-time settings. */
import type { LexwareStore } from './store';
import type { RateLimitSettings } from './token-bucket';

export interface LexwareSettings {
  rateLimit: RateLimitSettings | false;
  contactSyncDelayMs: number;
  /** How long every admitted `/v1` request takes before it is handled (tests that need a run in flight); default 0. */
  latencyMs: number;
}

export interface LexwareContext {
  readonly store: LexwareStore;
  /** Current settings; `/__sandbox/config` replaces them, reset restores the construction options. */
  settings(): LexwareSettings;
  now(): Date;
}

/** The resource URL as Lexware reports it in action results and `Location` headers. */
export function resourceUri(origin: string, collection: 'contacts' | 'invoices' | 'credit-notes' | 'dunnings', id: string): string {
  return `${origin}/v1/${collection}/${id}`;
}
