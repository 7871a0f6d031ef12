/**
 * What the builder has been taught so far, as data: kept by the background per tab while the
 * user moves from the list to a detail page, and turned into a recipe only through
 * `recipeFromDraft`, which validates it like any other recipe. Read back from storage and
 * messages through `BuilderDraftSchema`: a draft that fails is dropped, never half-used.
 */
import * as v from 'valibot';
import { ORDER_STATUSES } from '../../../domain/order';
import { LocatorSchema, OriginSchema, validateRecipe, type Recipe, type RecipeIssue } from '../schema';
import { DETAIL_FIELDS, SUMMARY_FIELDS, type DetailField, type SummaryField } from './fields';

/**
 * The steps, in order. Recording invoices is not a step: a taught recipe records them in the
 * ledger; an HTTP write-back comes with an imported recipe, reviewed.
 */
export const BUILDER_STEPS = ['rows', 'key', 'summary', 'selection', 'detail', 'review'] as const;
export type BuilderStep = (typeof BUILDER_STEPS)[number];

export { DETAIL_FIELDS, SUMMARY_FIELDS, type DetailField, type SummaryField } from './fields';
/** Without these an order can't be read as an Order (OrderSchema), so not invoiced. */
export const REQUIRED_DETAIL_FIELDS: readonly DetailField[] = ['number', 'customer.name', 'status', 'price', 'stops'];

type RecipeFields = Recipe['order']['fields'];
const FieldShape = v.object({ html: v.optional(LocatorSchema), parse: v.optional(v.array(v.unknown())) });

export const BuilderDraftSchema = v.object({
  id: v.pipe(v.string(), v.uuid()),
  /** The revision the saved recipe gets: 1 for a new one, the old revision + 1 when re-taught. */
  revision: v.pipe(v.number(), v.integer(), v.minValue(1)),
  name: v.pipe(v.string(), v.maxLength(100)),
  origin: OriginSchema,
  step: v.picklist(BUILDER_STEPS),
  listPath: v.optional(v.pipe(v.string(), v.regex(/^\/[^\s]*$/), v.maxLength(200))),
  rowCss: v.optional(v.pipe(v.string(), v.maxLength(300))),
  /** Row elements the selector finds that are no rows: a grid's header, a virtualized grid's spare (hidden) rows. */
  rowSkip: v.optional(v.pipe(v.string(), v.maxLength(300))),
  /**
   * A single-page TMS's own data, as the builder found it in the answers the page loaded: the
   * capture rule for its list of orders and where an item holds the number the rows show
   * (the rows' key is joined to the item's id). Checked again when the recipe is made.
   */
  capture: v.optional(
    v.object({
      rule: v.object({ id: v.pipe(v.string(), v.maxLength(40)), url: v.pipe(v.string(), v.maxLength(200)), items: v.pipe(v.string(), v.maxLength(300)), key: v.pipe(v.string(), v.maxLength(300)) }),
      match: v.pipe(v.string(), v.maxLength(300)),
    }),
  ),
  /**
   * How the recipe signs in to the TMS's data (a TMS taught from its data only): the page's own
   * requests (`captured`, the default) or the token the page keeps in its web storage, where the
   * builder found it (storage-auth-proposal.ts). Where it is, never the token.
   */
  auth: v.optional(
    v.variant('mode', [
      v.object({ mode: v.literal('captured') }),
      v.object({
        mode: v.literal('storage'),
        storageKey: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
        storageArea: v.picklist(['session', 'local']),
        storagePath: v.optional(v.pipe(v.string(), v.maxLength(300))),
      }),
    ]),
  ),
  rowKey: v.optional(LocatorSchema),
  /** Each row's link to its order's detail page, for a detail that opens in a frame (signed links). */
  link: v.optional(LocatorSchema),
  /** Keys of the rows seen on the list, to find the order in a detail page's URL. */
  keys: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(300)), []),
  summary: v.optional(v.record(v.picklist(SUMMARY_FIELDS), LocatorSchema), {}),
  statusMap: v.optional(v.record(v.pipe(v.string(), v.maxLength(100)), v.picklist(ORDER_STATUSES)), {}),
  selection: v.optional(v.unknown()),
  /** The list's "next page" link, found when the rows were taught (a list shown a page at a time). */
  nextPage: v.optional(LocatorSchema),
  locale: v.optional(v.unknown()),
  detail: v.optional(
    v.object({
      path: v.pipe(v.string(), v.regex(/^\/[^\s]*$/), v.maxLength(200)),
      fetch: v.pipe(v.string(), v.regex(/^\/[^\s]*$/), v.maxLength(300)),
      anchor: v.optional(v.unknown()),
      /** The detail page was taught inside a frame of the list page: the recipe reads it where each row links to. */
      frame: v.optional(v.boolean()),
      /** The frame's origin when it is not the site's (a second origin the recipe names in extraOrigins). */
      origin: v.optional(OriginSchema),
    }),
  ),
  /** Order fields taught on the detail page, as the recipe will hold them (checked when the recipe is made). */
  fields: v.optional(v.record(v.string(), v.unknown()), {}),
  writeBack: v.optional(v.unknown()),
  /** "Re-teach this field": only this list column is taught again; saving changes only its locator. */
  reteach: v.optional(v.picklist(SUMMARY_FIELDS)),
  /** "Re-teach this field" on a detail page: only this order field is taught again (the address: its four parts). */
  reteachDetail: v.optional(v.picklist(DETAIL_FIELDS)),
  /**
   * The origins of the tab's frames the builder was brought into (set by the background only,
   * never from the page): a frame on a second origin may teach the detail page.
   */
  frameOrigins: v.optional(v.pipe(v.array(OriginSchema), v.maxLength(5))),
});
export type BuilderDraft = v.InferOutput<typeof BuilderDraftSchema>;

export function newDraft(origin: string, id: string, name: string): BuilderDraft {
  return { id, revision: 1, name, origin, step: 'rows', keys: [], summary: {}, statusMap: {}, fields: {} };
}

/** A status locator reads the TMS's words through the table the user confirmed. */
export function withStatusMap<T extends object>(locator: T, statusMap: Record<string, string>): T & { parse?: unknown[] } {
  if (Object.keys(statusMap).length === 0) return locator;
  return { ...locator, parse: [{ map: { table: statusMap, other: 'problem' } }] };
}

/** A taught list column as the recipe holds it: statuses through their table, prices as money. */
export function summaryLocator(draft: BuilderDraft, field: SummaryField): unknown {
  const locator = draft.summary[field];
  if (!locator) return undefined;
  if (field === 'status') return withStatusMap(locator, draft.statusMap);
  // The list shows prices as text; the summary needs them as money.
  if (field === 'price' && !('parse' in locator && locator.parse)) return { ...locator, parse: [{ money: {} }] };
  return locator;
}

/** The recipe the draft stands for, validated; the issues name what is missing or wrong. */
export function recipeFromDraft(draft: BuilderDraft): { ok: true; recipe: Recipe } | { ok: false; issues: RecipeIssue[] } {
  const missing: RecipeIssue[] = [];
  if (!draft.listPath || !draft.rowCss) missing.push({ path: 'list.row', message: 'no rows taught yet' });
  if (!draft.rowKey) missing.push({ path: 'list.rowKey', message: 'no order key chosen yet' });
  if (!draft.summary.number) missing.push({ path: 'list.summary.number', message: 'the order number is not taught yet' });
  if (!draft.summary.customer) missing.push({ path: 'list.summary.customer', message: 'the customer is not taught yet' });
  // A TMS whose data the builder found needs no detail page: every field is read from the data.
  if (!draft.detail && !draft.capture) missing.push({ path: 'detail', message: 'no detail page taught yet' });
  if (draft.detail?.frame && !draft.link) missing.push({ path: 'list.link', message: 'the rows have no link to their order' });
  for (const field of REQUIRED_DETAIL_FIELDS) {
    const has = field === 'stops' ? !!draft.fields.stops : !!draft.fields[field];
    if (!has) missing.push({ path: `order.fields.${field}`, message: 'is needed for an invoice and not taught yet' });
  }
  if (missing.length) return { ok: false, issues: missing };

  const fields: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(draft.fields)) {
    if (name === 'status' && v.is(FieldShape, field) && field.html) fields[name] = { html: withStatusMap(field.html, draft.statusMap) };
    else fields[name] = field;
  }
  const summary = Object.fromEntries(SUMMARY_FIELDS.flatMap((field) => (draft.summary[field] ? [[field, summaryLocator(draft, field)]] : [])));
  // A detail in a frame is read where each row links to (its links may be signed); a detail
  // page is read by the URL its key makes.
  const detail = draft.detail;
  const frame = detail?.frame === true;
  const second = frame && detail?.origin && detail.origin !== draft.origin ? [detail.origin] : [];
  const capture = draft.capture;
  const detailSources = !detail ? [] : frame ? ['detail', 'link'] : ['detail', 'fetch:detail'];
  const candidate = {
    format: 1,
    id: draft.id,
    revision: draft.revision,
    name: draft.name.trim() || new URL(draft.origin).host,
    sites: [draft.origin],
    extraOrigins: second,
    // The page's notation as read from its prices; German defaults where no price was taught.
    locale: draft.locale ?? { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR', countryNames: ['de', 'en'] },
    list: {
      url: { path: draft.listPath },
      row: { css: draft.rowCss, ...(draft.rowSkip ? { skip: { css: draft.rowSkip } } : {}) },
      rowKey: draft.rowKey,
      ...(capture ? { rowKeyJoin: { capture: capture.rule.id, match: capture.match } } : {}),
      ...(frame ? { link: draft.link } : {}),
      selection: draft.selection ?? { mode: 'own' },
      summary,
      ...(draft.nextPage ? { pages: { next: draft.nextPage } } : {}),
    },
    ...(detail ? { detail: { url: { path: detail.path }, view: frame ? 'iframe' : 'page', ...(detail.anchor ? { anchor: detail.anchor } : {}) } } : {}),
    sources: {
      // The page's own data is read with the page's own sign-in (its Authorization header, kept in the tab).
      ...(capture ? { capture: [capture.rule] } : {}),
      ...(detail && !frame ? { fetch: { detail: { url: detail.fetch } } } : {}),
      auth: capture ? (draft.auth ?? { mode: 'captured' }) : { mode: 'cookie' },
    },
    order: { read: [...(capture ? [`capture:${capture.rule.id}`] : []), ...detailSources], fields: fields as RecipeFields },
    customers: { key: fields['customer.customerNumber'] ? ['customerNumber', 'name'] : ['name'] },
    writeBack: draft.writeBack ?? { mode: 'ledger' },
    tests: [],
  };
  return validateRecipe(candidate);
}
