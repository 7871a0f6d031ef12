import { describe, expect, it } from 'vitest';
import { checkVatId, exampleVatId, normaliseVatId, VAT_PREFIXES, vatIdMatchesCountry } from './vat-id';

describe('VAT ID format per country', () => {
  it.each([
    ['DE123456789', true],
    ['DE12345678', false],
    ['ATU12345678', true],
    ['AT12345678', false],
    ['FR40303265045', true],
    ['FRIO303265045', false],
    ['NL123456789B01', true],
    ['EL123456789', true],
    ['GR123456789', false],
    ['BE0123456789', true],
    ['BE2123456789', false],
    ['ESX1234567Z', true],
    ['IE6388047V', true],
    ['IE1234567WA', true],
    ['SE123456789001', true],
    ['SE123456789000', false],
    ['PL5261040828', true],
    ['CHE123456789MWST', true],
    ['CHE-123.456.789 TVA', true],
    ['GB123456789', true],
    ['XI123456789', true],
    ['RO1234', true],
    ['RO0123', false],
  ])('%s → %s', (raw, ok) => expect(checkVatId(raw).ok).toBe(ok));

  it('says why an id is refused', () => {
    expect(checkVatId(undefined)).toMatchObject({ ok: false, reason: 'empty' });
    expect(checkVatId('QQ123')).toMatchObject({ ok: false, reason: 'unknown-prefix' });
    expect(checkVatId('DE1234')).toMatchObject({ ok: false, reason: 'format', prefix: 'DE' });
  });

  it('normalises what people type', () => expect(normaliseVatId(' atu 123.456-78 ')).toBe('ATU12345678'));

  it('matches the id to the customer country, Greece writing EL', () => {
    const el = checkVatId('EL123456789');
    const de = checkVatId('DE123456789');
    if (!el.ok || !de.ok) throw new Error('fixtures must be valid');
    expect(vatIdMatchesCountry(el, 'GR')).toBe(true);
    expect(vatIdMatchesCountry(de, 'AT')).toBe(false);
  });
});

// Made-up ids for redacted test pages: well-formed for their prefix, numbered apart.
describe('exampleVatId', () => {
  it('is well-formed for every prefix with a known format, and keeps the prefix', () => {
    for (const prefix of VAT_PREFIXES) {
      const id = exampleVatId(prefix, 7);
      expect(id, prefix).not.toBeNull();
      expect(checkVatId(id!), id!).toMatchObject({ ok: true, prefix });
    }
  });

  it('numbers ids apart and knows no unknown prefix', () => {
    expect(exampleVatId('DE', 1)).toBe('DE000000001');
    expect(exampleVatId('DE', 2)).toBe('DE000000002');
    expect(exampleVatId('AT', 3)).toBe('ATU00000003');
    expect(exampleVatId('ZZ', 1)).toBeNull();
  });
});
