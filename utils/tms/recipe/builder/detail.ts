/**
 * Builder proposals on a detail page: where its URL names the order, how a multi-line value
 * splits into parts (a billing address, a stop), which labelled rows are stops and what kind,
 * and what the TMS's status words mean. Pure functions over a Document, each proposal shown
 * to the user with its result before it goes into the recipe.
 */
import { parseDate } from '../parsers';
import { labelledItems, lineText } from '../locate';
import { applySteps } from '../parse-steps';
import type { Recipe } from '../schema';
import { normText } from './dom-shape';
import type { OrderStatus } from '../../../domain/order';

type Steps = NonNullable<NonNullable<Recipe['order']['fields']['price']>['parse']>;
type StopsField = NonNullable<Recipe['order']['fields']['stops']>;
type Field = NonNullable<Recipe['order']['fields']['price']>;

const GERMAN_LOCALE: Recipe['locale'] = { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR', countryNames: ['de', 'en'] };

/**
 * The detail page's URL pattern and the fetch URL that reads an order by its row key: the
 * path segment that equals one of the list's keys becomes `:id` / `{id}`. Null when the URL
 * does not carry a known key (a drawer, an iframe: taught otherwise).
 */
export function detailPathFrom(url: URL, keys: readonly string[]): { path: string; fetch: string; id: string } | null {
  const parts = url.pathname.split('/');
  const at = parts.findIndex((p, i) => i > 0 && keys.includes(decodeURIComponent(p)));
  if (at < 0) return null;
  const id = decodeURIComponent(parts[at]!);
  const path = parts.map((p, i) => (i === at ? ':id' : p)).join('/');
  return { path, fetch: parts.map((p, i) => (i === at ? '{id}' : p)).join('/'), id };
}

export type LineRole = 'name' | 'street' | 'zipCity' | 'date';

const ZIP_CITY = /^((?:[A-Z]{1,3}\s?-\s?)?[0-9][0-9A-Z -]{1,9}?)\s+(\D.*)$/i;

/** What each line of a multi-line value is: the last zip-and-city line, a date, the street before it, a name first. */
export function lineRoles(lines: readonly string[]): (LineRole | null)[] {
  const roles: (LineRole | null)[] = lines.map(() => null);
  lines.forEach((line, i) => {
    if (parseDate(line, { dateOrder: 'dmy' }).ok) roles[i] = 'date';
  });
  const zipAt = lines.findLastIndex((line, i) => roles[i] === null && ZIP_CITY.test(line));
  if (zipAt >= 0) {
    roles[zipAt] = 'zipCity';
    if (zipAt > 0 && roles[zipAt - 1] === null && /\d/.test(lines[zipAt - 1]!)) roles[zipAt - 1] = 'street';
  }
  if (roles[0] === null && lines.length > 1) roles[0] = 'name';
  return roles;
}

/**
 * The parts of a clicked value: its lines ("Name<br>Street<br>DE-28195 Bremen"), or, on one
 * line, its comma-separated parts ("Heilbronner Straße 345, DE-70469 Stuttgart", as the Frames
 * TMS writes addresses and places).
 */
export function valueParts(text: string): { parts: string[]; by: 'line' | 'comma' } {
  const lines = text.split('\n');
  if (lines.length > 1) return { parts: lines, by: 'line' };
  const parts = text.split(',').map((p) => p.trim());
  return parts.length > 1 && parts.every((p) => p !== '') ? { parts, by: 'comma' } : { parts: lines, by: 'line' };
}

/**
 * The regex that takes one comma-separated part: the first, or the n-th counted from the end
 * (the parts near the end, street and place, keep their place when a name has more parts).
 * Spelled out without a repeated group, as recipes require of a regex; a trim step follows.
 */
function commaPart(fromEnd: number): string {
  return fromEnd === 0 ? '^([^,]+),' : `([^,]+)${',[^,]*'.repeat(fromEnd - 1)}$`;
}

/** The parse steps that read one part of a multi-part value, counted from the end for the parts near it. */
function partSteps(count: number, index: number, tail: Steps, by: 'line' | 'comma' = 'line'): Steps {
  const fromEnd = index - count; // -1 for the last part
  if (by === 'comma') return [{ regex: commaPart(index === 0 ? 0 : -fromEnd) }, { trim: {} }, ...tail];
  return [{ line: index === 0 ? 1 : fromEnd }, ...tail];
}

/**
 * A clicked address ("ul. Kwidzyńska 6 / PL-51-416 Wrocław" on two lines, or "Heilbronner
 * Straße 345, DE-70469 Stuttgart" on one): street, zip, city and country of the customer,
 * each as the same locator with the line or comma part it takes.
 */
export function proposeAddress(locator: Field['html'], text: string): Partial<Record<'customer.street' | 'customer.zip' | 'customer.city' | 'customer.countryCode', Field>> {
  if (!locator) return {};
  const { parts: lines, by } = valueParts(text);
  const roles = lineRoles(lines);
  const zipAt = roles.indexOf('zipCity');
  const streetAt = roles.indexOf('street');
  const out: ReturnType<typeof proposeAddress> = {};
  if (streetAt >= 0) out['customer.street'] = { html: locator, parse: partSteps(lines.length, streetAt, [], by) };
  if (zipAt >= 0) {
    out['customer.zip'] = { html: locator, parse: partSteps(lines.length, zipAt, [{ zipCity: 'zip' }], by) };
    out['customer.city'] = { html: locator, parse: partSteps(lines.length, zipAt, [{ zipCity: 'city' }], by) };
    if (applySteps(lines[zipAt]!, [{ zipCity: 'country' }], GERMAN_LOCALE).ok) out['customer.countryCode'] = { html: locator, parse: partSteps(lines.length, zipAt, [{ zipCity: 'country' }], by) };
  }
  return out;
}

const PICKUP_WORDS = /abhol|belad|lade(?!meter)|aufnahme|pick ?up|loading|collection|origin|start/i;
const DELIVERY_WORDS = /zustell|entlad|anliefer|liefer|ablade|deliver|unloading|drop|destination|ziel/i;

/** A stop kind from its label: "Abholung" is a pickup, "Zustellung" a delivery; null when the words say neither. */
export function stopTypeOf(label: string): 'pickup' | 'delivery' | null {
  if (DELIVERY_WORDS.test(label)) return 'delivery';
  if (PICKUP_WORDS.test(label)) return 'pickup';
  return null;
}

const labelOf = (item: Element): string => normText(item.querySelector('th, dt, [role="rowheader"]')?.textContent).replace(/\s*:$/, '');
const valueCell = (item: Element): Element | null => [...item.children].find((c) => !c.matches('th, dt, [role="rowheader"]')) ?? null;

export interface StopsProposal {
  stops: StopsField;
  /** The labels taken for stops, with the kind each was given (the user can change it). */
  labels: { label: string; type: 'pickup' | 'delivery' | null }[];
  /** How many stops the page shows with this proposal. */
  count: number;
}

/**
 * A click on one stop's value in a label-row layout: the rows whose values have the same
 * shape (same parts, a date among them) are the stops; their labels say the kind.
 */
export function proposeStops(doc: ParentNode, clicked: Element): StopsProposal | null {
  const term = clicked.closest('dd');
  if (term?.parentElement?.tagName === 'DL') return proposeListStops(doc, term);
  const item = clicked.closest('tr, [role="row"]') ?? clicked.parentElement;
  const cell = item ? valueCell(item) : null;
  if (!item || !cell) return null;
  const shape = (el: Element | null) => (el ? lineRoles(lineText(el).split('\n')).join('|') : '');
  const clickedShape = shape(cell);
  if (!clickedShape.includes('date')) return null;
  const table = item.parentElement;
  if (!table) return null;
  const labels: string[] = [];
  for (const row of [...table.children]) {
    const label = labelOf(row);
    if (label && !labels.includes(label) && shape(valueCell(row)) === clickedShape) labels.push(label);
  }
  const taken = labels.slice(0, 3);
  const lines = lineText(cell).split('\n');
  const roles = lineRoles(lines);
  const part = (role: LineRole, tail: Steps = []): Field | undefined => {
    const at = roles.indexOf(role);
    return at < 0 ? undefined : { html: { css: 'td, dd', parse: partSteps(lines.length, at, tail) } };
  };
  const typeTable = Object.fromEntries(taken.map((l) => [l, stopTypeOf(l) ?? 'delivery']));
  const fields: StopsField['fields'] = {
    type: { html: { css: 'th, dt', parse: [{ map: { table: typeTable, other: 'problem' } }] } },
    ...(part('name') ? { name: part('name') } : {}),
    ...(part('street') ? { street: part('street') } : {}),
    ...(part('zipCity') ? { zip: part('zipCity', [{ zipCity: 'zip' }]), city: part('zipCity', [{ zipCity: 'city' }]) } : {}),
    ...(roles.includes('zipCity') && applySteps(lines[roles.indexOf('zipCity')]!, [{ zipCity: 'country' }], GERMAN_LOCALE).ok ? { countryCode: part('zipCity', [{ zipCity: 'country' }]) } : {}),
    date: part('date', [{ date: {} }]),
  };
  const stops: StopsField = { each: { html: { label: taken.length === 1 ? taken[0]! : taken } }, fields };
  return { stops, labels: taken.map((label) => ({ label, type: stopTypeOf(label) })), count: labelledItems(doc, taken).length };
}

/** A place: a name first and a zip-and-city part, with no date (the date has a label of its own). */
const isPlace = (text: string): boolean => {
  const roles = lineRoles(valueParts(text).parts);
  return roles[0] === 'name' && roles.includes('zipCity') && !roles.includes('date');
};
const termOf = (dd: Element): Element | null => {
  let el = dd.previousElementSibling;
  while (el && el.tagName !== 'DT') el = el.previousElementSibling;
  return el;
};

/**
 * A click on one stop's place in a description list ("Ladestelle: Hafen Ruhrort, Lager 7,
 * Hafenstraße 24, DE-47119 Duisburg", then "Ladedatum: Sa, 28.11.2026"): the terms whose
 * values are places are the stops; a stop's date is the first date among the terms that
 * follow it, up to the next stop (the engine reads each stop from that section).
 */
function proposeListStops(doc: ParentNode, clicked: Element): StopsProposal | null {
  const text = lineText(clicked);
  if (!isPlace(text)) return null;
  const terms = [...clicked.parentElement!.children];
  const labels: string[] = [];
  for (const dd of terms.filter((el) => el.tagName === 'DD')) {
    const label = termOf(dd);
    const name = label ? normText(label.textContent).replace(/\s*:$/, '') : '';
    if (name && !labels.includes(name) && isPlace(lineText(dd))) labels.push(name);
  }
  const taken = labels.slice(0, 3);
  // Each stop's date: the first dated value after its place, before the next stop.
  const dateLabels: string[] = [];
  for (const label of taken) {
    const start = terms.findIndex((el) => el.tagName === 'DT' && normText(el.textContent).replace(/\s*:$/, '') === label);
    for (let i = start + 1; i < terms.length; i += 1) {
      const el = terms[i]!;
      const name = normText(el.textContent).replace(/\s*:$/, '');
      if (el.tagName === 'DT' && taken.includes(name)) break;
      if (el.tagName !== 'DD' || !parseDate(lineText(el), { dateOrder: 'dmy' }).ok) continue;
      const dateLabel = termOf(el);
      const dateName = dateLabel ? normText(dateLabel.textContent).replace(/\s*:$/, '') : '';
      if (dateName && !dateLabels.includes(dateName)) dateLabels.push(dateName);
      break;
    }
  }
  if (!dateLabels.length) return null;
  const { parts, by } = valueParts(text);
  const roles = lineRoles(parts);
  const place = ':scope > dd:nth-of-type(1)';
  const part = (role: LineRole, tail: Steps = []): Field | undefined => {
    const at = roles.indexOf(role);
    return at < 0 ? undefined : { html: { css: place, parse: partSteps(parts.length, at, tail, by) } };
  };
  const zipAt = roles.indexOf('zipCity');
  const typeTable = Object.fromEntries(taken.map((l) => [l, stopTypeOf(l) ?? 'delivery']));
  const fields: StopsField['fields'] = {
    type: { html: { css: ':scope > dt:first-child', parse: [{ map: { table: typeTable, other: 'problem' } }] } },
    ...(part('name') ? { name: part('name') } : {}),
    ...(part('street') ? { street: part('street') } : {}),
    zip: part('zipCity', [{ zipCity: 'zip' }]),
    city: part('zipCity', [{ zipCity: 'city' }]),
    ...(applySteps(parts[zipAt]!, [{ zipCity: 'country' }], GERMAN_LOCALE).ok ? { countryCode: part('zipCity', [{ zipCity: 'country' }]) } : {}),
    date: { html: { label: dateLabels.length === 1 ? dateLabels[0]! : dateLabels, parse: [{ date: {} }] } },
  };
  const stops: StopsField = { each: { html: { label: taken.length === 1 ? taken[0]! : taken } }, fields };
  return { stops, labels: taken.map((label) => ({ label, type: stopTypeOf(label) })), count: labelledItems(doc, taken).length };
}

/** Sets the kind of each stop label as the user chose it. */
export function withStopTypes(stops: StopsField, types: Record<string, 'pickup' | 'delivery'>): StopsField {
  // The label cell keeps the selector the proposal gave it (a table row's or a description list's).
  const old = stops.fields.type?.html;
  const css = old && 'css' in old ? old.css : 'th, dt';
  return { ...stops, fields: { ...stops.fields, type: { html: { css, parse: [{ map: { table: types, other: 'problem' } }] } } } };
}

const STATUS_WORDS: [RegExp, OrderStatus][] = [
  [/storn|cancel|abgesagt|annul/i, 'cancelled'],
  [/bezahlt|paid|beglichen|settled/i, 'paid'],
  [/berechnet|fakturiert|abgerechnet|invoiced|billed|rechnung/i, 'invoice_created'],
  [/zugestellt|geliefert|abgeliefert|delivered|completed|abgeschlossen|erledigt|done/i, 'delivered'],
  [/unterwegs|transit|en route|in fahrt|underway|on the road|on.road|beladen/i, 'in_transit'],
  [/disponiert|geplant|planned|scheduled|assigned|zugewiesen/i, 'planned'],
  [/offen|open|neu\b|new|erfasst|angelegt/i, 'open'],
];

/** What a TMS's status word most likely means; null when no word says it (the user picks). */
export function guessStatus(word: string): OrderStatus | null {
  return STATUS_WORDS.find(([re]) => re.test(word))?.[1] ?? null;
}

/**
 * Status words common in German and English TMSs. A list page shows only some of its TMS's
 * statuses (page 1 may have no "Zugestellt"); these are understood too, so a delivered order
 * on page 5 is not refused for an unknown status. The user reviews the words the page shows.
 */
export const COMMON_STATUS_WORDS: Readonly<Record<string, OrderStatus>> = {
  Offen: 'open', Neu: 'open', Erfasst: 'open', Disponiert: 'planned', Geplant: 'planned', Unterwegs: 'in_transit', 'In Zustellung': 'in_transit',
  Zugestellt: 'delivered', Geliefert: 'delivered', Abgeschlossen: 'delivered', Erledigt: 'delivered', Berechnet: 'invoice_created', Abgerechnet: 'invoice_created',
  Fakturiert: 'invoice_created', Bezahlt: 'paid', Storniert: 'cancelled', Open: 'open', New: 'open', Planned: 'planned', Scheduled: 'planned',
  'In transit': 'in_transit', Delivered: 'delivered', Completed: 'delivered', Invoiced: 'invoice_created', Paid: 'paid', Cancelled: 'cancelled', Canceled: 'cancelled',
};
