/**
 * A client-side token bucket, shared by all calls to one billing system. Lexware allows 2
 * requests per second over all endpoints; running exactly at the limit gives 429s through
 * jitter, so the bucket refills a little slower than the server's.
 */
export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Requests are held until this time (after a 429 with Retry-After, or an error streak). */
  private pausedUntil = 0;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? defaultSleep;
    this.tokens = options.capacity;
    this.last = this.now();
  }

  /** Waits for a token. Callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Holds every request until `ms` from now (the server asked us to slow down). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.tokens = 0;
  }

  private refill() {
    const now = this.now();
    this.tokens = Math.min(this.options.capacity, this.tokens + ((now - this.last) / 1000) * this.options.refillPerSecond);
    this.last = now;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const paused = this.pausedUntil - this.now();
      if (paused > 0) {
        await this.sleep(paused);
        this.last = this.now();
        continue;
      }
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.options.refillPerSecond) * 1000));
    }
  }
}
