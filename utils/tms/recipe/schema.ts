/**
 * The site recipe document, format 1 (../shared/recipes.md §3.1): data, never code. Every
 * object is strict (an unknown key is refused), every vocabulary closed, every string and
 * list bounded. Regexes are data with one capture group and no nested quantifiers or
 * backreferences; JSON paths are our own (json-path.ts); URLs are http(s) on the recipe's own
 * sites, and a write-back goes to a path on the page's own origin, never elsewhere.
 * Validated at every entry: the builder, storage and import.
 */
import * as v from 'valibot';
import { isCurrencyCode } from '../../domain/money';
import { parsePath } from './json-path';

export const MAX_RECIPE_BYTES = 2_000_000;

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`));
const Name = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max, `must be at most ${max} characters`));
const OneOrMore = <T extends v.GenericSchema>(item: T, max: number) => v.union([item, v.pipe(v.array(item), v.minLength(1), v.maxLength(max, `at most ${max} alternatives`))]);

/** An http(s) origin: scheme, host and port only. */
export const OriginSchema = v.pipe(
  v.string(),
  v.maxLength(200),
  v.check((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text.replace(/\/$/, '') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) origin such as https://tms.example.com (no path, no other scheme)'),
);

/** A path on the page's own origin, with {placeholders} from a closed list. Never "//host" or a scheme. */
const PLACEHOLDERS = ['id', 'number', 'invoiceNumber', 'invoiceUrl', 'invoiceId', 'provider', 'date'] as const;
const PlainPathSchema = v.pipe(
  v.string(),
  v.maxLength(300),
  v.regex(/^\/(?!\/)/, 'must be a path on the TMS site itself, starting with one "/"'),
  v.check((t) => !/[\s\\]/.test(t) && !/^\/[a-z][a-z0-9+.-]*:/i.test(t), 'must be a plain path'),
);
const PathTemplateSchema = v.pipe(
  PlainPathSchema,
  v.check((t) => [...t.matchAll(/\{([^}]*)\}/g)].every((m) => (PLACEHOLDERS as readonly string[]).includes(m[1]!)), `placeholders may only be ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`),
);
/**
 * A fetch source's path: only {id} (one order per request) or {ids} (a batch, the ids
 * comma-joined); the other placeholders belong to write-back and mean nothing when reading.
 */
const FETCH_PLACEHOLDERS = ['id', 'ids'] as const;
const FetchUrlSchema = v.pipe(
  PlainPathSchema,
  v.check((t) => [...t.matchAll(/\{([^}]*)\}/g)].every((m) => (FETCH_PLACEHOLDERS as readonly string[]).includes(m[1]!)), 'a fetch URL may only use {id} or {ids}'),
);
const ValueTemplateSchema = v.pipe(
  Text(300),
  v.check((t) => [...t.matchAll(/\{([^}]*)\}/g)].every((m) => (PLACEHOLDERS as readonly string[]).includes(m[1]!)), `placeholders may only be ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`),
);

/** Regex as data: one capture group, short, no nested quantifiers, no backreferences, must compile. */
export const SafeRegexSchema = v.pipe(
  v.string(),
  v.maxLength(200, 'a regex must be at most 200 characters'),
  v.check((r) => !/\\[1-9]|\\k</.test(r), 'a regex must not use backreferences'),
  v.check((r) => !/\((?:[^()\\]|\\.)*[+*}]\)\s*[+*{?]/.test(r), 'a regex must not nest quantifiers (like (a+)+)'),
  v.check((r) => (r.replace(/\\./g, '').match(/\((?!\?)/g) ?? []).length === 1, 'a regex must have exactly one capture group'),
  v.check((r) => {
    try {
      new RegExp(r, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'a regex must be valid'),
);

export const JsonPathSchema = v.pipe(
  v.string(),
  v.maxLength(300),
  v.check((p) => parsePath(p).ok, 'must be a path like $.items[*].id (keys, [n], [*], [?key=="value"] only)'),
);

const CssSchema = v.pipe(Name(300), v.check((c) => !/javascript:|expression\(|url\(/i.test(c) && !/[{}]/.test(c), 'must be a plain CSS selector'));
const AttrName = v.pipe(v.string(), v.regex(/^[a-zA-Z_:][-a-zA-Z0-9_:.]{0,59}$/, 'must be an attribute name'));

const ARIA_ROLES = ['row', 'gridcell', 'cell', 'columnheader', 'rowheader', 'button', 'link', 'checkbox', 'toolbar', 'dialog', 'region', 'heading', 'listitem', 'textbox', 'status', 'table', 'grid', 'tab', 'tabpanel', 'menuitem'] as const;

// ------------------------------------------------------------------------------------------
// Parsers (closed list, applied in order)

const parser = <K extends string, S extends v.GenericSchema>(key: K, options: S) => v.strictObject({ [key]: options } as { [P in K]: S });
const Empty = v.strictObject({});
export const ParseStepSchema = v.union([
  parser('trim', Empty),
  parser('collapseWhitespace', Empty),
  parser('regex', SafeRegexSchema),
  parser('join', Text(10)),
  parser('money', v.strictObject({ currency: v.optional(v.pipe(v.string(), v.check(isCurrencyCode, 'must be a currency code such as EUR'))) })),
  parser('number', Empty),
  parser('integer', Empty),
  parser('weight', v.strictObject({ to: v.literal('kg'), from: v.optional(v.picklist(['kg', 't'])) })),
  parser('loadingMeters', Empty),
  parser('date', v.strictObject({ dateOrder: v.optional(v.picklist(['DMY', 'MDY'])) })),
  parser('country', v.strictObject({ plates: v.optional(v.boolean()) })),
  parser('zipCity', v.picklist(['zip', 'city', 'country'])),
  /** One line of a multi-line value ("Name<br>Street<br>DE-28195 Bremen"): 1 is the first, -1 the last. */
  parser('line', v.pipe(v.number(), v.integer(), v.minValue(-20), v.maxValue(20), v.check((n) => n !== 0, 'a line is counted from 1 (first) or -1 (last)'))),
  parser('map', v.strictObject({ table: v.pipe(v.record(Text(100), Text(100)), v.check((t) => Object.keys(t).length <= 200, 'a map holds at most 200 entries')), other: v.picklist(['keep', 'problem']) })),
  parser('absoluteUrl', Empty),
  parser('vatId', Empty),
  parser('urlParam', v.pipe(Name(60), v.regex(/^[\w.[\]-]+$/, 'must be a URL parameter name'))),
  parser('urlPath', v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(20))),
]);
const ParseSchema = v.pipe(v.array(ParseStepSchema), v.maxLength(6, 'at most 6 parse steps'));

// ------------------------------------------------------------------------------------------
// Locators, ranked by meaning; `any` holds up to 3 fallbacks (no nesting).

const modifiers = {
  attr: v.optional(AttrName),
  prop: v.optional(v.picklist(['textContent', 'value', 'href', 'checked', 'title'])),
  parse: v.optional(ParseSchema),
};
const BaseLocatorSchema = v.union([
  v.strictObject({ column: OneOrMore(Name(100), 3), ...modifiers }),
  v.strictObject({ label: OneOrMore(Name(100), 3), ...modifiers }),
  v.strictObject({ role: v.picklist(ARIA_ROLES), name: v.optional(Name(100)), ...modifiers }),
  v.strictObject({ testId: Name(100), ...modifiers }),
  v.strictObject({ css: CssSchema, shadow: v.optional(v.boolean()), ...modifiers }),
  v.strictObject({ json: JsonPathSchema, parse: v.optional(ParseSchema) }),
  v.strictObject({ const: Text(200) }),
]);
export const LocatorSchema = v.union([
  BaseLocatorSchema,
  v.strictObject({ any: v.pipe(v.array(BaseLocatorSchema), v.minLength(1), v.maxLength(3, 'at most 3 fallbacks')), parse: v.optional(ParseSchema) }),
]);
export type Locator = v.InferOutput<typeof LocatorSchema>;

const UrlMatchSchema = v.strictObject({
  path: v.pipe(Text(200), v.regex(/^\/[^\s]*$/, 'must be a path starting with "/"')),
  query: v.optional(v.pipe(v.record(v.pipe(v.string(), v.regex(/^[\w.[\]-]{1,60}$/)), Text(60)), v.check((q) => Object.keys(q).length <= 10, 'at most 10 query parameters'))),
  /**
   * Markers that prove the page is this TMS's, not any page with that path: 1–3 locators,
   * all must find a value (and pass their own parse steps, e.g. a regex on the brand name).
   */
  marker: v.optional(OneOrMore(LocatorSchema, 3)),
});

// ------------------------------------------------------------------------------------------
// Order fields (closed list) and where each is read

export const ORDER_FIELDS = [
  'number', 'customer.id', 'customer.name', 'customer.customerNumber', 'customer.vatId', 'customer.email', 'customer.street',
  'customer.zip', 'customer.city', 'customer.countryCode', 'customerReference', 'status', 'price', 'stops', 'load.goods',
  'load.weightKg', 'load.loadingMeters', 'load.pallets', 'podUrl', 'invoiceLinks',
  // #16: freight references printed on the invoice.
  'cmrNumber', 'vehicle', 'freightTerms', 'exportReference',
] as const;
export const STOP_FIELDS = ['type', 'name', 'street', 'zip', 'city', 'countryCode', 'date'] as const;

const JsonMoneySchema = v.strictObject({ amount: JsonPathSchema, unit: v.picklist(['minor', 'major']), currency: v.optional(JsonPathSchema) });
const FieldSchema = v.strictObject({
  json: v.optional(v.union([JsonPathSchema, JsonMoneySchema])),
  html: v.optional(LocatorSchema),
  parse: v.optional(ParseSchema),
});
const StopsFieldSchema = v.strictObject({
  /**
   * What one stop is: JSON items, elements found by CSS, or the rows labelled with one of
   * `label` ("Abholung", "Zustellung"): each such row (label and value) is one stop, in page order.
   */
  each: v.strictObject({ json: v.optional(JsonPathSchema), html: v.optional(v.union([v.strictObject({ css: CssSchema }), v.strictObject({ label: OneOrMore(Name(100), 3) })])) }),
  fields: v.strictObject(Object.fromEntries(STOP_FIELDS.map((f) => [f, v.optional(FieldSchema)])) as Record<(typeof STOP_FIELDS)[number], v.OptionalSchema<typeof FieldSchema, undefined>>),
});

const SourceRefSchema = v.pipe(v.string(), v.regex(/^(capture|fetch):[a-zA-Z][\w-]{0,39}$|^(list|detail|link)$/, 'must be capture:<id>, fetch:<id>, list, detail or link'));
const IdSchema = v.pipe(v.string(), v.regex(/^[a-zA-Z][\w-]{0,39}$/, 'must be a short name of letters, digits, - or _'));

// ------------------------------------------------------------------------------------------
// Write-back modes

/** Headers the browser or the recipe's own auth set: a template may not. */
const RESERVED_HEADERS = ['authorization', 'cookie', 'host', 'origin', 'referer', 'content-type', 'content-length', 'accept', 'connection'];
const HeaderNameSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z][\w-]{0,59}$/, 'must be a header name'),
  v.check((h) => !RESERVED_HEADERS.includes(h.toLowerCase()) && !/^(sec|proxy)-/i.test(h), 'this header is set by the browser or by the recipe\'s auth, not by a template'),
);

const WriteBackSchema = v.variant('mode', [
  v.strictObject({ mode: v.literal('ledger') }),
  v.strictObject({
    mode: v.literal('http'),
    /** An imported HTTP write-back arrives disabled; the user turns it on after reading it. */
    enabled: v.boolean(),
    method: v.picklist(['PATCH', 'POST', 'PUT']),
    url: PathTemplateSchema,
    body: v.pipe(v.record(v.pipe(v.string(), v.regex(/^[\w.-]{1,60}$/)), ValueTemplateSchema), v.check((b) => Object.keys(b).length <= 10, 'at most 10 body fields')),
    /** Reads the order first: already carrying this invoice means nothing is sent (idempotency). */
    probe: v.strictObject({ url: PathTemplateSchema, json: JsonPathSchema }),
    csrf: v.optional(v.strictObject({ header: v.pipe(v.string(), v.regex(/^[A-Za-z][\w-]{0,59}$/, 'must be a header name')), from: LocatorSchema })),
    /**
     * Request headers whose value the TMS page holds (§ 3.7): `{ meta: "csrf-token" }` is the
     * content of `<meta name="csrf-token">`, `{ cookie: "XSRF-TOKEN" }` that cookie's value.
     * Read in the open TMS tab when sending, never stored. At most 3.
     */
    headers: v.optional(
      v.pipe(
        v.record(HeaderNameSchema, v.union([v.strictObject({ meta: v.pipe(Name(100), v.regex(/^[\w.:-]+$/, 'must be a meta name')) }), v.strictObject({ cookie: v.pipe(Name(100), v.regex(/^[!#$%&'*+.^\w|~-]+$/, 'must be a cookie name')) })])),
        v.check((h) => Object.keys(h).length <= 3, 'at most 3 headers'),
      ),
    ),
  }),
  v.strictObject({ mode: v.literal('instructions'), field: v.optional(LocatorSchema) }),
]);

// ------------------------------------------------------------------------------------------
// The document

export const RecipeTestSchema = v.strictObject({
  name: Name(100),
  /**
   * Set only by redact.ts (through makeRecipeTest): the saved page went through redaction, and
   * its html carries the marker to prove it. Export refuses a test without both; tests saved
   * before redaction existed simply lack it and stay valid.
   */
  redacted: v.optional(v.literal(true)),
  url: v.pipe(v.string(), v.url('must be a URL'), v.maxLength(500)),
  html: v.pipe(v.string(), v.maxLength(MAX_RECIPE_BYTES, 'a saved page must be at most 2 MB')),
  selected: v.optional(v.pipe(v.array(Text(100)), v.maxLength(300))),
  expected: v.pipe(v.array(v.unknown()), v.maxLength(300, 'at most 300 expected orders')),
});

export const RecipeSchema = v.pipe(
  v.strictObject({
    format: v.literal(1, 'must be 1 (the only recipe format this version reads)'),
    id: v.pipe(v.string(), v.uuid('must be a UUID')),
    revision: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000)),
    name: Name(100),
    sites: v.pipe(v.array(OriginSchema), v.minLength(1, 'names at least one site'), v.maxLength(5, 'at most 5 sites')),
    extraOrigins: v.optional(v.pipe(v.array(OriginSchema), v.maxLength(5, 'at most 5 extra origins')), []),
    locale: v.strictObject({
      decimal: v.picklist([',', '.']),
      group: v.picklist(['.', ',', "'", ' ', '']),
      dateOrder: v.picklist(['DMY', 'MDY', 'YMD']),
      currency: v.pipe(v.string(), v.check(isCurrencyCode, 'must be a currency code such as EUR')),
      countryNames: v.optional(v.pipe(v.array(v.picklist(['de', 'en'])), v.maxLength(2)), ['de', 'en']),
    }),
    list: v.optional(
      v.strictObject({
        url: UrlMatchSchema,
        row: v.strictObject({ css: CssSchema, skip: v.optional(v.strictObject({ css: CssSchema })) }),
        /** The element the TMS re-renders when filtering or paging (the table or grid); the page is a list only when it is there. */
        container: v.optional(v.strictObject({ css: CssSchema })),
        rowKey: LocatorSchema,
        /**
         * For rows that show no id, only the order number: `rowKey` reads that number, and the
         * order's key is the `key` of the item captured by rule `capture` whose value at
         * `match` equals it. A row whose number no captured item has is skipped (no guess).
         */
        rowKeyJoin: v.optional(v.strictObject({ capture: IdSchema, match: JsonPathSchema })),
        /**
         * The row's link to its order's detail page (an `href`), for the `link` source: TMSs
         * whose detail URLs can't be made from the key (signed links, a frame on a second origin).
         */
        link: v.optional(LocatorSchema),
        selection: v.strictObject({
          mode: v.picklist(['checkbox', 'rowAttribute', 'own']),
          control: v.optional(LocatorSchema),
          attribute: v.optional(v.strictObject({ name: AttrName, value: Text(60) })),
        }),
        summary: v.strictObject({ number: LocatorSchema, customer: LocatorSchema, price: v.optional(LocatorSchema), status: v.optional(LocatorSchema) }),
        /**
         * A list shown a page at a time: `next` reads the address of the list's "next page" link
         * (an `href`), followed by the proposal and the automatic drafts, at most `max` pages.
         */
        pages: v.optional(v.strictObject({ next: LocatorSchema, max: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))) })),
      }),
    ),
    detail: v.optional(
      v.strictObject({
        url: v.optional(UrlMatchSchema),
        view: v.optional(v.picklist(['page', 'drawer', 'dialog', 'iframe']), 'page'),
        container: v.optional(v.strictObject({ css: CssSchema })),
        key: v.optional(LocatorSchema),
        anchor: v.optional(v.strictObject({ role: v.optional(v.picklist(ARIA_ROLES)), name: v.optional(Name(100)), css: v.optional(CssSchema), append: v.picklist(['first', 'last', 'before', 'after']) })),
      }),
    ),
    sources: v.optional(
      v.strictObject({
        capture: v.optional(v.pipe(v.array(v.strictObject({ id: IdSchema, url: v.pipe(Text(200), v.regex(/^\/[^\s]*$/, 'must be a path pattern starting with "/"')), items: JsonPathSchema, key: JsonPathSchema })), v.maxLength(5))),
        fetch: v.optional(v.pipe(v.record(IdSchema, v.strictObject({ url: FetchUrlSchema, items: v.optional(JsonPathSchema), key: v.optional(JsonPathSchema), batch: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500))) })), v.check((f) => Object.keys(f).length <= 5, 'at most 5 fetch sources'))),
        // `storage`: the token the page keeps in web storage under `storageKey` (in a JSON value at
        // `storagePath`); `storageArea` narrows where (default: session, then local). storage-auth.ts.
        auth: v.optional(
          v.pipe(
            v.strictObject({
              mode: v.picklist(['cookie', 'storage', 'captured']),
              storageKey: v.optional(Text(100)),
              storageArea: v.optional(v.picklist(['session', 'local'])),
              storagePath: v.optional(JsonPathSchema),
            }),
            v.check((a) => a.mode !== 'storage' || !!a.storageKey, '`storage` auth needs the storageKey the page keeps its token under'),
          ),
        ),
      }),
    ),
    order: v.strictObject({
      read: v.pipe(v.array(SourceRefSchema), v.minLength(1), v.maxLength(6, 'at most 6 sources')),
      fields: v.strictObject({
        ...Object.fromEntries(ORDER_FIELDS.filter((f) => f !== 'stops').map((f) => [f, v.optional(FieldSchema)])),
        stops: v.optional(StopsFieldSchema),
      } as Record<Exclude<(typeof ORDER_FIELDS)[number], 'stops'>, v.OptionalSchema<typeof FieldSchema, undefined>> & { stops: v.OptionalSchema<typeof StopsFieldSchema, undefined> }),
    }),
    customers: v.optional(v.strictObject({ key: v.pipe(v.array(v.picklist(['id', 'customerNumber', 'vatId', 'name'])), v.minLength(1), v.maxLength(4)) })),
    writeBack: v.optional(WriteBackSchema, { mode: 'ledger' }),
    tests: v.optional(v.pipe(v.array(RecipeTestSchema), v.maxLength(20, 'at most 20 tests')), []),
  }),
  v.check((r) => r.tests.every((t) => r.sites.includes(new URL(t.url).origin) || r.extraOrigins.includes(new URL(t.url).origin)), 'tests: every saved page must be from one of the recipe\'s sites'),
  v.check((r) => !r.list || r.list.selection.mode !== 'rowAttribute' || !!r.list.selection.attribute, 'list.selection: rowAttribute needs the attribute that marks a selected row'),
  v.check((r) => !r.list || r.list.selection.mode !== 'checkbox' || !!r.list.selection.control, 'list.selection: checkbox needs the control (the TMS\'s own checkbox in a row)'),
  v.check(
    (r) =>
      r.order.read.every((ref) => {
        const [kind, id] = ref.split(':') as [string, string | undefined];
        if (kind === 'fetch') return !!id && Object.hasOwn(r.sources?.fetch ?? {}, id);
        if (kind === 'capture') return !!id && (r.sources?.capture ?? []).some((c) => c.id === id);
        if (kind === 'link') return !!r.list?.link && !!r.detail;
        return kind === 'list' ? !!r.list : kind !== 'detail' || !!r.detail;
      }),
    'order.read: every source must be declared (fetch:<id> in sources.fetch, capture:<id> in sources.capture, list and detail need list and detail, link needs list.link and detail)',
  ),
  v.check((r) => Object.values(r.sources?.fetch ?? {}).every((f) => !f.url.includes('{ids}') || (!!f.items && !!f.key)), 'sources.fetch: a batch URL ({ids}) needs items and key, to tell the orders of the answer apart'),
  v.check((r) => !r.list?.rowKeyJoin || (r.sources?.capture ?? []).some((c) => c.id === r.list!.rowKeyJoin!.capture), 'list.rowKeyJoin: capture must name a rule in sources.capture'),
);
export type Recipe = v.InferOutput<typeof RecipeSchema>;
export type RecipeTest = v.InferOutput<typeof RecipeTestSchema>;

export interface RecipeIssue {
  /** Where in the file ("order.fields.price.parse.0.regex"), "(file)" for the whole. */
  path: string;
  message: string;
}

/**
 * Checks a recipe as text or parsed JSON. Never throws: what is wrong comes back with the
 * field it is about, so the builder and the import can say so.
 */
export function validateRecipe(input: unknown): { ok: true; recipe: Recipe } | { ok: false; issues: RecipeIssue[] } {
  let raw = input;
  if (typeof input === 'string') {
    if (input.length > MAX_RECIPE_BYTES) return { ok: false, issues: [{ path: '(file)', message: 'a recipe file must be at most 2 MB' }] };
    try {
      raw = JSON.parse(input) as unknown;
    } catch {
      return { ok: false, issues: [{ path: '(file)', message: 'is not JSON' }] };
    }
  } else if (JSON.stringify(input ?? null).length > MAX_RECIPE_BYTES) {
    return { ok: false, issues: [{ path: '(file)', message: 'a recipe file must be at most 2 MB' }] };
  }
  const parsed = v.safeParse(RecipeSchema, raw);
  if (parsed.success) return { ok: true, recipe: parsed.output };
  return { ok: false, issues: deepestIssues(parsed.issues) };
}

/**
 * Union issues nest the real reason; report the most specific ones with their full path.
 * "Expected key X but received undefined" from the members that did not match is noise.
 */
function deepestIssues(issues: readonly v.BaseIssue<unknown>[], prefix = ''): RecipeIssue[] {
  const out: RecipeIssue[] = [];
  for (const issue of issues.slice(0, 10)) {
    const own = v.getDotPath(issue);
    const path = [prefix, own].filter(Boolean).join('.') || '(recipe)';
    const nested = issue.issues?.length
      ? deepestIssues(
          issue.issues.filter((i) => !(i.kind === 'schema' && i.type !== 'union' && /^Invalid key: Expected .* but received undefined$/.test(i.message))),
          path === '(recipe)' ? '' : path,
        )
      : [];
    if (nested.length) out.push(...nested.slice(0, 3));
    else if (issue.type === 'union') out.push({ path, message: 'is not one of the allowed kinds here' });
    else out.push({ path, message: issue.message.replace(/^Invalid key: Expected never but received "(.*)"$/, 'unknown key "$1": not part of the recipe format') });
  }
  const seen = new Set<string>();
  return out.filter((i) => (seen.has(`${i.path}|${i.message}`) ? false : (seen.add(`${i.path}|${i.message}`), true))).slice(0, 10);
}
