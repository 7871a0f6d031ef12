import { describe, expect, it } from 'vitest';
import {
  add,
  divRoundHalfUp,
  formatMoney,
  formatScaled,
  minorDigits,
  money,
  parseDecimalMoney,
  parseGermanMoney,
  parseGermanNumberText,
  parseScaledDecimal,
  parseAmountInput,
  sum,
  toApiNumber,
  toDecimalString,
} from './money';

describe('money', () => {
  it('knows minor digits per currency', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('CHF')).toBe(2);
    expect(minorDigits('PLN')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
  });

  it('parses decimal strings exactly, refusing hidden precision', () => {
    expect(parseDecimalMoney('1250.00', 'EUR')).toEqual(money(125000, 'EUR'));
    expect(parseDecimalMoney('0.1', 'EUR')).toEqual(money(10, 'EUR'));
    expect(parseDecimalMoney('1234.57', 'EUR')).toEqual(money(123457, 'EUR'));
    expect(parseDecimalMoney('1.005', 'EUR')).toBeNull();
    expect(parseDecimalMoney('1.000', 'EUR')).toEqual(money(100, 'EUR'));
    expect(parseDecimalMoney('1e3', 'EUR')).toBeNull();
    expect(parseDecimalMoney('', 'EUR')).toBeNull();
    expect(parseScaledDecimal('-3.5', 4)).toBe(-35000n);
  });

  it('writes decimals back without floats', () => {
    expect(toDecimalString(money(125000, 'EUR'))).toBe('1250.00');
    expect(toDecimalString(money(-5, 'EUR'))).toBe('-0.05');
    expect(formatScaled(7n, 4)).toBe('0.0007');
    expect(toApiNumber(money(123457, 'EUR'))).toBe(1234.57);
    // 0.1 + 0.2 style drift cannot happen: sums stay integers.
    expect(sum([money(10, 'EUR'), money(20, 'EUR')], 'EUR')).toEqual(money(30, 'EUR'));
  });

  it('refuses to add different currencies', () => {
    expect(() => add(money(1, 'EUR'), money(1, 'CHF'))).toThrow(/EUR and CHF/);
  });

  it('rounds half away from zero', () => {
    expect(divRoundHalfUp(5n, 10n)).toBe(1n);
    expect(divRoundHalfUp(4n, 10n)).toBe(0n);
    expect(divRoundHalfUp(-5n, 10n)).toBe(-1n);
    expect(divRoundHalfUp(23750n, 100n)).toBe(238n);
  });

  it.each([
    ['1.250,00 €', 125000, 'EUR'],
    ['1.250,00\u00a0€', 125000, 'EUR'],
    ['CHF 980,50', 98050, 'CHF'],
    ['980,50 CHF', 98050, 'CHF'],
    ['PLN 4.250,00', 425000, 'PLN'],
    ['4 250,00 zł', 425000, 'PLN'],
    ['12,5 €', 1250, 'EUR'],
    ['-12,50 €', -1250, 'EUR'],
    ['EUR 0,99', 99, 'EUR'],
    ['1.234.567,89 €', 123456789, 'EUR'],
  ])('parses German money %s', (text, minor, currency) => {
    expect(parseGermanMoney(text)).toEqual({ ok: true, value: money(minor, currency) });
  });

  it.each([
    ['', 'empty'],
    ['1.250,00', 'no-currency'],
    ['1.250,00 XYZ', 'unknown-currency'],
    ['1,250.00 €', 'malformed'],
    ['12.34,00 €', 'malformed'],
    ['1,005 €', 'too-many-decimals'],
    ['abc €', 'malformed'],
  ])('rejects %j as %s', (text, error) => {
    expect(parseGermanMoney(text)).toMatchObject({ ok: false, error });
  });

  it('parses German numbers', () => {
    expect(parseGermanNumberText('12.400')).toBe('12400');
    expect(parseGermanNumberText('13,6')).toBe('13.6');
    expect(parseGermanNumberText('1.2')).toBeNull();
  });

  it('formats for the user', () => {
    expect(formatMoney(money(125000, 'EUR'), 'de-DE')).toBe('1.250,00\u00a0€');
    expect(formatMoney(money(98050, 'CHF'), 'en-US')).toBe('CHF\u00a0980.50');
  });
});

describe('amounts typed by users', () => {
  it.each([
    ['1.234,56', 'de', 123456],
    ['1234,56', 'de', 123456],
    ['1.234', 'de', 123400],
    ['1234.56', 'de', 123456],
    ['1,234.56', 'de', 123456],
    ['1,234.56', 'en', 123456],
    ['1234.5', 'en', 123450],
    ['1,234', 'en', 123400],
    ['1.250.000,00', 'de', 125000000],
    ['12', 'en', 1200],
    ['980,50 €', 'de', 98050],
  ] as const)('reads %s (%s)', (text, language, minor) => {
    expect(parseAmountInput(text, 'EUR', language)).toEqual(money(minor, 'EUR'));
  });

  it.each([['1.234', 'en'], ['12,345,6', 'de'], ['12,3,4', 'en'], ['1.2.345', 'de'], ['abc', 'de'], ['1.005', 'en'], ['', 'de'], ['1.2.3', 'en']] as const)('refuses %s (%s)', (text, language) => {
    expect(parseAmountInput(text, 'EUR', language)).toBeNull();
  });
});
