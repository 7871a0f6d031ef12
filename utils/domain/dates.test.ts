import { describe, expect, it } from 'vitest';
import { formatDate, parseUiDate } from './dates';

describe('dates in the UI', () => {
  it.each([
    ['23.11.2026', '2026-11-23'],
    ['1.2.2027', '2027-02-01'],
    ['23/11/2026', '2026-11-23'],
    ['23-11-2026', '2026-11-23'],
    ['1.12.26', '2026-12-01'],
    [' 2026-11-23 ', '2026-11-23'],
    ['29.02.2028', '2028-02-29'],
  ])('reads "%s" as %s', (text, iso) => expect(parseUiDate(text)).toBe(iso));

  it.each(['31.02.2026', '11/30/2026', '2026-13-01', '23.11.', 'morgen', ''])('refuses "%s" instead of guessing', (text) => expect(parseUiDate(text)).toBeNull());

  it('shows a day as the UI language writes it', () => {
    expect(formatDate('2026-11-23', 'de-DE')).toBe('23.11.2026');
    expect(formatDate('2026-11-23', 'en-GB')).toBe('23/11/2026');
  });
});
