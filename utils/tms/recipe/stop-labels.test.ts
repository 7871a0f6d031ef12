/**
 * Stops in a description list, each with its own date label ("Ladestelle" with "Ladedatum",
 * "Entladestelle" with "Liefertermin", as the builder proposes them): when the TMS orders its
 * rows differently, a stop's section may hold the other stop's date. Each stop reads its own
 * date, from its section or, when only one stop has that label, from the whole view; never
 * the other stop's (found by the Frames mutation suite, seed 1: the rows permuted).
 */
import { describe, expect, it } from 'vitest';
import { readOrder } from './read-fields';
import { FRAMES_SITE, framesRecipe } from './testing/frames-recipe';

const recipe = framesRecipe();
const env = { locale: recipe.locale, baseUrl: `${FRAMES_SITE}/`, origin: FRAMES_SITE, adapterId: 'recipe:test' };
const PICKUP = 'Hafen Ruhrort, Hafenstraße 24, DE-47119 Duisburg';
const DELIVERY = 'Werk Feuerbach, Heilbronner Straße 345, DE-70469 Stuttgart';

function detail(rows: [string, string][]) {
  const all: [string, string][] = [
    ['Auftragsnummer', 'A-2026-0058'],
    ['Status', 'Offen'],
    ['Auftraggeber', 'Donau Spedition AG'],
    ['Kundennummer', '10001'],
    ['Rechnungsanschrift', 'Heilbronner Straße 345, DE-70469 Stuttgart'],
    ['Frachtbetrag', '809,15 €'],
    ...rows,
  ];
  const doc = new DOMParser().parseFromString(`<main><h1>Auftrag</h1><dl>${all.map(([k, v]) => `<dt>${k}</dt><dd><div>${v}</div></dd>`).join('')}</dl></main>`, 'text/html');
  return readOrder('o-0058', recipe, [{ kind: 'html', root: doc }], env);
}
const stopsOf = (result: ReturnType<typeof detail>) => (result.ok ? result.order.stops.map((s) => [s.type, s.city, s.date]) : result.problems);

describe('stops whose dates have labels of their own', () => {
  it('read each date under its own label where the rows follow each stop (as the builder saw them)', () => {
    const read = detail([['Ladestelle', PICKUP], ['Ladedatum', 'Sa, 28.11.2026'], ['Entladestelle', DELIVERY], ['Liefertermin', 'Mo, 30.11.2026']]);
    expect(stopsOf(read)).toEqual([['pickup', 'Duisburg', '2026-11-28'], ['delivery', 'Stuttgart', '2026-11-30']]);
  });

  it('never give a stop the other stop’s date when each date row sits under the other stop', () => {
    const read = detail([['Ladestelle', PICKUP], ['Liefertermin', 'Mo, 30.11.2026'], ['Entladestelle', DELIVERY], ['Ladedatum', 'Sa, 28.11.2026']]);
    expect(stopsOf(read)).toEqual([['pickup', 'Duisburg', '2026-11-28'], ['delivery', 'Stuttgart', '2026-11-30']]);
  });

  it('find a stop’s date row anywhere in the view when the rows are shuffled', () => {
    const read = detail([['Ladedatum', 'Sa, 28.11.2026'], ['Entladestelle', DELIVERY], ['Ware', 'Stahl'], ['Ladestelle', PICKUP], ['Gewicht', '4 t'], ['Liefertermin', 'Mo, 30.11.2026']]);
    expect(stopsOf(read)).toEqual([['delivery', 'Stuttgart', '2026-11-30'], ['pickup', 'Duisburg', '2026-11-28']]);
  });

  it('say the date is missing, rather than borrow one, when two stops share a label and one has no date row of its own', () => {
    const read = detail([['Ladedatum', 'Sa, 28.11.2026'], ['Ladestelle', PICKUP], ['Ladestelle', 'Lager Nord, Hafenweg 1, DE-47119 Duisburg'], ['Entladestelle', DELIVERY], ['Liefertermin', 'Mo, 30.11.2026']]);
    expect(read.ok).toBe(false);
    expect(stopsOf(read)).toContainEqual({ code: 'date-invalid', field: 'stopDate' });
  });
});
