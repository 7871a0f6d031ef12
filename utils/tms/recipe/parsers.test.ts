import { describe, expect, it } from 'vitest';
import { normaliseNumber, parseCountry, parseDate, parseLoadingMeters, parseMoney, parsePostalCode, parseWeightKg } from './parsers';

describe('numbers', () => {
  it.each([
    ['1.250,00', '1250.00'],
    ["1'250.00", '1250.00'],
    ['1,250.00', '1250.00'],
    ['1 250,50', '1250.50'],
    ['12,5', '12.5'],
    ['1.250.000', '1250000'],
    ['−3,5', '-3.5'],
    ['42', '42'],
  ])('%s → %s', (text, plain) => expect(normaliseNumber(text)).toEqual({ ok: true, value: plain }));

  it('refuses what it cannot tell apart, or what is no number', () => {
    expect(normaliseNumber('1,250')).toEqual({ ok: false, problem: 'ambiguous' });
    expect(normaliseNumber('1,250', ',')).toEqual({ ok: true, value: '1.250' });
    expect(normaliseNumber('1.250', ',')).toEqual({ ok: true, value: '1250' });
    for (const bad of ['1..2', '1,2,3.4.5', '12.', 'zwölf', '1.25.000', '']) expect(normaliseNumber(bad).ok).toBe(false);
  });
});

describe('money', () => {
  it.each([
    ['1.250,00 €', 125000, 'EUR'],
    ["CHF 1'250.00", 125000, 'CHF'],
    ['€ 75', 7500, 'EUR'],
    ['75 EUR', 7500, 'EUR'],
    ['1,250.00 USD', 125000, 'USD'],
    ['PLN 4.250,00', 425000, 'PLN'],
    ['980,50 Fr.', 98050, 'CHF'],
    ['-12,50 €', -1250, 'EUR'],
    ['1.250,00\u00a0€', 125000, 'EUR'],
  ])('%s', (text, minor, currency) => expect(parseMoney(text)).toEqual({ ok: true, value: { minor, currency } }));

  it('takes the recipe\'s currency where the page prints none, and names every failure', () => {
    expect(parseMoney('1.250,00', { currency: 'EUR' })).toEqual({ ok: true, value: { minor: 125000, currency: 'EUR' } });
    expect(parseMoney('1.250,00')).toEqual({ ok: false, problem: 'no-currency' });
    expect(parseMoney('12,50 XYZ')).toEqual({ ok: false, problem: 'unknown-currency' });
    expect(parseMoney('EUR 12 EUR')).toEqual({ ok: false, problem: 'malformed' });
    expect(parseMoney('12,505 €', { decimalMark: ',' })).toEqual({ ok: false, problem: 'malformed' });
    expect(parseMoney('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseMoney('auf Anfrage')).toEqual({ ok: false, problem: 'malformed' });
  });
});

describe('dates', () => {
  it.each([
    ['12.11.2026', '2026-11-12'],
    ['Mi, 12.11.2026', '2026-11-12'],
    ['Mi., 12.11.2026 14:30 Uhr', '2026-11-12'],
    ['12.11.26', '2026-11-12'],
    ['2026-11-12', '2026-11-12'],
    ['12. Nov. 2026', '2026-11-12'],
    ['12 November 2026', '2026-11-12'],
    ['November 12, 2026', '2026-11-12'],
    ['3. März 2027', '2027-03-03'],
    ['2026-11-12T10:00:00', '2026-11-12'],
    // An instant late in the evening UTC is the next day in Berlin.
    ['2026-11-12T23:30:00Z', '2026-11-13'],
    ['2026-07-12T22:30:00+00:00', '2026-07-13'],
  ])('%s → %s', (text, day) => expect(parseDate(text)).toEqual({ ok: true, value: day }));

  it('a slash date needs the recipe to say the order; a day that does not exist is refused', () => {
    expect(parseDate('03/04/26')).toEqual({ ok: false, problem: 'ambiguous' });
    expect(parseDate('03/04/26', { dateOrder: 'dmy' })).toEqual({ ok: true, value: '2026-04-03' });
    expect(parseDate('03/04/2026', { dateOrder: 'mdy' })).toEqual({ ok: true, value: '2026-03-04' });
    expect(parseDate('31.02.2026')).toEqual({ ok: false, problem: 'out-of-range' });
    expect(parseDate('12. Brumaire 2026')).toEqual({ ok: false, problem: 'malformed' });
    expect(parseDate('morgen')).toEqual({ ok: false, problem: 'malformed' });
  });
});

describe('weights and loading metres', () => {
  it.each([
    ['12.400 kg', 12400],
    ['12,4 t', 12400],
    ['12,5 to', 12500],
    ['12400', 12400],
    ['850 Kilogramm', 850],
  ])('%s → %s kg', (text, kg) => expect(parseWeightKg(text)).toEqual({ ok: true, value: kg }));

  it('marks a weight read out of words, refuses the rest', () => {
    expect(parseWeightKg('ca. 1.200 kg')).toEqual({ ok: true, value: 1200, interpreted: true });
    expect(parseWeightKg('schwer')).toEqual({ ok: false, problem: 'malformed' });
    expect(parseWeightKg('5.000 t')).toEqual({ ok: false, problem: 'out-of-range' });
    expect(parseWeightKg('3', { unit: 't' })).toEqual({ ok: true, value: 3000 });
  });

  it('reads loading metres as shown', () => {
    expect(parseLoadingMeters('13,6 LDM')).toEqual({ ok: true, value: '13.6' });
    expect(parseLoadingMeters('13.6 ldm')).toEqual({ ok: true, value: '13.6' });
    expect(parseLoadingMeters('7 m')).toEqual({ ok: true, value: '7' });
    expect(parseLoadingMeters('viel')).toEqual({ ok: false, problem: 'malformed' });
  });
});

describe('countries and postal codes', () => {
  it.each([
    ['DE', 'DE'],
    ['de', 'DE'],
    ['DEU', 'DE'],
    ['Deutschland', 'DE'],
    ['Germany', 'DE'],
    ['Österreich', 'AT'],
    ['Schweiz', 'CH'],
    ['Switzerland', 'CH'],
    ['Polen', 'PL'],
    ['Niederlande', 'NL'],
    ['Holland', 'NL'],
  ])('%s → %s', (text, code) => expect(parseCountry(text)).toEqual({ ok: true, value: code }));

  it('takes vehicle codes only when the recipe allows them', () => {
    expect(parseCountry('D')).toEqual({ ok: false, problem: 'unknown-country' });
    expect(parseCountry('D', { vehicleCodes: true })).toEqual({ ok: true, value: 'DE' });
    expect(parseCountry('A', { vehicleCodes: true })).toEqual({ ok: true, value: 'AT' });
    expect(parseCountry('Atlantis')).toEqual({ ok: false, problem: 'unknown-country' });
    expect(parseCountry('XX')).toEqual({ ok: false, problem: 'unknown-country' });
  });

  it.each([
    ['28195', { zip: '28195' }],
    ['DE-28195', { zip: '28195', countryCode: 'DE' }],
    ['D-28195', { zip: '28195', countryCode: 'DE' }],
    ['A-1010', { zip: '1010', countryCode: 'AT' }],
    ['CH-8001', { zip: '8001', countryCode: 'CH' }],
    ['NL 1012 AB', { zip: 'NL 1012 AB' }],
  ])('%s', (text, value) => expect(parsePostalCode(text)).toEqual({ ok: true, value }));

  it('refuses a postal code it cannot read', () => {
    expect(parsePostalCode('Q-1234')).toEqual({ ok: false, problem: 'unknown-country' });
    expect(parsePostalCode('Bremen')).toEqual({ ok: false, problem: 'malformed' });
  });
});
