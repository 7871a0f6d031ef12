/**
 * Lexware limits each client with a token bucket over all endpoints together ("up to 2 requests
 * per second"). Tokens refill continuously, so a client pacing itself at exactly the rate never
 * waits, while a burst beyond the capacity is refused until tokens have trickled back.
 */
export interface RateLimitSettings {
  capacity: number;
  refillPerSecond: number;
}

export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;

  constructor(
    private readonly settings: RateLimitSettings,
    nowMs: number,
  ) {
    this.tokens = settings.capacity;
    this.lastRefillMs = nowMs;
  }

  /** Takes one token if there is one; false means the request must be refused (and not performed). */
  tryTake(nowMs: number): boolean {
    // A fake clock may be set back in tests; time never runs backwards for the bucket.
    const elapsed = Math.max(0, nowMs - this.lastRefillMs);
    this.tokens = Math.min(this.settings.capacity, this.tokens + (elapsed / 1000) * this.settings.refillPerSecond);
    this.lastRefillMs = Math.max(this.lastRefillMs, nowMs);
    // Tolerates float dust (0.9999999) from fractional refill rates.
    if (this.tokens < 1 - 1e-9) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }
}
