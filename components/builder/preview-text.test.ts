/** The builder's preview values in the user's notation, as the invoice preview shows them. */
import { describe, expect, it } from 'vitest';
import { previewCellText, previewValueText } from './preview-text';

const status = (s: string) => ({ planned: 'Planned', delivered: 'Zugestellt' })[s] ?? s;
const nbsp = (s: string) => s.replace(/\s/g, ' ');

describe('previewValueText', () => {
  it.each([
    ['price', { minor: 125000, currency: 'EUR' }, 'de-DE', '1.250,00 €'],
    ['price', { minor: 125000, currency: 'CHF' }, 'en-GB', 'CHF 1,250.00'],
    ['load.weightKg', 18200, 'de-DE', '18.200 kg'],
    ['load.weightKg', 18200, 'en-GB', '18,200 kg'],
    ['load.loadingMeters', '13.6', 'de-DE', '13,6 ldm'],
    ['load.pallets', 33, 'en-GB', '33'],
    ['date', '2026-12-05', 'de-DE', '05.12.2026'],
    ['stops.date', '2026-12-05', 'en-GB', '05/12/2026'],
    ['customer.countryCode', 'AT', 'de-DE', 'Österreich (AT)'],
    ['customer.countryCode', 'AT', 'en-GB', 'Austria (AT)'],
    ['status', 'planned', 'en-GB', 'Planned'],
    ['customer.name', 'Allgäu Spedition', 'en-GB', 'Allgäu Spedition'],
  ])('%s %j in %s: %s', (field, value, intl, shown) => {
    expect(nbsp(previewValueText(field, value, intl, status))).toBe(nbsp(shown));
  });

  it('a text that is not a date or a code stays as the page had it', () => {
    expect(previewValueText('date', 'morgen', 'de-DE', status)).toBe('morgen');
    expect(previewValueText('customer.countryCode', 'Polen', 'de-DE', status)).toBe('Polen');
  });
});

describe('previewCellText', () => {
  it('a problem shows what the page had and why it can\'t be read', () => {
    expect(previewCellText('price', { ok: false, text: 'auf Anfrage', problem: 'money: malformed' }, 'de-DE', status)).toBe('auf Anfrage ✗ money: malformed');
    expect(previewCellText('price', { ok: false, text: '', problem: 'not-found' }, 'de-DE', status)).toBe('— ✗ not-found');
  });
});
