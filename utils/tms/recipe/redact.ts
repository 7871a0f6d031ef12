/**
 * Redaction of a saved TMS page for a recipe test (recipes.md §3.8 step 8, §3.10): what goes
 * into a test, and from there into an exported file someone else reads, must not carry the
 * user's customers. Pure: it works on a copy of the Document the caller passes (the live TMS
 * page in the builder, a parsed page in tests) and never changes that Document.
 *
 * What goes:
 * - code and fetches: scripts, noscript, templates, inline event handlers, `javascript:` URLs,
 *   images and media (img, picture, video, audio, source, track, canvas, object, embed),
 *   `src` and `srcset`, linked resources (`<link>`), meta refreshes, comments;
 * - frames, whole: a saved page never loads them, and a `srcdoc` would carry a page of its
 *   own unredacted (a recipe that reads inside a frame is tested on the frame's own page);
 * - the extension's own UI in the page (`frachtbeleg-*` elements, its row checkboxes);
 * - secrets: CSRF and session tokens in hidden inputs and meta tags, session or token
 *   parameters in URLs, JSON Web Tokens anywhere;
 * - IBANs, anywhere (dropped, not replaced: no test reads one).
 *
 * What is replaced, consistently (the same original gives the same replacement everywhere on
 * the page, in its attributes and in captured JSON run through the same Redactor):
 * - the values the recipe itself reads as personal: customer.name, stop names and the list
 *   summary's customer → "Kunde A", "Kunde B", …; customer.email → kunde-a@example.invalid
 *   (the letter of the customer it belongs to); customer.street and stop streets →
 *   "Musterstraße 1", "Musterstraße 2", …; customer.vatId → a well-formed id of the same
 *   country prefix (DE000000001);
 * - found by pattern anywhere in text and attributes: e-mail addresses, VAT IDs (checked
 *   against their country's format), phone numbers (+49 000 0000001, …) and street lines
 *   with a house number ("Friedberger Straße 143", "ul. Głogowska 432").
 *
 * What stays, on purpose: order numbers, customer numbers, references, prices, dates,
 * weights, loading metres, statuses, postal codes, cities and countries. Invoices need them
 * and a test must read them; on their own they identify no person. Values the recipe reads
 * as order numbers, references and customer numbers are never taken for a phone number or a
 * VAT ID. Not covered: personal data the recipe does not read and no pattern finds (a contact
 * person's name in free text, a customer's name inside a URL).
 *
 * Attributes that only name things for the page's code and the recipe's selectors (class,
 * id, name, for, role, …) are left as they are; every other attribute is redacted like text.
 *
 * The result carries a marker (`<meta name="frachtbeleg-redacted">`) that export checks.
 */
import { checkVatId, exampleVatId, VAT_PREFIXES } from '../../domain/vat-id';
import { adapterFromRecipe } from './adapter';
import { recipeAdapterId } from './adapter-id';
import { labelledItems } from './locate';
import { readField, type ReadEnv } from './read-fields';
import type { Locator, Recipe } from './schema';
import { REDACTED_MARKER } from './redaction-marker';

export { isRedactedHtml, REDACTED_MARKER } from './redaction-marker';

/** What the recipe reads as personal on a page, and what it reads that must stay as it is. */
export interface PersonalValues {
  /** Customers (name and e-mail read from the same row or detail view share one letter). */
  customers: { name?: string | undefined; email?: string | undefined }[];
  /** Further names: stop names (companies, sites). */
  names: string[];
  streets: string[];
  vatIds: string[];
  /** Order numbers, references, customer numbers, row keys: never replaced by a pattern. */
  keep: string[];
}

export interface Redactor {
  /** The text with every personal value replaced and every IBAN and token dropped. */
  text(value: string): string;
  /** Every string in a JSON value through text(); keys and other values unchanged. */
  json(value: unknown): unknown;
  /** The personal values the recipe read that are still in `value` (none after text()). */
  leftovers(value: string): string[];
}

export interface RedactedPage {
  /** The redacted page as a whole document, with the marker. */
  html: string;
  /** The page's address with session and token parameters dropped. */
  url: string;
  /** What was read as personal on the original page (for the builder to show what went). */
  personal: PersonalValues;
  /** The same replacements, for the JSON captured with the page (redactor.json). */
  redactor: Redactor;
}

// ------------------------------------------------------------------------------------------
// Patterns (bounded; no nested quantifiers)

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,5}\.[A-Za-z]{2,24}/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const VAT = new RegExp(`\\b(?:${VAT_PREFIXES.join('|')})[ .-]?(?:[0-9A-Z][ .-]?){7,14}`, 'g');
const PHONE_INTERNATIONAL = /(?<![\w+.,])(?:\+|00)[1-9]\d{0,2}[ \-/]?(?:\(0\)[ \-/]?)?\(?\d{1,5}\)?(?:[ \-/]?\d{1,8}){1,4}(?![\w.,])/g;
const PHONE_NATIONAL = /(?<![\w+.,/-])(?:\(0\d{1,5}\)|0[1-9]\d{1,4})(?: ?\/ ?|[ -])\d{2,8}(?:[ -]\d{1,8}){0,3}(?![\w.,/-])/g;
const STREET_SUFFIX = '(?:[Ss]tra(?:ß|ss)e|[Ss]tr\\.|[Ww]eg|[Aa]llee|[Pp]latz|[Gg]asse|[Rr]ing|[Dd]amm|[Uu]fer|[Cc]haussee|[Ss]traat|[Ll]aan|[Gg]racht|[Kk]ade)';
const STREET = new RegExp(
  `(?<![\\p{L}\\d])(?:(?:\\p{Lu}[\\p{L}.'-]{0,40} ){0,3}\\p{L}{0,40}${STREET_SUFFIX}|(?:ul|al|pl|os)\\. ?\\p{Lu}[\\p{L}.'-]{0,40}(?: \\p{Lu}[\\p{L}.'-]{0,40}){0,2}) \\d{1,4} ?[a-z]?(?:/\\d{1,4})?(?![\\p{L}\\d])`,
  'gu',
);
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g;
const SECRET_PARAM = /([?&;](?:access_token|id_token|token|auth|session|sessionid|sid|jsessionid|phpsessid|api_key|apikey|key|code)=)[^&#"'\s]*/gi;
const SECRET_NAME = /csrf|xsrf|token|nonce|session|auth|secret/i;

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const digitCount = (s: string) => (s.match(/\d/g) ?? []).length;

/** 1 → A, 26 → Z, 27 → AA: as many customers as a page shows. */
function letters(serial: number): string {
  let n = serial;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Values shorter than this would replace parts of ordinary words. */
const MIN_KNOWN = 3;
const MAX_KNOWN = 2_000;

export function createRedactor(personal: PersonalValues): Redactor {
  const replacement = new Map<string, string>();
  /** Everything this redactor wrote: a later pattern must not take it for an original. */
  const produced = new Set<string>();
  const usedEmails = new Set<string>();
  let nextLetter = 0;
  let nextStreet = 0;
  let nextPhone = 0;
  const vatSerial = new Map<string, number>();

  const remember = (original: string, made: string) => {
    replacement.set(original, made);
    produced.add(made);
    return made;
  };
  const nameFor = (original: string): string => replacement.get(original) ?? remember(original, `Kunde ${letters(++nextLetter)}`);
  const emailFor = (original: string, letter?: string): string => {
    const key = original.toLowerCase();
    const known = replacement.get(key);
    if (known) return known;
    let made = letter ? `kunde-${letter.toLowerCase()}@example.invalid` : '';
    if (!made || usedEmails.has(made)) made = `kunde-${letters(++nextLetter).toLowerCase()}@example.invalid`;
    usedEmails.add(made);
    return remember(key, made);
  };
  const streetFor = (original: string): string => replacement.get(original) ?? remember(original, `Musterstraße ${++nextStreet}`);
  const phoneFor = (original: string): string => {
    const key = original.replace(/\D/g, '');
    return replacement.get(`tel:${key}`) ?? remember(`tel:${key}`, `+49 000 ${String(++nextPhone).padStart(7, '0')}`);
  };
  const vatFor = (normalised: string): string => {
    const known = replacement.get(normalised);
    if (known) return known;
    const prefix = normalised.slice(0, 2);
    const serial = (vatSerial.get(prefix) ?? 0) + 1;
    vatSerial.set(prefix, serial);
    return remember(normalised, exampleVatId(prefix, serial) ?? `${prefix}000000000`);
  };

  // The recipe's own values first, in page order, so "Kunde A" is the first customer shown.
  for (const customer of personal.customers) {
    const name = customer.name && norm(customer.name);
    const letter = name ? nameFor(name).slice('Kunde '.length) : undefined;
    if (customer.email) emailFor(norm(customer.email), letter);
  }
  for (const name of personal.names) nameFor(norm(name));
  for (const street of personal.streets) streetFor(norm(street));
  for (const vatId of personal.vatIds) {
    const check = checkVatId(vatId);
    if (check.ok) vatFor(check.normalised);
  }

  /** The recipe's values as they may appear in a page's text (any run of whitespace between words). */
  const known = [
    ...personal.customers.flatMap((c) => [c.name, c.email]),
    ...personal.names,
    ...personal.streets,
    ...personal.vatIds,
  ]
    .filter((v): v is string => typeof v === 'string')
    .map(norm)
    .filter((v) => v.length >= MIN_KNOWN);
  const knownSorted = [...new Set(known)].sort((a, b) => b.length - a.length).slice(0, MAX_KNOWN);
  // Whole words only: a stop called "Lager" must not change "Umschlagerlaubnis".
  const bounded = (values: string[], flags: string) => new RegExp(`(?<![\\p{L}\\d])(?:${values.map((v) => escape(v).replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\d])`, flags);
  const knownPattern = knownSorted.length ? bounded(knownSorted, 'giu') : null;
  const anyKnown = knownSorted.length ? bounded(knownSorted, 'iu') : null;
  const knownLower = knownSorted.map((v) => v.toLowerCase());
  const eachPattern = new Map<string, RegExp>();
  const patternOf = (v: string) => eachPattern.get(v) ?? eachPattern.set(v, bounded([v], 'iu')).get(v)!;
  const keep = personal.keep.map(norm).filter((k) => k.length >= 4);
  const isKept = (match: string) => produced.has(match) || keep.some((k) => k.includes(match) || match.includes(k));

  const replaceKnown = (match: string): string => {
    const key = norm(match);
    const direct = replacement.get(key) ?? replacement.get(key.toLowerCase());
    if (direct) return direct;
    // Matched case-insensitively: the value as the recipe read it decides.
    const original = knownSorted.find((v) => v.toLowerCase() === key.toLowerCase());
    const vat = original ? checkVatId(original) : null;
    return (original && (replacement.get(original) ?? replacement.get(original.toLowerCase()) ?? (vat?.ok ? replacement.get(vat.normalised) : undefined))) ?? match;
  };

  function text(value: string): string {
    if (!value) return value;
    let out = value;
    if (knownPattern) out = out.replace(knownPattern, replaceKnown);
    out = out.replace(JWT, 'redacted-token');
    out = out.replace(IBAN, (m) => (produced.has(m) ? m : ''));
    out = out.replace(VAT, (m, offset: number, whole: string) => {
      if (isKept(m)) return m;
      // The pattern may run into the next word: the longest well-formed id at its start wins.
      for (let len = m.length; len >= 9; len--) {
        const sub = m.slice(0, len);
        if (/[ .-]$/.test(sub)) continue;
        const after = len < m.length ? m[len]! : (whole[offset + len] ?? '');
        if (/[0-9A-Za-z]/.test(after)) continue;
        const check = checkVatId(sub);
        if (check.ok && !produced.has(sub)) return vatFor(check.normalised) + m.slice(len);
      }
      return m;
    });
    out = out.replace(EMAIL, (m) => (produced.has(m) ? m : emailFor(m)));
    out = out.replace(PHONE_INTERNATIONAL, (m) => (isKept(m) || digitCount(m) < 8 || digitCount(m) > 15 ? m : phoneFor(m)));
    out = out.replace(PHONE_NATIONAL, (m) => (isKept(m) || digitCount(m) < 9 || digitCount(m) > 13 ? m : phoneFor(m)));
    out = out.replace(STREET, (m) => (isKept(m) ? m : streetFor(norm(m))));
    return out;
  }

  function json(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return text(value);
    if (depth > 64 || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => json(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, item]) => [k, json(item, depth + 1)]));
  }

  const leftovers = (value: string): string[] => {
    if (!anyKnown || !value) return [];
    const haystack = norm(value);
    // Plain substring checks first, the word-bounded patterns only on a hit (pages are large).
    const lower = haystack.toLowerCase();
    if (!knownLower.some((v) => lower.includes(v)) || !anyKnown.test(haystack)) return [];
    return knownSorted.filter((v) => patternOf(v).test(haystack));
  };

  return { text, json: (value) => json(value), leftovers };
}

// ------------------------------------------------------------------------------------------
// What the recipe reads as personal

type Field = NonNullable<Recipe['order']['fields']['number']>;

function queryAll(root: ParentNode, css: string): Element[] {
  try {
    return [...root.querySelectorAll(css)];
  } catch {
    return [];
  }
}

/**
 * Reads the recipe's personal fields on every row of a list page and in a detail view, field
 * by field (not through finishOrder: an order with a problem still shows its customer).
 */
export function personalValues(recipe: Recipe, doc: Document, url: URL): PersonalValues {
  const out: PersonalValues = { customers: [], names: [], streets: [], vatIds: [], keep: [] };
  const env: ReadEnv = { locale: recipe.locale, baseUrl: url.href, origin: url.origin, adapterId: recipeAdapterId(recipe.id) };
  const textOf = (field: Field | undefined, root: ParentNode): string | undefined => {
    if (!field) return undefined;
    const outcome = readField(field, [{ kind: 'html', root }], env);
    if (outcome.kind !== 'value') return undefined;
    const value = typeof outcome.value === 'string' ? outcome.value : typeof outcome.value === 'number' ? String(outcome.value) : '';
    return value.trim() || undefined;
  };
  const add = (list: string[], value: string | undefined) => {
    if (value) list.push(value);
  };
  const fields = recipe.order.fields;
  const readRoot = (root: ParentNode) => {
    const name = textOf(fields['customer.name'], root);
    const email = textOf(fields['customer.email'], root);
    if (name || email) out.customers.push({ name, email });
    add(out.streets, textOf(fields['customer.street'], root));
    add(out.vatIds, textOf(fields['customer.vatId'], root));
    for (const keep of [fields.number, fields.customerReference, fields['customer.customerNumber']]) add(out.keep, textOf(keep, root));
    const stops = fields.stops;
    const each = stops?.each.html;
    if (stops && each) {
      for (const stop of ('css' in each ? queryAll(root, each.css) : labelledItems(root, each.label)).slice(0, 50)) {
        add(out.names, textOf(stops.fields.name, stop));
        add(out.streets, textOf(stops.fields.street, stop));
      }
    }
  };
  const asField = (locator: Locator | undefined): Field | undefined => (locator ? { html: locator } : undefined);

  const kind = adapterFromRecipe(recipe).pageKind(doc, url);
  // The detail view: the detail page, or a drawer or dialog (no URL of its own) open over a
  // list. Never the list page's own table, whose headers a label locator would misread.
  const container = recipe.detail?.container ? queryAll(doc, recipe.detail.container.css) : [];
  const drawer = !!recipe.detail && !recipe.detail.url;
  if (kind === 'detail' || (drawer && container.length === 1)) readRoot(container.length === 1 ? container[0]! : doc);
  if (kind === 'list' && recipe.list) {
    const list = recipe.list;
    const scope = list.container ? (queryAll(doc, list.container.css)[0] ?? doc) : doc;
    for (const row of queryAll(scope, list.row.css).slice(0, 5_000)) {
      readRoot(row);
      const customer = textOf(asField(list.summary.customer), row);
      if (customer) out.customers.push({ name: customer });
      add(out.keep, textOf(asField(list.summary.number), row));
      add(out.keep, textOf(asField(list.rowKey), row));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------
// The page

const REMOVED = 'script, noscript, template, img, picture, video, audio, source, track, canvas, object, embed, applet, iframe, frame, frameset, link, meta[http-equiv], image, input[data-frachtbeleg-select]';
/** Attributes that name things for the page's code and the recipe's selectors, never show data. */
const STRUCTURAL_ATTRIBUTES = new Set(['class', 'id', 'for', 'name', 'type', 'role', 'style', 'headers', 'scope', 'colspan', 'rowspan', 'tabindex', 'lang', 'dir', 'method', 'aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns', 'rel', 'target', 'slot', 'is']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite', 'ping']);

/** A copy of the page in a fresh inert document: nothing in it runs or loads. */
function copyOf(doc: Document): Document {
  const copy = doc.implementation.createHTMLDocument('');
  copy.documentElement.remove();
  copy.append(copy.importNode(doc.documentElement, true));
  return copy;
}

function strip(doc: Document): void {
  for (const el of [...doc.querySelectorAll(REMOVED)]) el.remove();
  // The extension's own UI in the page: the panel, the action, notices, badges.
  for (const el of [...doc.querySelectorAll('*')]) if (el.tagName.toLowerCase().startsWith('frachtbeleg-')) el.remove();
  const walker = doc.createTreeWalker(doc, 0x80 /* NodeFilter.SHOW_COMMENT */);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const c of comments) c.parentNode?.removeChild(c);

  for (const el of [...doc.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'srcset' || name === 'ping') el.removeAttribute(attr.name);
      else if (URL_ATTRIBUTES.has(name) && /^\s*(?:javascript|vbscript|data):/i.test(attr.value)) el.removeAttribute(attr.name);
      else if (name === 'style' && /url\s*\(/i.test(attr.value)) el.setAttribute(attr.name, attr.value.replace(/url\s*\([^)]*\)/gi, 'none'));
      else if (name === 'src') el.removeAttribute(attr.name);
    }
    const tag = el.tagName;
    const named = `${el.getAttribute('name') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (tag === 'INPUT' && (el as HTMLInputElement).type === 'hidden' && SECRET_NAME.test(named)) el.setAttribute('value', '');
    if (tag === 'META' && SECRET_NAME.test(named)) el.setAttribute('content', '');
  }
}

function replaceText(doc: Document, redactor: Redactor): void {
  const walker = doc.createTreeWalker(doc, 0x4 /* NodeFilter.SHOW_TEXT */);
  const texts: Text[] = [];
  while (walker.nextNode()) texts.push(walker.currentNode as Text);
  for (const node of texts) {
    if (node.parentElement?.tagName === 'STYLE') continue;
    const next = redactor.text(node.data);
    if (next !== node.data) node.data = next;
  }
  for (const el of [...doc.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      if (STRUCTURAL_ATTRIBUTES.has(attr.name.toLowerCase())) continue;
      let next = redactor.text(attr.value);
      if (URL_ATTRIBUTES.has(attr.name.toLowerCase())) next = next.replace(SECRET_PARAM, '$1redacted');
      if (next !== attr.value) el.setAttribute(attr.name, next);
    }
  }
  // A value split over several nodes (<b>Allgäu</b> Spedition): the shortest run of sibling
  // nodes that holds it becomes one text node, redacted. Only that run loses its markup.
  if (redactor.leftovers(doc.body?.textContent ?? '').length === 0) return;
  for (const el of [...doc.querySelectorAll('body *')].reverse()) {
    if (el.tagName === 'STYLE') continue;
    for (let round = 0; round < 20 && redactor.leftovers(el.textContent ?? '').length > 0; round++) {
      const nodes = [...el.childNodes];
      if (nodes.some((n) => n.nodeType === 1 && redactor.leftovers(n.textContent ?? '').length > 0)) break;
      const joined = (from: number, to: number) => nodes.slice(from, to + 1).map((n) => n.textContent ?? '').join('');
      let end = 0;
      while (end < nodes.length - 1 && redactor.leftovers(joined(0, end)).length === 0) end++;
      let start = end;
      while (start > 0 && redactor.leftovers(joined(start, end)).length === 0) start--;
      const run = doc.createTextNode(redactor.text(joined(start, end)));
      el.insertBefore(run, nodes[start]!);
      for (const node of nodes.slice(start, end + 1)) node.parentNode?.removeChild(node);
    }
  }
}

function mark(doc: Document): void {
  for (const old of [...doc.querySelectorAll(`meta[name="${REDACTED_MARKER}"]`)]) old.remove();
  const meta = doc.createElement('meta');
  meta.setAttribute('name', REDACTED_MARKER);
  meta.setAttribute('content', 'personal data replaced, scripts and media removed');
  (doc.head ?? doc.documentElement).prepend(meta);
}

export class RedactionIncomplete extends Error {
  override name = 'RedactionIncomplete';
}

/**
 * The page redacted for a test: personal values the recipe reads and patterns find replaced,
 * scripts, media and secrets gone, marked as redacted. The page passed in is left as it was.
 * Throws RedactionIncomplete if a personal value the recipe read is still on the page (a
 * safety net: the page is then not saved).
 */
export function redactPage(recipe: Recipe, doc: Document, url: URL): RedactedPage {
  const copy = copyOf(doc);
  strip(copy);
  const personal = personalValues(recipe, copy, url);
  const using = createRedactor(personal);
  replaceText(copy, using);
  mark(copy);
  const html = `<!doctype html>\n${copy.documentElement.outerHTML}`;
  const attributes = [...copy.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => !STRUCTURAL_ATTRIBUTES.has(a.name.toLowerCase())));
  const left = [...new Set([...using.leftovers(copy.documentElement.textContent ?? ''), ...attributes.flatMap((a) => using.leftovers(a.value))])];
  if (left.length) throw new RedactionIncomplete(`${left.length} personal value(s) could not be removed from the page`);
  return { html, url: url.href.replace(SECRET_PARAM, '$1redacted'), personal, redactor: using };
}
