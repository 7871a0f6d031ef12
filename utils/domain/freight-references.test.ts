import { describe, expect, it } from 'vitest';
import { fillReferenceTemplate, renderFreightReferences, unknownReferencePlaceholders } from './freight-references';
import { positionDescription, shortenKeeping } from './position-text';
import { compose } from './compose';
import { defaultInvoiceSettings, makeOrder, TMS_ORIGIN } from '@/tests/support/orders';
import type { Order } from './order';

const swissImport = (overrides: Partial<Order> = {}): Order =>
  makeOrder({
    number: 'A-2026-0900',
    customerReference: 'PO-9001',
    cmrNumber: '4471123',
    vehicle: 'HH-FB 4711',
    freightTerms: 'frei Haus',
    exportReference: '26CH00000012345678',
    stops: [
      { type: 'pickup', name: 'Werk Basel', zip: '4057', city: 'Basel', countryCode: 'CH', date: '2026-11-09' },
      { type: 'delivery', name: 'Lager Süd', zip: '80939', city: 'München', countryCode: 'DE', date: '2026-11-10' },
    ],
    podUrl: undefined,
    ...overrides,
  });

describe('freight references: the default template', () => {
  it('puts the customer reference first, then order, CMR and vehicle, stops, load, Frankatur and MRN', () => {
    const { lines, required } = renderFreightReferences(swissImport(), 'de');
    expect(lines).toEqual([
      'Ihre Referenz PO-9001 · Auftrag A-2026-0900',
      'CMR 4471123 · Fahrzeug HH-FB 4711',
      'Abholung: Werk Basel, 4057 Basel (CH), 09.11.2026',
      'Zustellung: Lager Süd, 80939 München, 10.11.2026',
      'Ladung: Maschinenteile · 12.400 kg · 13,6 ldm · 33 Paletten',
      'Frankatur: frei Haus',
      'Ausfuhr (MRN): 26CH00000012345678',
    ]);
    expect(required).toEqual([]);
  });

  it('leaves out empty references cleanly: no "CMR " or "Frankatur:" with nothing after it', () => {
    const order = swissImport({ customerReference: undefined, cmrNumber: undefined, freightTerms: '', exportReference: undefined });
    const text = positionDescription(order, 'en');
    expect(text.split('\n')).toEqual([
      'Order A-2026-0900',
      'Vehicle HH-FB 4711',
      'Pickup: Werk Basel, 4057 Basel (CH), 09/11/2026',
      'Delivery: Lager Süd, 80939 München, 10/11/2026',
      'Load: Maschinenteile · 12,400 kg · 13.6 ldm · 33 pallets',
    ]);
    expect(text).not.toMatch(/CMR|Freight terms|Export|Your reference/);
  });
});

describe('freight references: the user template', () => {
  it('fills every placeholder, keeps fixed text, and drops only the parts whose placeholders are empty', () => {
    const template = 'Ref. {customerReference} · {orderNumber}\n{from} → {to}, {pickupDate} – {deliveryDate}\nCMR {cmrNumber} · POD {pod}\nLkw {vehicle}, {freightTerms}\nVielen Dank';
    const { lines } = renderFreightReferences(swissImport(), 'de', { template });
    expect(lines).toEqual(['Ref. PO-9001 · A-2026-0900', 'Basel (CH) → München, 09.11.2026 – 10.11.2026', 'CMR 4471123', 'Lkw HH-FB 4711, frei Haus', 'Vielen Dank']);
  });

  it('keeps a part when one of its placeholders has a value (the user joined them on purpose)', () => {
    expect(fillReferenceTemplate('{a}/{b} · x {c}', { a: '1', b: '', c: '' }).lines).toEqual(['1/']);
  });

  it('an empty template means the default of the invoice language', () => {
    expect(renderFreightReferences(swissImport(), 'en', { template: '  ' }).lines[0]).toBe('Your reference PO-9001 · Order A-2026-0900');
  });

  it('names placeholders it does not know', () => {
    expect(unknownReferencePlaceholders('{orderNumber} {cmr} {vehicle} {}')).toEqual(['cmr', '']);
  });
});

describe('freight references: § 4 Nr. 3', () => {
  const template = 'Auftrag {orderNumber}';

  it('appends the CMR and the export reference when the template omits them', () => {
    const { lines, required } = renderFreightReferences(swissImport(), 'de', { template, taxCase: 'exemptCrossBorder' });
    expect(lines).toEqual(['Auftrag A-2026-0900']);
    expect(required).toEqual(['CMR: 4471123', 'Ausfuhr (MRN): 26CH00000012345678']);
    expect(positionDescription(swissImport(), 'en', [], { template, taxCase: 'exemptCrossBorder' })).toBe('Auftrag A-2026-0900\nCMR: 4471123\nExport (MRN): 26CH00000012345678');
  });

  it('appends nothing the template already prints, and nothing for other tax cases', () => {
    expect(renderFreightReferences(swissImport(), 'de', { taxCase: 'exemptCrossBorder' }).required).toEqual([]);
    expect(renderFreightReferences(swissImport(), 'de', { template, taxCase: 'domestic' }).required).toEqual([]);
  });

  it('keeps the appended evidence whole when the text is shortened to the limit', () => {
    const result = shortenKeeping('a'.repeat(60) + '\n' + 'b'.repeat(60), ['CMR: 1', 'Ausfuhr (MRN): 2'], 80);
    expect(result.shortened).toBe(true);
    expect(result.text.length).toBeLessThanOrEqual(80);
    expect(result.text.endsWith('\nCMR: 1\nAusfuhr (MRN): 2')).toBe(true);
  });

  it('on the composed invoice: a 5,000-character load is cut, the CMR and MRN stay within Lexware\'s 2,000', () => {
    const order = swissImport({ load: { goods: 'Stückgut '.repeat(600) } });
    const settings = { ...defaultInvoiceSettings, templates: { ...defaultInvoiceSettings.templates, references: 'Ihre Referenz {customerReference} · Auftrag {orderNumber}\nLadung: {load}' } };
    const { draft, problems } = compose({ orders: [order], tms: { origin: TMS_ORIGIN, adapter: 'demo-tms' }, provider: 'lexware', connected: true, settings, contact: { id: 'c-1', name: 'x' }, invoiceTaxCase: 'exemptCrossBorder', today: '2026-11-23' });
    const description = draft!.positions[0]!.description;
    expect(description.length).toBeLessThanOrEqual(2000);
    expect(description.startsWith('Ihre Referenz PO-9001 · Auftrag A-2026-0900\n')).toBe(true);
    expect(description.endsWith('…\nCMR: 4471123\nAusfuhr (MRN): 26CH00000012345678')).toBe(true);
    expect(problems).toContainEqual(expect.objectContaining({ code: 'text-shortened', params: expect.objectContaining({ field: 'description', limit: 2000 }) }));
  });

  it('sevdesk takes the whole text (its position text allows 5,000 characters)', () => {
    const { draft } = compose({ orders: [swissImport()], tms: { origin: TMS_ORIGIN, adapter: 'demo-tms' }, provider: 'sevdesk', connected: true, settings: { ...defaultInvoiceSettings, templates: { ...defaultInvoiceSettings.templates, references: '{orderNumber}' } }, contact: null, invoiceTaxCase: 'exemptCrossBorder', today: '2026-11-23' });
    expect(draft!.positions[0]!.description).toBe('A-2026-0900\nCMR: 4471123\nAusfuhr (MRN): 26CH00000012345678');
  });
});
