import { describe, expect, it } from 'vitest';
import { applySteps } from './parse-steps';
import type { Recipe } from './schema';

const de: Recipe['locale'] = { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR', countryNames: ['de', 'en'] };
const PAGE = 'https://tms.altmann.example/auftraege?seite=2';

describe('parse steps, in order', () => {
  it('money in the recipe\'s notation, its currency where the page prints none', () => {
    expect(applySteps(' 1.250,00 ', [{ trim: {} }, { money: {} }], de)).toEqual({ ok: true, value: { minor: 125000, currency: 'EUR' } });
    expect(applySteps('CHF 980.50', [{ money: {} }], de)).toEqual({ ok: true, value: { minor: 98050, currency: 'CHF' } });
    expect(applySteps('1,250', [{ money: {} }], { ...de, decimal: '.' })).toEqual({ ok: true, value: { minor: 125000, currency: 'EUR' } });
  });

  it('regex picks its one group; no match is a named failure', () => {
    expect(applySteps('Ref. PO-7781 (Kunde)', [{ regex: 'Ref\\.?\\s*(\\S+)' }], de)).toEqual({ ok: true, value: 'PO-7781' });
    expect(applySteps('ohne', [{ regex: 'Ref\\.?\\s*(\\S+)' }], de)).toEqual({ ok: false, problem: 'no-match', step: 'regex' });
  });

  it('dates follow the recipe\'s date order', () => {
    expect(applySteps('03/04/26', [{ date: {} }], de)).toEqual({ ok: true, value: '2026-04-03' });
    expect(applySteps('03/04/26', [{ date: {} }], { ...de, dateOrder: 'MDY' })).toEqual({ ok: true, value: '2026-03-04' });
    expect(applySteps('Mi, 12.11.2026', [{ date: {} }], de)).toEqual({ ok: true, value: '2026-11-12' });
  });

  it('weights, loading metres, countries with plates, zip and city', () => {
    expect(applySteps('ca. 1.200 kg', [{ weight: { to: 'kg' } }], de)).toEqual({ ok: true, value: 1200, interpreted: true });
    expect(applySteps(12.4, [{ weight: { to: 'kg', from: 't' } }], de)).toEqual({ ok: true, value: 12400 });
    expect(applySteps('13,6 LDM', [{ loadingMeters: {} }], de)).toEqual({ ok: true, value: '13.6' });
    expect(applySteps('D', [{ country: { plates: true } }], de)).toEqual({ ok: true, value: 'DE' });
    expect(applySteps('D', [{ country: {} }], de)).toEqual({ ok: false, problem: 'unknown-country', step: 'country' });
    expect(applySteps('DE-28195 Bremen', [{ zipCity: 'zip' }], de)).toEqual({ ok: true, value: '28195' });
    expect(applySteps('A-1010 Wien', [{ zipCity: 'city' }], de)).toEqual({ ok: true, value: 'Wien' });
  });

  it('maps fixed values, keeping or refusing the rest', () => {
    const table = { Zugestellt: 'delivered', Storniert: 'cancelled' };
    expect(applySteps('Zugestellt', [{ map: { table, other: 'problem' } }], de)).toEqual({ ok: true, value: 'delivered' });
    expect(applySteps('Unterwegs', [{ map: { table, other: 'problem' } }], de)).toEqual({ ok: false, problem: 'not-mapped', step: 'map' });
    expect(applySteps('Unterwegs', [{ map: { table, other: 'keep' } }], de)).toEqual({ ok: true, value: 'Unterwegs' });
  });

  it('links: absolute http(s) only, query parameters and path segments', () => {
    expect(applySteps('/pod/A-1.pdf', [{ absoluteUrl: {} }], de, PAGE)).toEqual({ ok: true, value: 'https://tms.altmann.example/pod/A-1.pdf' });
    expect(applySteps('javascript:alert(1)', [{ absoluteUrl: {} }], de, PAGE)).toEqual({ ok: false, problem: 'malformed', step: 'absoluteUrl' });
    expect(applySteps('auftrag.php?id=o-17', [{ urlParam: 'id' }], de, PAGE)).toEqual({ ok: true, value: 'o-17' });
    expect(applySteps('/orders/o-17/edit', [{ urlPath: 1 }], de, PAGE)).toEqual({ ok: true, value: 'o-17' });
  });

  it('numbers, integers and VAT ids', () => {
    expect(applySteps('33', [{ integer: {} }], de)).toEqual({ ok: true, value: 33 });
    expect(applySteps('33,5', [{ integer: {} }], de)).toEqual({ ok: false, problem: 'malformed', step: 'integer' });
    expect(applySteps('1.250,5', [{ number: {} }], de)).toEqual({ ok: true, value: 1250.5 });
    expect(applySteps('atu 123 456 78', [{ vatId: {} }], de)).toEqual({ ok: true, value: 'ATU12345678' });
  });

  it('a step that needs text refuses a number instead of converting it', () => {
    expect(applySteps(12, [{ regex: '(\\d)' }], de)).toEqual({ ok: false, problem: 'wrong-type', step: 'regex' });
  });

  it('one line of a multi-line value, counted from the start or the end; a missing line is named', () => {
    const stop = 'Baumarkt Augsburg-Ost\nFriedberger Straße 143\nDE-86163 Augsburg\nDi, 01.12.2026';
    expect(applySteps(stop, [{ line: 1 }], de)).toEqual({ ok: true, value: 'Baumarkt Augsburg-Ost' });
    expect(applySteps(stop, [{ line: -1 }, { date: {} }], de)).toEqual({ ok: true, value: '2026-12-01' });
    expect(applySteps(stop, [{ line: -2 }, { zipCity: 'country' }], de)).toEqual({ ok: true, value: 'DE' });
    expect(applySteps('Bremen', [{ line: 3 }], de)).toEqual({ ok: false, problem: 'no-match', step: 'line' });
    expect(applySteps('Bremen', [{ line: -2 }], de)).toEqual({ ok: false, problem: 'no-match', step: 'line' });
  });

  it('the country only where the postal code carries it', () => {
    expect(applySteps('A-1010 Wien', [{ zipCity: 'country' }], de)).toEqual({ ok: true, value: 'AT' });
    expect(applySteps('28195 Bremen', [{ zipCity: 'country' }], de)).toEqual({ ok: false, problem: 'no-match', step: 'zipCity' });
  });
});
