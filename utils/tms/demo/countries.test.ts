import { describe, expect, it } from 'vitest';
import { countryCode } from './countries';

describe('countryCode: the English country names the demo TMS prints', () => {
  it('maps the names of the seed countries to their ISO codes', () => {
    expect(countryCode('Germany')).toBe('DE');
    expect(countryCode('Switzerland')).toBe('CH');
    expect(countryCode('France')).toBe('FR');
    expect(countryCode('Poland')).toBe('PL');
    expect(countryCode('Netherlands')).toBe('NL');
    expect(countryCode('Austria')).toBe('AT');
  });

  it('gives a name shared with a withdrawn code to the current code (not DD, BU, CS)', () => {
    expect(countryCode('Germany')).not.toBe('DD');
    expect(countryCode('Myanmar (Burma)')).toBe('MM');
    expect(countryCode('Serbia')).toBe('RS');
    expect(countryCode('United Kingdom')).toBe('GB');
  });

  it('ignores case and surrounding space, and passes codes through', () => {
    expect(countryCode('  germany ')).toBe('DE');
    expect(countryCode('DE')).toBe('DE');
  });

  it('knows nothing of names that are no country', () => {
    expect(countryCode('Atlantis')).toBeUndefined();
    expect(countryCode('')).toBeUndefined();
  });
});
