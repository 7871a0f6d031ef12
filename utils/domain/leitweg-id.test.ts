import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { checkLeitwegId, leitwegCheckDigits, LeitwegIdSchema } from './leitweg-id';

describe('Leitweg-ID (KoSIT format, MOD 97-10 check digits)', () => {
  it.each([
    ['04011000-1234512345-06', 'Grob- and Feinadressierung'],
    ['991-33333TEST-33', 'the Bund test ID, letters in the Feinadressierung'],
    ['991-33333test-33', 'letters count the same in lower case'],
    [' 04011000-1234512345-06 ', 'surrounding spaces are ignored'],
    [`991-${leitwegCheckDigits('991')}`, 'Grobadressierung only'],
  ])('accepts %s (%s)', (id) => {
    expect(checkLeitwegId(id)).toEqual({ ok: true, value: id.trim() });
  });

  it.each([
    ['04011000-1234512345-07', '06'],
    ['991-33333TEST-34', '33'],
    ['04011000-1234512354-06', '76'], // two digits swapped,
  ])('refuses %s: the check digits should be %s', (id, expected) => {
    expect(checkLeitwegId(id)).toEqual({ ok: false, reason: 'check-digits', expectedCheckDigits: expected });
  });

  it.each([
    ['05-1-123456-78', 'two Feinadressierungen'],
    ['4-12345-67', 'a one-digit Grobadressierung'],
    ['1234567890123-12', 'a Grobadressierung of 13 digits'],
    ['991-AB_C-12', 'a character other than letters and digits'],
    ['991-12345-6', 'one check digit'],
    ['991 12345 67', 'no hyphens'],
    [`991-${'A'.repeat(31)}-12`, 'a Feinadressierung of 31 characters'],
  ])('refuses %s (%s) as malformed', (id) => {
    expect(checkLeitwegId(id)).toEqual({ ok: false, reason: 'format' });
  });

  it('an empty ID is missing, not malformed', () => {
    expect(checkLeitwegId('  ')).toEqual({ ok: false, reason: 'empty' });
    expect(checkLeitwegId(undefined)).toEqual({ ok: false, reason: 'empty' });
  });

  it('the schema lets only valid IDs through', () => {
    expect(v.parse(LeitwegIdSchema, ' 991-33333TEST-33')).toBe('991-33333TEST-33');
    expect(v.safeParse(LeitwegIdSchema, '991-33333TEST-34').success).toBe(false);
  });
});
