/**
 * The builder on a single-page TMS (recipes.md § 3.8, steps 1, 3 and 4): what the page loaded
 * as JSON while the builder looked, and what it proposes from it. The capture script (main
 * world) forwards the page's own same-origin JSON answers; this side checks every envelope as
 * the engine does (capture.ts) and keeps a bounded number of them, parsed. It asks for no
 * Authorization header: the builder reads only what the page already loaded.
 *
 * Proposals are data paths the recipe will hold, each checked against the captured items:
 * - the list of orders in an answer and the join from the number a row shows to the TMS's id;
 * - for a value the user clicked, the path in that order's item that holds it;
 * - the stops and the billing address as the objects whose values the clicked text shows.
 */
import * as v from 'valibot';
import { CAPTURE_CHANNEL, MAX_CAPTURED_CHARS, capturePatternMatches } from '../capture-pattern';
import { CaptureEnvelopeSchema, CaptureStore } from '../capture';
import { jsonValues } from '../read-fields';
import type { Recipe } from '../schema';

/** Answers kept while teaching: a grid's paged loads, a detail or two. */
export const MAX_BUILDER_ANSWERS = 40;
const MAX_DEPTH = 4;

export interface CapturedAnswer {
  url: string;
  body: unknown;
  /** The text as it came, handed to the recipe's own CaptureStore unchanged. */
  text: string;
}

type CaptureRule = NonNullable<NonNullable<Recipe['sources']>['capture']>[number];
export interface CaptureJoin {
  rule: CaptureRule;
  /** Where an item holds the value the row shows (its number). */
  match: string;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const norm = (text: string) => text.replace(/\s+/g, ' ').trim();
const SAFE_KEY = /^[A-Za-z_$][\w$-]*$/;
const child = (path: string, key: string) => (SAFE_KEY.test(key) ? `${path}.${key}` : `${path}["${key}"]`);

/** What the page loaded, as the builder keeps it. Pure: fed envelopes. */
export class BuilderAnswers {
  private readonly kept: CapturedAnswer[] = [];
  /** The page's last Authorization header to its own origin: kept here, in this tab's memory, only to find where the page keeps it. */
  private signedWith: string | null = null;
  constructor(private readonly pageOrigin: string) {}

  /** One envelope off the window; returns whether an answer (or a new sign-in) was kept. */
  accept(data: unknown): boolean {
    if (isRecord(data) && data.channel === CAPTURE_CHANNEL && data.kind === 'auth') {
      const parsed = v.safeParse(CaptureEnvelopeSchema, data);
      if (!parsed.success || parsed.output.kind !== 'auth' || new URL(parsed.output.url).origin !== this.pageOrigin || parsed.output.authorization === this.signedWith) return false;
      this.signedWith = parsed.output.authorization;
      return true;
    }
    if (!isRecord(data) || data.channel !== CAPTURE_CHANNEL || data.kind !== 'answer') return false;
    const parsed = v.safeParse(CaptureEnvelopeSchema, data);
    if (!parsed.success || parsed.output.kind !== 'answer') return false;
    const { url, body: text } = parsed.output;
    if (new URL(url).origin !== this.pageOrigin || text.length > MAX_CAPTURED_CHARS) return false;
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      return false;
    }
    const same = this.kept.findIndex((a) => a.url === url);
    if (same >= 0) this.kept.splice(same, 1);
    this.kept.push({ url, body, text });
    if (this.kept.length > MAX_BUILDER_ANSWERS) this.kept.shift();
    return true;
  }

  answers(): readonly CapturedAnswer[] {
    return this.kept;
  }

  /** The Authorization header the page signs its requests with, when it sent one (never leaves this tab). */
  authorization(): string | null {
    return this.signedWith;
  }

  /** The recipe's own capture store, fed what the builder saw: the builder reads as the engine will. */
  storeFor(recipe: Recipe): CaptureStore {
    const store = new CaptureStore(recipe, this.pageOrigin);
    store.accept({ channel: CAPTURE_CHANNEL, kind: 'ready' });
    for (const answer of this.kept) store.accept({ channel: CAPTURE_CHANNEL, kind: 'answer', url: answer.url, body: answer.text });
    return store;
  }
}

/** Arrays of objects in an answer, with the path that reaches their items (`$.data[*]`). */
function itemLists(body: unknown, path = '$', depth = 0): { items: string; list: Record<string, unknown>[] }[] {
  if (Array.isArray(body)) {
    const objects = body.filter(isRecord);
    return objects.length > 0 && objects.length === body.length ? [{ items: `${path}[*]`, list: objects }] : [];
  }
  if (!isRecord(body) || depth >= MAX_DEPTH) return [];
  return Object.entries(body).flatMap(([key, value]) => itemLists(value, child(path, key), depth + 1));
}

/** Every leaf of an item (strings, numbers, booleans, null) with its path, arrays left out. */
export function leaves(item: unknown, path = '$', depth = 0): { path: string; value: string | number | boolean | null }[] {
  if (!isRecord(item) || depth > MAX_DEPTH) return [];
  return Object.entries(item).flatMap(([key, value]) => {
    const at = child(path, key);
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return [{ path: at, value: value as string | number | boolean | null }];
    return isRecord(value) ? leaves(value, at, depth + 1) : [];
  });
}

/** The rule's id: the answer path's last word ("/api/orders" → "orders"). */
function ruleId(pathname: string): string {
  const word = pathname.split('/').filter((s) => /^[a-zA-Z][\w-]{0,39}$/.test(s)).at(-1);
  return word ?? 'items';
}

const KEY_NAMES = ['id', 'uuid', '_id', 'key', 'orderId'];

/**
 * The join for rows that show only a number (recipes.md § 3.8 step 3, "a captured path equal
 * to a column becomes a join suggestion"): the list of items, in the answers to one path,
 * whose values at one path include every number the rows show, and the items' own id.
 */
export function proposeCaptureJoin(answers: readonly CapturedAnswer[], shown: readonly string[]): (CaptureJoin & { keys: string[] }) | null {
  if (shown.length === 0) return null;
  // Paged answers of one list (offset=0, offset=250, …) count as one list.
  const groups = new Map<string, { pathname: string; query: boolean; items: string; list: Record<string, unknown>[] }>();
  for (const answer of answers) {
    const url = new URL(answer.url);
    for (const found of itemLists(answer.body)) {
      const id = `${url.pathname}|${found.items}`;
      const group = groups.get(id) ?? { pathname: url.pathname, query: false, items: found.items, list: [] };
      group.query ||= url.search !== '';
      group.list.push(...found.list);
      groups.set(id, group);
    }
  }
  const wanted = shown.map(norm);
  for (const group of groups.values()) {
    const paths = leaves(group.list[0]).map((l) => l.path);
    const match = paths.find((p) => {
      const values = new Set(group.list.map((item) => jsonValues(item, p)[0]).filter((x) => typeof x === 'string' || typeof x === 'number').map((x) => norm(String(x))));
      return wanted.every((w) => values.has(w));
    });
    if (!match) continue;
    const unique = (p: string) => {
      const values = group.list.map((item) => jsonValues(item, p)[0]);
      return values.every((x) => (typeof x === 'string' && x !== '') || typeof x === 'number') && new Set(values).size === values.length;
    };
    const key = KEY_NAMES.map((name) => `$.${name}`).find((p) => paths.includes(p) && unique(p)) ?? (unique(match) ? match : null);
    if (!key) continue;
    const byShown = new Map(group.list.map((item) => [norm(String(jsonValues(item, match)[0])), String(jsonValues(item, key)[0])]));
    return {
      rule: { id: ruleId(group.pathname), url: group.query ? `${group.pathname}?*` : group.pathname, items: group.items, key },
      match,
      keys: wanted.map((w) => byShown.get(w)!),
    };
  }
  return null;
}

/** The captured items of a rule, by key, as the engine keeps them (the newest answer wins). */
export function capturedItems(answers: readonly CapturedAnswer[], rule: CaptureRule, pageOrigin: string): Record<string, unknown>[] {
  const out = new Map<string, Record<string, unknown>>();
  for (const a of answers) {
    if (!capturePatternMatches(rule.url, new URL(a.url), pageOrigin)) continue;
    for (const item of jsonValues(a.body, rule.items)) {
      const key = isRecord(item) ? jsonValues(item, rule.key)[0] : undefined;
      if (isRecord(item) && (typeof key === 'string' || typeof key === 'number')) out.set(String(key), item);
    }
  }
  return [...out.values()];
}

/**
 * The item a clicked value belongs to: the nearest element around it that shows exactly one
 * item's number (a row shows its own, a drawer its order's heading).
 */
export function itemNear(clicked: Element, items: readonly Record<string, unknown>[], match: string): Record<string, unknown> | null {
  const numbers = items.map((item) => ({ item, number: jsonValues(item, match)[0] })).filter((x): x is { item: Record<string, unknown>; number: string | number } => typeof x.number === 'string' || typeof x.number === 'number');
  for (let el: Element | null = clicked; el; el = el.parentElement) {
    // Text node by text node: a grid's cells touch without a space between them.
    const texts = textsIn(el);
    const shown = numbers.filter((n) => String(n.number) !== '' && texts.some((text) => containsWord(text, String(n.number))));
    if (shown.length === 1) return shown[0]!.item;
    if (shown.length > 1) return null;
  }
  return null;
}

function textsIn(el: Element): string[] {
  const out: string[] = [];
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node && out.length < 5_000; node = walker.nextNode()) if (node.nodeValue?.trim()) out.push(node.nodeValue);
  return out;
}

/** `word` in `text`, not as part of a longer number ("o-12" is not in "o-123"). */
function containsWord(text: string, word: string): boolean {
  let at = text.indexOf(word);
  while (at >= 0) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + word.length] ?? ' ';
    if (!/[\w-]/.test(before) && !/[\w-]/.test(after)) return true;
    at = text.indexOf(word, at + 1);
  }
  return false;
}

/** Letters and digits only, lower case: "On the road" and "ON_ROAD" read alike. */
const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The paths of an item whose value is the text the user clicked: equal as text first, then
 * equal when spelled alike ("Planned" / "PLANNED"), then the number a parser made of it
 * (`numeric`: 1250.5 for "1,250.50 kg").
 */
export function pathsFor(item: Record<string, unknown>, text: string, numeric?: number): string[] {
  const all = leaves(item);
  const wanted = norm(text);
  const exact = all.filter((l) => l.value !== null && norm(String(l.value)) === wanted).map((l) => l.path);
  if (exact.length) return exact;
  const alike = all.filter((l) => typeof l.value === 'string' && squash(l.value) !== '' && squash(l.value) === squash(wanted)).map((l) => l.path);
  if (alike.length) return alike;
  if (numeric === undefined) return [];
  return all.filter((l) => typeof l.value === 'number' && l.value === numeric).map((l) => l.path);
}

/** A money amount in an item: minor units (cents) or major, with the currency beside it. */
export function moneyPath(item: Record<string, unknown>, minor: number, currency: string): { amount: string; unit: 'minor' | 'major'; currency?: string } | null {
  const all = leaves(item);
  const minorHit = all.find((l) => l.value === minor);
  const majorHit = all.find((l) => typeof l.value === 'number' && Math.round(l.value * 100) === minor) ?? all.find((l) => typeof l.value === 'string' && /^\d+(\.\d+)?$/.test(l.value) && Math.round(Number(l.value) * 100) === minor);
  const hit = minorHit ? { path: minorHit.path, unit: 'minor' as const } : majorHit ? { path: majorHit.path, unit: 'major' as const } : null;
  if (!hit) return null;
  const parent = hit.path.slice(0, hit.path.lastIndexOf('.'));
  const beside = all.find((l) => l.value === currency && l.path.slice(0, l.path.lastIndexOf('.')) === parent);
  return { amount: hit.path, unit: hit.unit, ...(beside ? { currency: beside.path } : {}) };
}

/** The parts of a place, by what the TMS calls them. */
const PLACE_PARTS: readonly [part: 'name' | 'street' | 'zip' | 'city' | 'countryCode' | 'date' | 'type', re: RegExp][] = [
  ['type', /^(kind|type|stopType|art)$/i],
  ['zip', /post|zip|plz/i],
  ['city', /town|city|ort|place|locality/i],
  ['countryCode', /country|land/i],
  ['street', /street|strasse|straße|address1|line1/i],
  ['date', /date|datum|day|planned|time/i],
  ['name', /^(name|company|firm)/i],
];

/** Where each part of a place is in one object (`$.site.town` for the city), by the keys' names. */
function placeParts(object: Record<string, unknown>, base: string): Partial<Record<(typeof PLACE_PARTS)[number][0], string>> {
  const out: Partial<Record<(typeof PLACE_PARTS)[number][0], string>> = {};
  for (const leaf of leaves(object, base)) {
    const key = leaf.path.slice(leaf.path.lastIndexOf('.') + 1);
    const part = PLACE_PARTS.find(([, re]) => re.test(key))?.[0];
    if (part && !out[part] && (typeof leaf.value === 'string' || typeof leaf.value === 'number')) out[part] = leaf.path;
  }
  return out;
}

/** How many of an object's text values the clicked text shows. */
const shownIn = (object: Record<string, unknown>, text: string) => leaves(object).filter((l) => typeof l.value === 'string' && l.value.length > 1 && text.includes(l.value)).length;

/**
 * The stops, for a click on one pickup or delivery: the array of the item whose element the
 * clicked text shows (at least two of its values), and each stop field by its key's name.
 * The `type` values are mapped: a word for loading is a pickup, everything else a delivery.
 */
export function proposeJsonStops(item: Record<string, unknown>, text: string): { each: { json: string }; fields: Record<string, unknown> } | null {
  const arrays: { path: string; list: Record<string, unknown>[] }[] = [];
  const walk = (node: unknown, path: string, depth: number) => {
    if (!isRecord(node) || depth > MAX_DEPTH) return;
    for (const [key, value] of Object.entries(node)) {
      const at = child(path, key);
      if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) arrays.push({ path: at, list: value as Record<string, unknown>[] });
      else walk(value, at, depth + 1);
    }
  };
  walk(item, '$', 0);
  const found = arrays.find((a) => a.list.some((stop) => shownIn(stop, text) >= 2));
  if (!found) return null;
  const parts = placeParts(found.list[0]!, '$');
  if (!parts.city || !parts.date) return null;
  const fields: Record<string, unknown> = {};
  for (const [part, path] of Object.entries(parts)) {
    if (part === 'type') {
      const words = [...new Set(found.list.map((s) => jsonValues(s, path)[0]).filter((w): w is string => typeof w === 'string'))].slice(0, 10);
      fields.type = { json: path, parse: [{ map: { table: Object.fromEntries(words.map((w) => [w, /pick|load|abhol|lade|collect|origin/i.test(w) ? 'pickup' : 'delivery'])), other: 'problem' } }] };
    } else if (part === 'countryCode') fields.countryCode = { json: path, parse: [{ country: {} }] };
    else if (part === 'date') fields.date = { json: path, parse: [{ date: {} }] };
    else fields[part] = { json: path };
  }
  return { each: { json: `${found.path}[*]` }, fields };
}

/** The billing address, for a click on it: the object whose values the text shows, by its keys' names. */
export function proposeJsonAddress(item: Record<string, unknown>, text: string): Record<string, unknown> | null {
  const objects: { path: string; object: Record<string, unknown> }[] = [];
  const walk = (node: unknown, path: string, depth: number) => {
    if (!isRecord(node) || depth > MAX_DEPTH) return;
    objects.push({ path, object: node });
    for (const [key, value] of Object.entries(node)) if (isRecord(value)) walk(value, child(path, key), depth + 1);
  };
  walk(item, '$', 0);
  // The smallest object that shows at least two of the clicked values: the address, not the whole order.
  const found = objects.filter((o) => shownIn(o.object, text) >= 2 && Object.values(o.object).every((x) => !isRecord(x) && !Array.isArray(x))).sort((a, b) => Object.keys(a.object).length - Object.keys(b.object).length)[0];
  if (!found) return null;
  const parts = placeParts(found.object, found.path);
  if (!parts.city || !parts.zip) return null;
  return {
    ...(parts.street ? { 'customer.street': { json: parts.street } } : {}),
    'customer.zip': { json: parts.zip },
    'customer.city': { json: parts.city },
    ...(parts.countryCode ? { 'customer.countryCode': { json: parts.countryCode, parse: [{ country: {} }] } } : {}),
  };
}

/**
 * Listens for the capture script's envelopes on the page's window and asks it for every JSON
 * answer of the page's own origin (`/*`), and the Authorization header the page sends there
 * (kept in this tab, only to propose `storage` auth). The script holds
 * what the page loaded before the builder came (at most 2 MB, 10 s): a reload of the page
 * shows the builder everything the TMS loads at its start.
 */
export function watchPageAnswers(win: Window, onChange: () => void): { answers: BuilderAnswers; stop(): void } {
  const answers = new BuilderAnswers(win.location.origin);
  const listener = (event: MessageEvent) => {
    if (event.source !== win) return;
    if (answers.accept(event.data)) onChange();
  };
  win.addEventListener('message', listener);
  // The header too: the builder looks for the page's token in its web storage (storage-auth-proposal.ts).
  win.postMessage({ channel: CAPTURE_CHANNEL, kind: 'config', patterns: ['/*'], auth: true }, win.location.origin);
  return { answers, stop: () => win.removeEventListener('message', listener) };
}

/** A detail field the user clicked, read from the order's item; null when the data does not hold it. */
export function proposeJsonField(
  field: string,
  item: Record<string, unknown>,
  text: string,
  parsed: { minor?: number; currency?: string; number?: number },
  statusOf: (word: string) => string | null,
  items: readonly Record<string, unknown>[],
): Record<string, unknown> | null {
  if (field === 'stops') return (({ stops }) => (stops ? { stops } : null))({ stops: proposeJsonStops(item, text) });
  if (field === 'address') return proposeJsonAddress(item, text);
  if (field === 'price') {
    const money = parsed.minor !== undefined && parsed.currency ? moneyPath(item, parsed.minor, parsed.currency) : null;
    return money ? { price: { json: money, parse: [{ money: {} }] } } : null;
  }
  const path = pathsFor(item, text, parsed.number)[0];
  if (!path) return null;
  if (field === 'status') {
    // Every status word the data holds, read as the TMS's words mean it; an unknown one is a problem, never a guess.
    const words = [...new Set(items.map((i) => jsonValues(i, path)[0]).filter((w): w is string => typeof w === 'string'))].slice(0, 30);
    const table = Object.fromEntries(words.flatMap((w) => (statusOf(w) ? [[w, statusOf(w)!]] : [])));
    return { status: { json: path, parse: [{ map: { table, other: 'problem' } }] } };
  }
  const parse = field === 'customer.countryCode' ? [{ country: {} }] : [];
  return { [field]: { json: path, ...(parse.length ? { parse } : {}) } };
}
