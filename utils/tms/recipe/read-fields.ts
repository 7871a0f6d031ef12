/**
 * Reads one order's fields the way a recipe says, from the sources that have the order (a
 * JSON item of a fetched answer, a list row, a detail view), into a candidate for
 * finishOrder(). Per field, the first source that yields a value wins; a value that is there
 * but can't be read (several matches, a parser refusing it) is a named ReadProblem on the
 * order, never a guess and never silently the next source's value.
 */
import { isCurrencyCode, minorFromApiNumber, money, parseDecimalMoney, type Money } from '../../domain/money';
import type { InterpretedField } from '../../domain/order';
import type { OrderFieldName, OrderReadResult, OrderSummary, ReadProblem } from '../adapter';
import { finishOrder, orderFieldOf } from '../read-order';
import { evaluatePath, parsePath, type PathStep } from './json-path';
import { itemLabelIndex, labelledItems, locate, locateAll } from './locate';
import { applySteps, type ParsedValue } from './parse-steps';
import type { Locator, Recipe } from './schema';

/** Where an order's values can be read: a JSON item, or a part of a page (row, detail view). */
export type RecipeSource = { kind: 'json'; item: unknown } | { kind: 'html'; root: ParentNode };

export interface ReadEnv {
  locale: Recipe['locale'];
  /** The page or TMS origin: relative links are made absolute against it. */
  baseUrl: string;
  origin: string;
  adapterId: string;
}

type Fields = Recipe['order']['fields'];
type Field = NonNullable<Fields['number']>;
type Step = NonNullable<Field['parse']>[number];
type StopsField = NonNullable<Fields['stops']>;
type StopFieldName = keyof StopsField['fields'];

type Outcome = { kind: 'none' } | { kind: 'value'; value: ParsedValue; interpreted: boolean } | { kind: 'problem'; failure: string };

// ------------------------------------------------------------------------------------------
// JSON values

/**
 * Parsed paths, kept: a 300-order read evaluates the same few dozen paths thousands of times.
 * Most are plain keys (`$.customer.name`); those are walked directly, without the
 * evaluator's list per step (the same answer, a fifth of the allocations).
 */
type CompiledPath = { keys: string[] } | { steps: PathStep[] } | null;
const compiled = new Map<string, CompiledPath>();
const own = Object.prototype.hasOwnProperty;

function planOf(path: string): CompiledPath {
  let plan = compiled.get(path);
  if (plan === undefined) {
    const parsed = parsePath(path);
    plan = !parsed.ok ? null : parsed.steps.every((s) => s.kind === 'key') ? { keys: parsed.steps.map((s) => (s as { name: string }).name) } : { steps: parsed.steps };
    if (compiled.size > 2_000) compiled.clear();
    compiled.set(path, plan);
  }
  return plan;
}

/**
 * The one text or number at a plain-key path, or undefined where the quick way can't answer
 * (the path has wildcards, leads nowhere, or to anything else): the caller then takes the
 * general way, which names the problem. Most fields of a JSON recipe are such paths without
 * parse steps; this reads them without the lists and outcome objects of the general way.
 */
function plainJsonText(data: unknown, field: Field & { json: string }): string | number | undefined {
  let keys = plainKeys.get(field);
  if (keys === undefined) {
    const plan = planOf(field.json);
    keys = plan && 'keys' in plan && !field.parse?.length ? plan.keys : null;
    plainKeys.set(field, keys);
  }
  if (keys === null) return undefined;
  const node = atKeys(data, keys);
  if (typeof node === 'string') return node.trim() === '' ? undefined : node;
  return typeof node === 'number' && Number.isFinite(node) ? node : undefined;
}

/** Per field of a recipe: its plain key path when it has one and nothing to parse, else null. */
const plainKeys = new WeakMap<Field, string[] | null>();

/** Where a path of plain keys leads (own properties of objects only), or NOWHERE. */
const NOWHERE: unique symbol = Symbol('nowhere');
function atKeys(data: unknown, keys: readonly string[]): unknown {
  let node = data;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !own.call(node, key)) return NOWHERE;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function jsonValues(data: unknown, path: string): unknown[] {
  const plan = planOf(path);
  if (!plan) return [];
  if ('steps' in plan) return evaluatePath(data, plan.steps);
  const node = atKeys(data, plan.keys);
  return node === NOWHERE ? [] : [node];
}

/**
 * What a JSON leaf may be for a field: text, a finite number or a boolean (shown as text).
 * A type guard, not a schema, on this hot path (thousands of leaves per read): what comes
 * out is validated once, as an Order, by finishOrder's valibot schema (as demo/api.ts does).
 */
const isJsonScalar = (x: unknown): x is string | number | boolean => typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
const present = (x: unknown) => x !== undefined && x !== null && !(typeof x === 'string' && x.trim() === '');

// ------------------------------------------------------------------------------------------
// One field

/** A locator's own parse steps (for `any`, those of the fallback that answered), before the field's. */
function ownSteps(locator: Locator, via: number): readonly Step[] {
  const own = (l: object): readonly Step[] => ('parse' in l ? ((l as { parse?: readonly Step[] }).parse ?? []) : []);
  if ('any' in locator) return [...own(locator.any[via] ?? {}), ...(locator.parse ?? [])];
  return own(locator);
}

function run(raw: ParsedValue, steps: readonly Step[], env: ReadEnv): Outcome {
  if (steps.length === 0) return { kind: 'value', value: raw, interpreted: false };
  const result = applySteps(raw, steps, env.locale, env.baseUrl);
  if (!result.ok) return { kind: 'problem', failure: result.problem };
  if (typeof result.value === 'string' && result.value.trim() === '') return { kind: 'none' };
  return { kind: 'value', value: result.value, interpreted: result.interpreted === true };
}

/** An amount the TMS sends as JSON, in minor or major units, with its currency or the recipe's. */
function jsonMoney(item: unknown, spec: { amount: string; unit: 'minor' | 'major'; currency?: string | undefined }, env: ReadEnv): Outcome {
  const amounts = jsonValues(item, spec.amount).filter(present);
  if (amounts.length === 0) return { kind: 'none' };
  if (amounts.length > 1) return { kind: 'problem', failure: 'ambiguous' };
  let currency: unknown = env.locale.currency;
  if (spec.currency) {
    const found = jsonValues(item, spec.currency).filter(present);
    currency = found.length === 1 ? found[0] : undefined;
  }
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) return { kind: 'problem', failure: 'unknown-currency' };
  const amount = amounts[0];
  let value: Money | null = null;
  if (spec.unit === 'minor') {
    const n = typeof amount === 'number' ? amount : typeof amount === 'string' && /^-?\d{1,16}$/.test(amount.trim()) ? Number(amount) : NaN;
    value = Number.isSafeInteger(n) ? money(n, currency) : null;
  } else if (typeof amount === 'number') {
    const minor = minorFromApiNumber(amount, currency);
    value = minor === null ? null : money(minor, currency);
  } else if (typeof amount === 'string') {
    value = parseDecimalMoney(amount, currency);
  }
  return value ? { kind: 'value', value, interpreted: false } : { kind: 'problem', failure: 'malformed' };
}

/** The field's value from the first source that has it. */
export function readField(field: Field, sources: readonly RecipeSource[], env: ReadEnv): Outcome {
  for (const source of sources) {
    let outcome: Outcome;
    if (source.kind === 'json') {
      if (!field.json) continue;
      if (typeof field.json === 'object') {
        outcome = jsonMoney(source.item, field.json, env);
        if (outcome.kind === 'value') outcome = run(outcome.value, field.parse ?? [], env);
      } else {
        const found = jsonValues(source.item, field.json);
        // One value is the common case; several distinct ones are ambiguous, never "the first".
        const values = found.length === 1 ? (present(found[0]) ? found : []) : [...new Set(found.filter(present))];
        if (values.length === 0) continue;
        if (values.length > 1) return { kind: 'problem', failure: 'ambiguous' };
        const raw = values[0];
        if (!isJsonScalar(raw)) return { kind: 'problem', failure: 'wrong-type' };
        outcome = run(typeof raw === 'boolean' ? String(raw) : raw, field.parse ?? [], env);
      }
    } else {
      if (!field.html) continue;
      const found = locate(source.root, field.html);
      if (!found.ok) {
        if (found.problem === 'not-found') continue;
        return { kind: 'problem', failure: found.problem };
      }
      outcome = run(found.value, [...ownSteps(field.html, found.via), ...(field.parse ?? [])], env);
    }
    if (outcome.kind !== 'none') return outcome;
  }
  return { kind: 'none' };
}

/** Every value of a list field (invoice links): all from the first source that has any. */
function readList(field: Field, sources: readonly RecipeSource[], env: ReadEnv, max: number): { values: string[]; failure?: string } {
  for (const source of sources) {
    let raw: { value: string; steps: readonly Step[] }[] = [];
    if (source.kind === 'json' && typeof field.json === 'string') {
      raw = jsonValues(source.item, field.json)
        .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
        .map((value) => ({ value, steps: field.parse ?? [] }));
    } else if (source.kind === 'html' && field.html) {
      const candidates = 'any' in field.html ? field.html.any : [field.html];
      for (const [via, candidate] of candidates.entries()) {
        const found = locateAll(source.root, candidate);
        if (found.length) {
          raw = found.map((value) => ({ value, steps: [...ownSteps(field.html!, via), ...(field.parse ?? [])] }));
          break;
        }
      }
    }
    if (raw.length === 0) continue;
    const values: string[] = [];
    for (const { value, steps } of raw.slice(0, max)) {
      const outcome = run(value, steps, env);
      if (outcome.kind === 'problem') return { values: [], failure: outcome.failure };
      if (outcome.kind === 'value') {
        if (typeof outcome.value !== 'string') return { values: [], failure: 'wrong-type' };
        values.push(outcome.value);
      }
    }
    return { values };
  }
  return { values: [] };
}

// ------------------------------------------------------------------------------------------
// Problems, in the words of the preview

const ADDRESS_FIELDS = new Set(['customer.street', 'customer.zip', 'customer.city', 'customer.countryCode']);

function fieldOf(name: string): OrderFieldName {
  if (ADDRESS_FIELDS.has(name)) return 'billingAddress';
  if (name.startsWith('stops.')) return orderFieldOf(`stops.0.${name.slice(6)}`);
  if (name === 'invoiceLinks') return 'invoiceLinks';
  return orderFieldOf(name);
}

/** The problem a failed read of a field is, named as finishOrder names the same field. */
export function problemOf(name: string, failure: string): ReadProblem {
  if (name === 'price') {
    if (failure === 'empty') return { code: 'price-missing' };
    if (failure === 'unknown-currency' || failure === 'no-currency') return { code: 'currency-unknown' };
    return { code: 'price-unreadable' };
  }
  if (name === 'stops.date') return { code: 'date-invalid', field: 'stopDate' };
  return { code: 'field-invalid', field: fieldOf(name) };
}

// ------------------------------------------------------------------------------------------
// The whole order

const DEFAULT_CUSTOMER_KEY = ['id', 'customerNumber', 'vatId', 'name'] as const;
const MAX_STOPS = 50;
const MAX_LINKS = 50;
const INTERPRETED_OF: Partial<Record<string, InterpretedField>> = { price: 'price', 'load.weightKg': 'weight' };
const INTERPRETED: readonly InterpretedField[] = ['price', 'weight'];
/** Freight references for the invoice text: only those the order has. */
const REFERENCE_FIELDS = ['cmrNumber', 'vehicle', 'freightTerms', 'exportReference'] as const;

/** A recipe's stop fields with their problem names, listed once per recipe rather than per stop. */
const stopFieldLists = new WeakMap<StopsField, [StopFieldName, string, Field | undefined][]>();
function stopFields(spec: StopsField): [StopFieldName, string, Field | undefined][] {
  let list = stopFieldLists.get(spec);
  if (!list) {
    list = (Object.entries(spec.fields) as [StopFieldName, Field | undefined][]).map(([name, field]) => [name, `stops.${name}`, field]);
    stopFieldLists.set(spec, list);
  }
  return list;
}

/**
 * A stop field labelled in parallel to the stops' own labels (stops "Ladestelle",
 * "Entladestelle", dates "Ladedatum", "Liefertermin", as the builder proposes them) read by
 * the one label of this stop's kind: a stop's section may hold another stop's date row when
 * the TMS orders its rows differently, and that date is not this stop's.
 */
function ownLabel(field: Field | undefined, stopLabels: string | readonly string[], kind: number): Field | undefined {
  const html = field?.html;
  if (!html || !('label' in html) || !Array.isArray(html.label) || !Array.isArray(stopLabels)) return undefined;
  if (html.label.length !== stopLabels.length || stopLabels.length < 2 || kind < 0) return undefined;
  return { ...field, html: { ...html, label: html.label[kind]! } };
}

class OrderReader {
  readonly problems: ReadProblem[] = [];
  readonly interpreted: InterpretedField[] = [];

  constructor(
    private readonly env: ReadEnv,
    private readonly sources: readonly RecipeSource[],
  ) {}

  private note(problem: ReadProblem) {
    for (const p of this.problems) if (p.code === problem.code && p.field === problem.field) return;
    this.problems.push(problem);
  }

  value(name: string, field: Field | undefined, sources = this.sources): ParsedValue | undefined {
    if (!field) return undefined;
    // The common case of a JSON recipe: a plain path to a text or number, nothing to parse.
    const first = sources[0];
    if (first?.kind === 'json' && typeof field.json === 'string') {
      const quick = plainJsonText(first.item, field as Field & { json: string });
      if (quick !== undefined) return quick;
    }
    const outcome = readField(field, sources, this.env);
    if (outcome.kind === 'problem') this.note(problemOf(name, outcome.failure));
    if (outcome.kind !== 'value') return undefined;
    const interpreted = INTERPRETED_OF[name];
    if (outcome.interpreted && interpreted && !this.interpreted.includes(interpreted)) this.interpreted.push(interpreted);
    return outcome.value;
  }

  /** Text fields take text; a number from JSON is written as text; an amount is not text. */
  text(name: string, field: Field | undefined, sources = this.sources): string | undefined {
    const value = this.value(name, field, sources);
    if (value === undefined || typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    this.note(problemOf(name, 'wrong-type'));
    return undefined;
  }

  price(field: Field | undefined): Money | undefined {
    const value = this.value('price', field);
    if (value === undefined) {
      // Required: say it is missing before finishOrder echoes a vaguer "unreadable".
      for (const p of this.problems) if (p.code.startsWith('price') || p.code === 'currency-unknown') return undefined;
      this.note({ code: 'price-missing' });
      return undefined;
    }
    if (typeof value === 'object') return value;
    this.note({ code: 'price-unreadable' });
    return undefined;
  }

  list(name: string, field: Field | undefined): string[] {
    if (!field) return [];
    const read = readList(field, this.sources, this.env, MAX_LINKS);
    if (read.failure) this.note(problemOf(name, read.failure));
    return read.values;
  }

  stops(spec: StopsField | undefined): Record<string, unknown>[] {
    if (!spec) return [];
    for (const source of this.sources) {
      let parts: RecipeSource[] = [];
      if (source.kind === 'json' && spec.each.json) {
        for (const item of jsonValues(source.item, spec.each.json)) if (typeof item === 'object' && item !== null) parts.push({ kind: 'json', item });
      } else if (source.kind === 'html' && spec.each.html) {
        let elements: Element[] = [];
        try {
          elements = 'css' in spec.each.html ? [...source.root.querySelectorAll(spec.each.html.css)] : labelledItems(source.root, spec.each.html.label);
        } catch {
          this.note({ code: 'field-invalid', field: 'stopAddress' });
        }
        parts = elements.map((root) => ({ kind: 'html', root }));
      }
      if (parts.length === 0) continue;
      const fields = stopFields(spec);
      const labels = spec.each.html && 'label' in spec.each.html ? spec.each.html.label : null;
      const kinds = labels ? parts.map((part) => (part.kind === 'html' ? itemLabelIndex(part.root, labels) : -1)) : [];
      // Loops, not callbacks: a 300-order read reads a thousand stops.
      const stops: Record<string, unknown>[] = [];
      for (let i = 0; i < parts.length && i < MAX_STOPS; i++) {
        const part = parts[i]!;
        const stop: Record<string, unknown> = {};
        const one = [part];
        for (const [name, problemName, field] of fields) {
          const own = labels ? ownLabel(field, labels, kinds[i]!) : undefined;
          // The stop's own label is looked for in its section first, then in the whole view,
          // there only when no other stop has the same label (it can't be another stop's).
          const alone = own && kinds.filter((k) => k === kinds[i]).length === 1;
          stop[name] = own ? this.text(problemName, own, alone ? [part, source] : one) : this.text(problemName, field, one);
        }
        stops.push(stop);
      }
      return stops;
    }
    return [];
  }
}

/** Reads one order from its sources into a validated Order, or the problems that keep it from being one. */
export function readOrder(id: string, recipe: Recipe, sources: readonly RecipeSource[], env: ReadEnv, found: readonly ReadProblem[] = []): OrderReadResult {
  const f = recipe.order.fields;
  const r = new OrderReader(env, sources);
  // The price first: its problem leads the list, as it does for the code adapters.
  const price = r.price(f.price);
  // Field by field, without a closure per order: this runs for every order of a read.
  const customer = {
    id: r.text('customer.id', f['customer.id']),
    name: r.text('customer.name', f['customer.name']),
    customerNumber: r.text('customer.customerNumber', f['customer.customerNumber']),
    vatId: r.text('customer.vatId', f['customer.vatId']),
    email: r.text('customer.email', f['customer.email']),
    street: r.text('customer.street', f['customer.street']),
    zip: r.text('customer.zip', f['customer.zip']),
    city: r.text('customer.city', f['customer.city']),
    countryCode: r.text('customer.countryCode', f['customer.countryCode']),
  };
  const hasAddress = customer.street !== undefined || customer.zip !== undefined || customer.city !== undefined || customer.countryCode !== undefined;
  const hasCustomer = hasAddress || customer.id !== undefined || customer.name !== undefined || customer.customerNumber !== undefined || customer.vatId !== undefined || customer.email !== undefined;
  // The customer's identity: the first key the recipe names that has a value; a name is marked as one.
  let key: string | undefined;
  for (const k of recipe.customers?.key ?? DEFAULT_CUSTOMER_KEY) {
    key = k === 'name' ? (customer.name ? `name:${customer.name}` : undefined) : customer[k];
    if (key) break;
  }
  const number = r.text('number', f.number);
  const status = r.text('status', f.status);
  const customerReference = r.text('customerReference', f.customerReference);
  const stops = r.stops(f.stops);
  const weight = r.value('load.weightKg', f['load.weightKg']);
  const pallets = r.value('load.pallets', f['load.pallets']);
  const load = { goods: r.text('load.goods', f['load.goods']), weightKg: weight, loadingMeters: r.text('load.loadingMeters', f['load.loadingMeters']), pallets };
  const podUrl = r.text('podUrl', f.podUrl);
  const references: Record<string, string> = {};
  for (const name of REFERENCE_FIELDS) {
    const value = r.text(name, f[name]);
    if (value !== undefined) references[name] = value;
  }
  const invoiceLinks = r.list('invoiceLinks', f.invoiceLinks);
  const interpreted: InterpretedField[] = [];
  for (const x of INTERPRETED) if (r.interpreted.includes(x)) interpreted.push(x);
  const candidate = {
    id,
    number,
    customer: hasCustomer
      ? {
          id: key || undefined,
          name: customer.name,
          customerNumber: customer.customerNumber,
          vatId: customer.vatId,
          email: customer.email,
          billingAddress: hasAddress ? { street: customer.street, zip: customer.zip, city: customer.city, countryCode: customer.countryCode } : undefined,
        }
      : undefined,
    customerReference,
    status,
    ...(price ? { price } : {}),
    stops,
    load,
    ...(podUrl ? { podUrl } : {}),
    ...references,
    ...(invoiceLinks.length ? { invoiceLinks } : {}),
    ...(interpreted.length ? { interpreted } : {}),
    source: { origin: env.origin, adapter: env.adapterId },
  };
  return finishOrder(candidate, found.length ? [...found, ...r.problems] : r.problems);
}

// ------------------------------------------------------------------------------------------
// Summaries (the action bar): what can't be read is empty or null, never made up

export function summarise(id: string, root: ParentNode, locators: { number?: Field | undefined; customer?: Field | undefined; price?: Field | undefined; status?: Field | undefined }, env: ReadEnv): OrderSummary {
  const sources: RecipeSource[] = [{ kind: 'html', root }];
  const read = (field: Field | undefined) => {
    if (!field) return undefined;
    const outcome = readField(field, sources, env);
    return outcome.kind === 'value' ? outcome.value : undefined;
  };
  const asText = (value: ParsedValue | undefined) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
  const price = read(locators.price);
  return {
    id,
    number: asText(read(locators.number)) || id,
    customerName: asText(read(locators.customer)),
    price: typeof price === 'object' ? price : null,
    status: asText(read(locators.status)),
  };
}
