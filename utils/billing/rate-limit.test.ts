import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rate-limit';

function virtualClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

describe('TokenBucket', () => {
  it('lets a burst of `capacity` through, then paces at the refill rate', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 2, ...clock });
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      await bucket.take();
      times.push(clock.now());
    }
    expect(times).toEqual([0, 0, 500, 1000, 1500, 2000]);
  });

  it('never makes Lexware\'s own bucket (2 tokens, 2 per second) run dry', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 1.8, ...clock });
    let serverTokens = 2;
    let last = 0;
    for (let i = 0; i < 50; i++) {
      await bucket.take();
      serverTokens = Math.min(2, serverTokens + ((clock.now() - last) / 1000) * 2);
      last = clock.now();
      expect(serverTokens).toBeGreaterThanOrEqual(1);
      serverTokens -= 1;
    }
  });

  it('serves concurrent callers one after another', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1, ...clock });
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => bucket.take().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3]);
    expect(clock.now()).toBe(2000);
  });

  it('holds everything after a pause (a 429 with Retry-After)', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 2, ...clock });
    bucket.pause(3000);
    await bucket.take();
    expect(clock.now()).toBeGreaterThanOrEqual(3000);
  });
});
