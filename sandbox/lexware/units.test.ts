/** Unit tests of the emulator's building blocks: decimals, datetimes, search patterns, number sources. */
import { describe, expect, it } from 'vitest';
import { berlinDate, berlinMidnight, formatLexwareDateTime, parseLexwareDateTime, parsePlainDate } from './datetime';
import { formatUnits, fractionDigits, parseDecimal, roundDiv, toUnits } from './decimal';
import { formatEuro, formatNumber } from './format';
import { numberSources } from './json-numbers';
import { compileSearch, decodeSearchValue } from './search';

describe('decimal', () => {
  it('parses the JSON text of numbers exactly, exponents included', () => {
    expect(parseDecimal('1250.00')).toEqual({ units: 125000n, scale: 2 });
    expect(parseDecimal('-0.015')).toEqual({ units: -15n, scale: 3 });
    expect(parseDecimal('1.5e-3')).toEqual({ units: 15n, scale: 4 });
    expect(parseDecimal('12E2')).toEqual({ units: 1200n, scale: 0 });
    expect(parseDecimal('abc')).toBeUndefined();
    expect(parseDecimal('1e999')).toBeUndefined();
  });

  it('counts significant decimals only', () => {
    expect(fractionDigits(parseDecimal('1250.00')!)).toBe(0);
    expect(fractionDigits(parseDecimal('0.12340')!)).toBe(4);
    expect(fractionDigits(parseDecimal('0.12345')!)).toBe(5);
  });

  it('rounds half away from zero', () => {
    expect(roundDiv(5n, 10n)).toBe(1n);
    expect(roundDiv(-5n, 10n)).toBe(-1n);
    expect(roundDiv(4n, 10n)).toBe(0n);
    expect(roundDiv(15n, 10n)).toBe(2n);
    expect(roundDiv(-25n, 10n)).toBe(-3n);
    expect(toUnits(parseDecimal('1.005')!, 2)).toBe(101n);
    expect(formatUnits(-5n, 2)).toBe('-0.05');
  });
});

describe('datetime', () => {
  it('accepts exactly yyyy-MM-ddTHH:mm:ss.SSSXXX', () => {
    expect(parseLexwareDateTime('2022-04-27T09:30:00.000+02:00')?.toISOString()).toBe('2022-04-27T07:30:00.000Z');
    expect(parseLexwareDateTime('2026-11-10T00:00:00.000Z')?.toISOString()).toBe('2026-11-10T00:00:00.000Z');
    for (const bad of ['2026-11-10', '2026-11-10T00:00:00+01:00', '2026-11-10T00:00:00.00Z', '2026-11-10T00:00:00.0000Z', '2026-11-10T00:00:00.000+0100', '2026-11-10 00:00:00.000Z', '2026-02-30T00:00:00.000Z', '2026-11-10T24:00:00.000Z']) {
      expect(parseLexwareDateTime(bad), bad).toBeUndefined();
    }
  });

  it('renders instants in Berlin time with the offset of the day', () => {
    expect(formatLexwareDateTime(new Date('2026-11-09T23:30:00.000Z'))).toBe('2026-11-10T00:30:00.000+01:00');
    expect(formatLexwareDateTime(new Date('2026-07-01T12:00:00.123Z'))).toBe('2026-07-01T14:00:00.123+02:00');
    expect(berlinDate(new Date('2026-11-09T23:30:00.000Z'))).toBe('2026-11-10');
    expect(formatLexwareDateTime(berlinMidnight('2026-03-29'))).toBe('2026-03-29T00:00:00.000+01:00');
    expect(formatLexwareDateTime(berlinMidnight('2026-03-30'))).toBe('2026-03-30T00:00:00.000+02:00');
    expect(parsePlainDate('2026-02-29')).toBeUndefined();
    expect(parsePlainDate('2028-02-29')).toBe('2028-02-29');
  });
});

describe('search patterns', () => {
  it('decodes &amp; &lt; &gt; and refuses raw &, <, >', () => {
    expect(compileSearch('GmbH &amp; Co').test('Rheinfracht GmbH & Co. KG')).toBe(true);
    expect(compileSearch('GmbH & Co').test('Rheinfracht GmbH & Co. KG')).toBe(false);
    expect(compileSearch('&lt;Kühl').test('Frost <Kühllogistik>')).toBe(true);
    expect(compileSearch('<Kühl').test('Frost <Kühllogistik>')).toBe(false);
    expect(compileSearch('&quot;Nord').test('"Nord"')).toBe(false);
    expect(decodeSearchValue('A &amp; B')).toBe('A & B');
    expect(decodeSearchValue('A & B')).toBeUndefined();
  });

  it('treats regex syntax literally and % _ as wildcards', () => {
    expect(compileSearch('B.V.').test('Holland Cargo B.V.')).toBe(true);
    expect(compileSearch('B.V.').test('Holland Cargo BXVX')).toBe(false);
    expect(compileSearch('(a|b)-[c]*').test('x(a|b)-[c]*y')).toBe(true);
    expect(compileSearch('100\\%').test('100% Fracht')).toBe(true);
    expect(compileSearch('100\\%').test('1000 Fracht')).toBe(false);
    expect(compileSearch('a%z').test('ABCZ')).toBe(true);
    expect(compileSearch('a_c').test('abc')).toBe(true);
    expect(compileSearch('a\\_c').test('abc')).toBe(false);
    expect(compileSearch('münchen').test('MÜNCHEN')).toBe(true);
  });
});

describe('number sources', () => {
  it('keeps the literal text of every number by field path', () => {
    const sources = numberSources('{"a":1.10,"lineItems":[{"unitPrice":{"netAmount":0.1}},{"quantity":1e2}],"s":"9.99","n":null}');
    expect(Object.fromEntries(sources)).toEqual({ a: '1.10', 'lineItems[0].unitPrice.netAmount': '0.1', 'lineItems[1].quantity': '1e2' });
    expect(numberSources('{"a":').size).toBe(0);
    expect(Object.fromEntries(numberSources('{"k\\"ey":{"x":[1,[2.50]]}}'))).toEqual({ 'k"ey.x[0]': '1', 'k"ey.x[1][0]': '2.50' });
  });
});

describe('German formatting', () => {
  it('formats euro amounts and quantities exactly', () => {
    expect(formatEuro(29815.44)).toBe('29.815,44 €');
    expect(formatEuro(0.1)).toBe('0,10 €');
    expect(formatEuro(-1250)).toBe('−1.250,00 €');
    expect(formatNumber(2.5)).toBe('2,5');
    expect(formatNumber(1.3333)).toBe('1,3333');
    expect(formatNumber(12000)).toBe('12.000');
  });
});
