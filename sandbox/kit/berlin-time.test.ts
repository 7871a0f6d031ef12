import { describe, expect, it } from 'vitest';
import { berlinDay, berlinMidnight, berlinWallClock } from './berlin-time';

describe('Berlin wall-clock time', () => {
  it('reads winter and summer time with their offsets', () => {
    expect(berlinWallClock(new Date('2026-11-10T08:30:05Z'))).toEqual({ year: 2026, month: 11, day: 10, hour: 9, minute: 30, second: 5, offset: '+01:00' });
    expect(berlinWallClock(new Date('2026-07-01T22:15:00Z'))).toMatchObject({ day: 2, hour: 0, minute: 15, offset: '+02:00' });
  });

  it('puts an instant late in the UTC evening on the next Berlin day', () => {
    expect(berlinDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(berlinDay(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
  });

  it('finds local midnight in winter, in summer and on both switch days', () => {
    expect(berlinMidnight(2026, 11, 10).toISOString()).toBe('2026-11-09T23:00:00.000Z');
    expect(berlinMidnight(2026, 7, 1).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // Summer time starts on 29 March 2026 and ends on 25 October 2026, both at 01:00 UTC.
    expect(berlinMidnight(2026, 3, 29).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(berlinMidnight(2026, 10, 25).toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });
});
