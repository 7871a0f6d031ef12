/**
 * The builder's state on one TMS page: what the user taught (the draft, kept by the background
 * after every change), what the page shows for it (rows, live previews), and the picking.
 * The page is read only through the recipe's own pure functions (proposals, locate, parse
 * steps, adapterFromRecipe), so what the builder shows is what the recipe will read.
 */
import { computed, reactive, ref, shallowRef } from 'vue';
import type { OrderReadResult } from '@/utils/tms/adapter';
import { adapterFromRecipe } from '@/utils/tms/recipe/adapter';
import { locate, lineText } from '@/utils/tms/recipe/locate';
import { COMMON_STATUS_WORDS, detailPathFrom, guessStatus, proposeAddress, proposeStops, withStopTypes } from '@/utils/tms/recipe/builder/detail';
import { BUILDER_STEPS, DETAIL_FIELDS, recipeFromDraft, REQUIRED_DETAIL_FIELDS, SUMMARY_FIELDS, type BuilderDraft, type BuilderStep, type DetailField, type SummaryField } from '@/utils/tms/recipe/builder/draft';
import { proposeLocators, proposeRowKeys, proposeRowLink, withFallbacks, type KeyCandidate } from '@/utils/tms/recipe/builder/locators';
import { proposeNextPage, proposeRows } from '@/utils/tms/recipe/builder/rows';
import { detectSelection, inferLocale, previewField, type PreviewCell } from '@/utils/tms/recipe/builder/suggest';
import type { Locator, Recipe, RecipeTest } from '@/utils/tms/recipe/schema';
import { makeRecipeTest } from '@/utils/tms/recipe/save-test';
import type { OrderStatus, Stop } from '@/utils/domain/order';
import { rowMarker, startPicking, type Picker } from '@/components/builder/page-picker';
import { plainCopy } from '@/utils/messaging';
import { runTestsHere, type TestsHere } from '@/utils/tms/recipe/builder/run-here';
import { proposeWriteField } from '@/utils/tms/recipe/builder/write-field';
import { findWriteField } from '@/utils/tms/recipe/write-field';
import * as v from 'valibot';
import { LocatorSchema } from '@/utils/tms/recipe/schema';
import { capturedItems, itemNear, proposeCaptureJoin, proposeJsonField, type BuilderAnswers, type CaptureJoin, type CapturedAnswer } from '@/utils/tms/recipe/builder/captured';
import { proposeHttpWriteBack } from '@/utils/tms/recipe/builder/http-write-back';
import { jsonValues, readField } from '@/utils/tms/recipe/read-fields';
import { applySteps } from '@/utils/tms/recipe/parse-steps';
import { matchUrl } from '@/utils/tms/recipe/url-match';
import { taughtDetailIn, taughtSummaryIn, type BuilderModel } from './builder-model';
import type { AuthChoice, KeyChoice, PickTarget, ReadLine, SaveState, TestState } from '@/utils/tms/recipe/builder/remote-view';
import { writeFieldName } from '@/utils/tms/recipe/write-field-name';
import { proposeStorageAuth, type ListedStorage, type StorageAuthProposal } from '@/utils/tms/recipe/builder/storage-auth-proposal';
import { pageStorage } from '@/utils/tms/recipe/storage-auth';

export interface BuilderTransport {
  put(draft: BuilderDraft): Promise<{ ok: boolean }>;
  /** Keeps a redacted saved page with its expected orders as a test of the saved recipe. */
  addTest(recipeId: string, test: RecipeTest): Promise<{ ok: true; tests: number } | { ok: false; reason: string }>;
  save(): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** The tests saved with the recipe being taught ("Run tests"); none for a recipe not saved yet. */
  savedTests?(): Promise<unknown[]>;
  close(): Promise<void>;
}

export interface BuilderPage {
  doc: Document;
  url: () => URL;
  fetch: typeof fetch;
  /** Whether an event target belongs to the builder's own panel (its clicks are not picks). */
  isOwn: (target: EventTarget) => boolean;
  /** The builder runs in a frame of the TMS page (the detail view opens there). */
  inFrame?: boolean;
  /** The JSON the page loaded, as the capture script showed it (single-page TMSs); `watch` is told of each new answer. */
  captured?: { answers: BuilderAnswers; watch(onChange: () => void): void };
  /** The page's web storage (tests give their own), where the builder looks for the page's token. */
  storage?: () => { session: ListedStorage | null; local: ListedStorage | null };
}

/** A key candidate joined to the TMS's own ids through its data. */
export type BuilderKeyCandidate = KeyCandidate | (Omit<KeyCandidate, 'why'> & { why: 'data'; join: CaptureJoin; column: string });

type Steps = NonNullable<NonNullable<Recipe['order']['fields']['price']>['parse']>;
type Field = { html?: Locator; parse?: Steps };
/** A field as read-fields.ts reads it (the builder's data preview reads through the same code). */
type ReadableField = Parameters<typeof readField>[0];
type StopsField = NonNullable<Recipe['order']['fields']['stops']>;

const LOCALE_DEFAULT: Recipe['locale'] = { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR', countryNames: ['de', 'en'] };
const DETAIL_PARSE: Partial<Record<DetailField, Steps>> = {
  price: [{ money: {} }],
  'customer.vatId': [{ vatId: {} }],
  'load.weightKg': [{ weight: { to: 'kg' } }],
  'load.loadingMeters': [{ loadingMeters: {} }],
  'load.pallets': [{ regex: '(\\d+)' }, { integer: {} }],
  podUrl: [{ absoluteUrl: {} }],
};

export function useRecipeBuilder(initial: BuilderDraft, page: BuilderPage, transport: BuilderTransport) {
  const draft = reactive<BuilderDraft>(structuredClone(initial));
  const picking = ref<PickTarget | null>(null);
  const notice = ref<string | null>(null);
  const rows = shallowRef<Element[]>([]);
  const keyCandidates = shallowRef<BuilderKeyCandidate[]>([]);
  /** The page's JSON answers the builder has seen (none on a TMS without an API, or before a reload). */
  const answers = shallowRef<readonly CapturedAnswer[]>(page.captured?.answers.answers() ?? []);
  page.captured?.watch(() => {
    answers.value = [...page.captured!.answers.answers()];
    if (draft.step === 'key' || draft.step === 'rows') refreshRows();
    findStorageAuth();
  });

  /** Where the page keeps the token it signs its data requests with, when the builder found it (where, never the token). */
  const storageAuth = shallowRef<StorageAuthProposal | null>(null);
  /** The header last looked for: the page's storage is read again only for a new one (or on entering the detail step). */
  let lookedFor: string | null = null;
  function findStorageAuth(again = false) {
    const signed = page.captured?.answers.authorization() ?? null;
    if (signed !== lookedFor || again) {
      lookedFor = signed;
      const found = signed ? proposeStorageAuth(signed, (page.storage ?? pageStorage)()) : null;
      if (JSON.stringify(found) !== JSON.stringify(storageAuth.value)) storageAuth.value = found;
    }
    const found = storageAuth.value;
    // Proposed, not imposed: taken while the user has chosen nothing, shown beside the other way.
    if (found && draft.capture && !draft.auth) {
      draft.auth = found;
      void persist();
    }
  }
  /** "How Frachtbeleg signs in": the page's own requests, or the token where the page keeps it. */
  function setAuth(mode: 'captured' | 'storage') {
    draft.auth = mode === 'storage' && storageAuth.value ? storageAuth.value : { mode: 'captured' };
    void persist();
  }
  const authChoice = computed<AuthChoice | null>(() => {
    if (!draft.capture) return null;
    const where = storageAuth.value ?? (draft.auth?.mode === 'storage' ? draft.auth : null);
    return { mode: draft.auth?.mode ?? 'captured', where: where ? { area: where.storageArea, key: where.storageKey, ...(where.storagePath ? { path: where.storagePath } : {}) } : null };
  });
  /** The order's item the last picked value was found in (the detail step's preview reads it). */
  const pickedItem = shallowRef<Record<string, unknown> | null>(null);
  /** The status words this page shows: the ones the user reviews (common words are understood too). */
  const seenStatuses = ref<string[]>([]);
  /** The stop labels taught and the kind each stands for, as the draft holds them (so they survive a reload). */
  const stopLabels = computed<{ label: string; type: 'pickup' | 'delivery' }[]>(() => {
    const stops = (draft.fields as Record<string, unknown>).stops as StopsField | undefined;
    const step = stops?.fields.type?.html && 'parse' in stops.fields.type.html ? stops.fields.type.html.parse?.[0] : undefined;
    const table = step && 'map' in step ? step.map.table : {};
    return Object.entries(table).map(([label, type]) => ({ label, type: type === 'pickup' ? 'pickup' : 'delivery' }));
  });
  const reads = shallowRef<OrderReadResult[] | null>(null);
  const reading = ref(false);
  const saveState = ref<SaveState>('idle');
  const testState = ref<TestState>('idle');
  const testsHere = shallowRef<TestsHere | null>(null);
  const runningTests = ref(false);
  const marker = rowMarker();
  let picker: Picker | null = null;

  const locale = computed<Recipe['locale']>(() => (draft.locale as Recipe['locale'] | undefined) ?? LOCALE_DEFAULT);
  const stepIndex = computed(() => BUILDER_STEPS.indexOf(draft.step));

  /** The list's rows as the draft's selector finds them now (the page may have re-rendered). */
  function findRows(): Element[] {
    if (!draft.rowCss || draft.listPath !== page.url().pathname) return [];
    try {
      const skip = draft.rowSkip;
      return [...page.doc.querySelectorAll(draft.rowCss)].filter((row) => !skip || !row.matches(skip));
    } catch {
      return [];
    }
  }
  function refreshRows() {
    rows.value = findRows();
    marker.show(rows.value);
    keyCandidates.value = rows.value.length ? withDataKeys(proposeRowKeys(rows.value)) : [];
  }

  /** A column that shows the order's number, joined to the TMS's id through its data, comes first. */
  function withDataKeys(found: KeyCandidate[]): BuilderKeyCandidate[] {
    const joined: BuilderKeyCandidate[] = [];
    for (const candidate of found) {
      if (candidate.why !== 'text' || !('column' in candidate.locator)) continue;
      const join = proposeCaptureJoin(answers.value, candidate.keys);
      if (join) joined.push({ locator: candidate.locator, keys: join.keys, why: 'data', join: { rule: join.rule, match: join.match }, column: String(candidate.locator.column) });
    }
    return [...joined.slice(0, 1), ...found];
  }

  /** The captured items of the list, when the key was joined to the TMS's data. */
  const items = computed(() => (draft.capture ? capturedItems(answers.value, draft.capture.rule as CaptureJoin['rule'], draft.origin) : []));

  /** Where the detail page's URL names an order the list showed: the detail step works here. */
  const detailHere = computed(() => (draft.keys.length ? detailPathFrom(page.url(), draft.keys) : null));
  const onList = computed(() => !!draft.listPath && page.url().pathname === draft.listPath);
  /** "Re-teach this field" on a detail page: this page is one of the recipe's detail pages. */
  const reteachDetailHere = computed(() => !!draft.reteachDetail && !!draft.detail && matchUrl({ path: draft.detail.path }, page.url()) !== null);

  async function persist() {
    await transport.put(plainCopy(draft) as BuilderDraft).catch(() => ({ ok: false }));
  }

  function go(step: BuilderStep) {
    draft.step = step;
    stopPicking();
    // The key may have joined the rows to the TMS's data since the token was found.
    if (step === 'detail') findStorageAuth(true);
    void persist();
  }
  const next = () => go(BUILDER_STEPS[Math.min(stepIndex.value + 1, BUILDER_STEPS.length - 1)]!);
  const back = () => go(BUILDER_STEPS[Math.max(stepIndex.value - 1, 0)]!);

  function stopPicking() {
    picker?.stop();
    picker = null;
  }

  function pick(target: PickTarget) {
    stopPicking();
    notice.value = null;
    picking.value = target;
    picker = startPicking(page.doc, page.isOwn, (el) => picked(target, el), () => (picking.value = null));
  }

  function picked(target: PickTarget, el: Element) {
    if (target.kind === 'rows') return pickedRows(el);
    if (target.kind === 'summary') return pickedSummary(target.field, el);
    if (target.kind === 'writeField') return pickedWriteField(el);
    return pickedDetail(target.field, el);
  }

  /** The name of the list's "next page" link, as found when the rows were taught. */
  const nextPageName = ref<string | null>(null);

  function pickedRows(el: Element) {
    const proposal = proposeRows(el);
    if (!proposal) {
      notice.value = 'rowsNone';
      marker.clear();
      return;
    }
    draft.listPath = page.url().pathname;
    draft.rowCss = proposal.css;
    if (proposal.skip) draft.rowSkip = proposal.skip;
    else delete draft.rowSkip;
    refreshRows();
    if (keyCandidates.value.length) chooseKey(0, false);
    setRowLink();
    draft.selection = detectSelection(rows.value);
    // A list shown a page at a time: the proposal and the automatic drafts follow its pages.
    const next = proposeNextPage(page.doc);
    nextPageName.value = next?.name ?? null;
    if (next) draft.nextPage = next.locator;
    else delete draft.nextPage;
    void persist();
  }

  function chooseKey(index: number, save = true) {
    const key = keyCandidates.value[index];
    if (!key) return;
    draft.rowKey = key.locator;
    draft.keys = key.keys.slice(0, 300);
    if ('join' in key) draft.capture = key.join;
    else delete draft.capture;
    setRowLink();
    if (save) void persist();
  }

  /** A value picked where the TMS's data holds it: the field reads the data, in every order. */
  function pickedJson(field: DetailField, el: Element) {
    const join = draft.capture as CaptureJoin;
    const item = itemNear(el, items.value, join.match);
    if (!item) {
      notice.value = 'dataNone';
      return;
    }
    const text = el instanceof HTMLInputElement ? el.value : lineText(el);
    const money = field === 'price' ? applySteps(text, [{ money: {} }], locale.value) : null;
    const measure = field === 'load.weightKg' ? applySteps(text, [{ weight: { to: 'kg' } }], locale.value) : field === 'load.loadingMeters' || field === 'load.pallets' ? applySteps(text, [{ number: {} }], locale.value) : null;
    const parsed = {
      ...(money?.ok && typeof money.value === 'object' && money.value && 'minor' in money.value ? { minor: money.value.minor, currency: money.value.currency } : {}),
      ...(measure?.ok && typeof measure.value === 'number' ? { number: measure.value } : {}),
    };
    const statusOf = (word: string) => Object.entries(draft.statusMap).find(([shown]) => shown.toLowerCase().replace(/[^\p{L}]/gu, '') === word.toLowerCase().replace(/[^\p{L}]/gu, ''))?.[1] ?? guessStatus(word.replace(/_/g, ' '));
    const proposed = proposeJsonField(field, item, text, parsed, statusOf, items.value);
    if (!proposed) {
      notice.value = 'dataNone';
      return;
    }
    pickedItem.value = item;
    const fields = { ...(draft.fields as Record<string, unknown>) };
    if (field === 'address') for (const key of ['customer.street', 'customer.zip', 'customer.city', 'customer.countryCode']) delete fields[key];
    draft.fields = { ...fields, ...proposed };
    void persist();
  }

  /** The rows' links to their orders, kept for a detail that turns out to open in a frame. */
  function setRowLink() {
    const link = proposeRowLink(rows.value, draft.rowKey);
    if (link) draft.link = link;
    else delete draft.link;
  }

  function rowOf(el: Element): Element | null {
    return rows.value.find((row) => row.contains(el)) ?? null;
  }

  function pickedSummary(field: SummaryField, el: Element) {
    if (!rows.value.length) refreshRows();
    const row = rowOf(el);
    if (!row) {
      notice.value = 'rowsNone';
      return;
    }
    const locator = withFallbacks(proposeLocators(row, el));
    if (!locator) {
      notice.value = 'rowsNone';
      return;
    }
    draft.summary = { ...draft.summary, [field]: locator };
    if (field === 'price') draft.locale = inferLocale(rows.value.map((r) => valueIn(r, locator) ?? ''));
    if (field === 'status') {
      const words = [...new Set(rows.value.map((r) => valueIn(r, locator)).filter((w): w is string => !!w))].slice(0, 30);
      seenStatuses.value = words;
      draft.statusMap = { ...COMMON_STATUS_WORDS, ...Object.fromEntries(words.map((w) => [w, draft.statusMap[w] ?? guessStatus(w) ?? 'open'])) };
    }
    void persist();
  }

  const valueIn = (root: ParentNode, locator: Locator): string | null => {
    const found = locate(root, locator);
    return found.ok ? found.value : null;
  };

  function setStatus(word: string, status: OrderStatus) {
    draft.statusMap = { ...draft.statusMap, [word]: status };
    void persist();
  }

  function setSelectionMode(mode: 'checkbox' | 'rowAttribute' | 'own') {
    const detected = detectSelection(rows.value.length ? rows.value : findRows());
    draft.selection = detected.mode === mode ? detected : mode === 'own' ? { mode: 'own' } : mode === 'checkbox' ? { mode: 'checkbox', control: { css: 'input[type="checkbox"]' } } : { mode: 'rowAttribute', attribute: { name: 'aria-selected', value: 'true' } };
    void persist();
  }

  /** On a detail page: the URL pattern and fetch URL come from the order key the URL names. */
  function ensureDetail() {
    const where = detailHere.value;
    if (!where) return false;
    const frame = page.inFrame === true;
    // A frame may be served from a second origin: the recipe then names it (extraOrigins).
    const origin = page.url().origin;
    const second = frame && origin !== draft.origin ? { origin } : {};
    if (!draft.detail || draft.detail.path !== where.path || (draft.detail.frame === true) !== frame || draft.detail.origin !== second.origin) {
      const headings = page.doc.querySelectorAll('h1');
      draft.detail = { path: where.path, fetch: where.fetch, ...(headings.length === 1 ? { anchor: { css: 'h1', append: 'after' } } : {}), ...(frame ? { frame } : {}), ...second };
    }
    return true;
  }

  function pickedDetail(field: DetailField, el: Element) {
    if (draft.capture) return pickedJson(field, el);
    // Re-teaching keeps the recipe's detail page as it is; the page only has to be one of them.
    if (draft.reteachDetail ? !reteachDetailHere.value : !ensureDetail()) {
      notice.value = 'detailNoKey';
      return;
    }
    const fields = { ...(draft.fields as Record<string, unknown>) };
    if (field === 'stops') {
      const proposal = proposeStops(page.doc, el);
      if (!proposal) {
        notice.value = 'stopsNone';
        return;
      }
      fields.stops = proposal.stops;
    } else {
      const locator = withFallbacks(proposeLocators(page.doc, el));
      if (!locator) {
        notice.value = 'rowsNone';
        return;
      }
      if (field === 'address') {
        for (const key of ['customer.street', 'customer.zip', 'customer.city', 'customer.countryCode']) delete fields[key];
        Object.assign(fields, proposeAddress(locator, lineText(el)));
      } else {
        const parse = DETAIL_PARSE[field];
        fields[field] = { html: locator, ...(parse ? { parse } : {}) };
      }
    }
    draft.fields = fields;
    void persist();
  }

  function setStopType(label: string, type: 'pickup' | 'delivery') {
    const stops = (draft.fields as Record<string, unknown>).stops as StopsField | undefined;
    if (!stops) return;
    const types = Object.fromEntries(stopLabels.value.map((l) => [l.label, l.label === label ? type : l.type]));
    draft.fields = { ...draft.fields, stops: withStopTypes(stops, types) };
    void persist();
  }

  /**
   * The write-back (recipes.md § 3.7): `ledger` by default, or `instructions`, for which the
   * user points at the TMS's own field for the invoice number on the detail page.
   */
  const writeBackMode = computed<'ledger' | 'instructions' | 'http'>(() => {
    const mode = (draft.writeBack as { mode?: string } | undefined)?.mode;
    return mode === 'instructions' || mode === 'http' ? mode : 'ledger';
  });
  /** The HTTP write-back as proposed, to show the user what will be sent. */
  const httpWriteBack = computed(() => (writeBackMode.value === 'http' && (draft.writeBack as { url?: string } | undefined)?.url ? (draft.writeBack as Extract<Recipe['writeBack'], { mode: 'http' }>) : null));
  const writeFieldLocator = computed<Locator | null>(() => {
    const field = (draft.writeBack as { field?: unknown } | undefined)?.field;
    return v.is(LocatorSchema, field) ? field : null;
  });
  /** The taught field as found on this page, null when not taught or not here. */
  const writeFieldHere = computed(() => (writeFieldLocator.value ? findWriteField(page.doc, writeFieldLocator.value) : null));

  function setWriteBackMode(mode: 'ledger' | 'instructions' | 'http') {
    // 'http' is only a choice until its field is picked: the template comes from that field.
    draft.writeBack = mode === 'ledger' ? { mode: 'ledger' } : mode === 'http' ? { mode: 'http' } : { mode: 'instructions', ...(writeFieldLocator.value ? { field: writeFieldLocator.value } : {}) };
    void persist();
  }

  function pickedWriteField(el: Element) {
    if (writeBackMode.value === 'http' && draft.capture) {
      const item = itemNear(el, items.value, (draft.capture as CaptureJoin).match) ?? pickedItem.value ?? items.value[0];
      const proposed = item ? proposeHttpWriteBack(page.doc, el, draft.capture as CaptureJoin, item) : null;
      if (!proposed) {
        notice.value = 'writeBack.httpNone';
        return;
      }
      draft.writeBack = proposed;
      void persist();
      return;
    }
    const locator = proposeWriteField(page.doc, el);
    if (!locator) {
      notice.value = 'writeBack.fieldNone';
      return;
    }
    draft.writeBack = { mode: 'instructions', field: locator };
    void persist();
  }

  /** The live preview of a summary field: every row of the page, parsed. */
  function summaryPreview(field: SummaryField): PreviewCell[] {
    const locator = draft.summary[field];
    if (!locator) return [];
    const steps: Steps = field === 'price' ? [{ money: {} }] : field === 'status' && Object.keys(draft.statusMap).length ? [{ map: { table: draft.statusMap, other: 'problem' } }] : [];
    return previewField(rows.value, locator, steps, locale.value, page.url().href);
  }

  /** What a taught detail field reads on this page, parsed: one cell per part. */
  function detailPreview(field: DetailField): { part: string; cell: PreviewCell }[] {
    if (draft.capture) return dataPreview(field);
    const fields = draft.fields as Record<string, Field | StopsField | undefined>;
    const names = field === 'address' ? ['customer.street', 'customer.zip', 'customer.city', 'customer.countryCode'] : [field];
    const out: { part: string; cell: PreviewCell }[] = [];
    for (const name of names) {
      const spec = fields[name] as Field | undefined;
      if (!spec?.html || name === 'stops') continue;
      // The locator's own steps run first, then the field's (as read-fields.ts reads them).
      const steps = [...('parse' in spec.html && spec.html.parse ? spec.html.parse : []), ...(spec.parse ?? [])] as Steps;
      const [cell] = previewField([page.doc], spec.html, steps, locale.value, page.url().href);
      if (cell) out.push({ part: name, cell });
    }
    return out;
  }

  /** What a field taught from the data reads in the order it was picked in, parsed as the recipe will. */
  function dataPreview(field: DetailField): { part: string; cell: PreviewCell }[] {
    const item = pickedItem.value;
    if (!item) return [];
    const names = field === 'address' ? ['customer.street', 'customer.zip', 'customer.city', 'customer.countryCode'] : [field];
    const env = { locale: locale.value, baseUrl: page.url().href, origin: page.url().origin, adapterId: 'builder' };
    return names.flatMap((name) => {
      const spec = (draft.fields as Record<string, ReadableField | undefined>)[name];
      if (!spec?.json) return [];
      // Read as the recipe reads it (amounts in minor or major units, the field's parse steps), not the raw JSON value.
      const raw = jsonValues(item, typeof spec.json === 'string' ? spec.json : spec.json.amount)[0];
      const text = raw === undefined || raw === null || typeof raw === 'object' ? '' : String(raw);
      const read = readField({ json: spec.json, ...(spec.parse ? { parse: spec.parse } : {}) } as ReadableField, [{ kind: 'json', item }], env);
      const cell: PreviewCell = read.kind === 'value' ? { ok: true, text, value: read.value } : { ok: false, text, problem: read.kind === 'problem' ? read.failure : 'missing' };
      return [{ part: name, cell }];
    });
  }

  const made = computed(() => recipeFromDraft(draft));
  // The recipe is made once per change of the draft; the stop count reads the page with it.
  const stopCount = computed(() => {
    if (!made.value.ok && !draft.capture) return null;
    if (draft.capture) {
      const each = ((draft.fields as Record<string, unknown>).stops as { each?: { json?: string } } | undefined)?.each?.json;
      return each && pickedItem.value ? jsonValues(pickedItem.value, each).length : null;
    }
    return stops.value?.length ?? null;
  });
  /** The stops of this detail page as the recipe reads them (the preview shows each, formatted). */
  const stops = computed<Stop[] | null>(() => {
    if (draft.capture || !made.value.ok) return null;
    const read = adapterFromRecipe(made.value.recipe).readDetail(page.doc, page.url());
    return read.ok ? read.order.stops : null;
  });

  const taughtSummary = (field: SummaryField) => taughtSummaryIn(draft, field);
  const taughtDetail = (field: DetailField) => taughtDetailIn(draft, field);

  /** "Read": this detail page, or the first orders of the list page, exactly as the preview will. */
  async function readNow() {
    const recipe = made.value;
    if (!recipe.ok) return;
    // A recipe that reads the page's data reads it as the engine will: from what the page loaded.
    const adapter = adapterFromRecipe(recipe.recipe, draft.capture && page.captured ? page.captured.answers.storeFor(recipe.recipe) : undefined);
    const url = page.url();
    reading.value = true;
    try {
      if (adapter.pageKind(page.doc, url) === 'detail') reads.value = [adapter.readDetail(page.doc, url)];
      else {
        const listed = adapter.listRows(page.doc);
        const chosen = listed.filter((r) => rowSelected(recipe.recipe, r));
        const ids = (chosen.length ? chosen : listed.slice(0, 3)).slice(0, 20).map((r) => r.id);
        reads.value = await adapter.readOrders(ids, { origin: url.origin, fetch: page.fetch, page: { document: page.doc, url } });
      }
    } finally {
      reading.value = false;
    }
  }

  /** The rows the user selected in the TMS (its checkbox or its row mark): "Read" reads those. */
  function rowSelected(recipe: Recipe, row: { row: Element; checkbox: HTMLInputElement }): boolean {
    const selection = recipe.list?.selection;
    if (selection?.mode === 'rowAttribute' && selection.attribute) {
      const { name, value } = selection.attribute;
      return name === 'class' ? row.row.classList.contains(value) : row.row.getAttribute(name) === value;
    }
    return row.checkbox.checked;
  }
  async function save() {
    saveState.value = 'saving';
    await persist();
    const result = await transport.save().catch(() => ({ ok: false as const, reason: 'lost' }));
    saveState.value = result.ok ? 'saved' : { failed: result.reason };
    if (result.ok) marker.clear();
  }

  /** "Save as test": this page, redacted, with the orders the recipe reads from it as the expected result. */
  async function saveTest() {
    const recipe = made.value;
    if (!recipe.ok) return;
    testState.value = 'saving';
    const test = await makeRecipeTest(recipe.recipe, page.doc, page.url()).catch(() => null);
    if (!test || !test.ok) {
      testState.value = { failed: test?.reason ?? 'unreadable page' };
      return;
    }
    const added = await transport.addTest(recipe.recipe.id, test.test).catch(() => ({ ok: false as const, reason: 'lost' }));
    testState.value = added.ok ? { saved: added.tests } : { failed: added.reason };
  }

  /** "Run tests": the recipe as taught now, against its saved tests and the open page. */
  async function runTests() {
    const recipe = made.value;
    if (!recipe.ok || runningTests.value) return;
    runningTests.value = true;
    try {
      const saved = (await transport.savedTests?.().catch(() => [])) ?? [];
      testsHere.value = await runTestsHere(recipe.recipe, saved, page.doc, page.url());
    } finally {
      runningTests.value = false;
    }
  }

  async function close() {
    stopPicking();
    marker.clear();
    await transport.close().catch(() => undefined);
  }

  function setName(name: string) {
    draft.name = name;
    void persist();
  }

  // What the panel shows, in its words (the same in the page and in the side panel).
  const rowCount = computed(() => rows.value.length);
  const keyChoices = computed<KeyChoice[]>(() =>
    keyCandidates.value.map((candidate) => ({
      why: candidate.why,
      column: 'column' in candidate ? candidate.column : 'column' in candidate.locator ? String(candidate.locator.column) : '',
      // Three keys are shown, a fourth says there are more.
      keys: candidate.keys.slice(0, 4),
      chosen: JSON.stringify(candidate.locator) === JSON.stringify(draft.rowKey) && 'join' in candidate === !!draft.capture,
    })),
  );
  const missing = computed(() => (made.value.ok ? [] : made.value.issues));
  const readLines = computed<ReadLine[] | null>(
    () =>
      reads.value?.map((read) =>
        read.ok
          ? { ok: true as const, number: read.order.number, customer: read.order.customer.name, price: read.order.price, stops: read.order.stops.length }
          : { ok: false as const, id: read.number ?? read.id, problems: read.problems.map((p) => ({ code: p.code, ...(p.field ? { field: p.field } : {}), ...(p.host ? { host: p.host } : {}) })) },
      ) ?? null,
  );
  const writeFieldTaught = computed(() => !!writeFieldLocator.value);
  const writeFieldHereName = computed(() => (writeFieldHere.value ? writeFieldName(writeFieldHere.value) : null));
  const httpShown = computed(() => {
    const http = httpWriteBack.value;
    return http ? { method: http.method, url: http.url, fields: Object.keys(http.body), headers: Object.keys(http.headers ?? {}) } : null;
  });
  const answerCount = computed(() => answers.value.length);

  // Coming back on a page (after a navigation): the rows of a list page are found again.
  refreshRows();
  if (draft.summary.status) seenStatuses.value = [...new Set(rows.value.map((r) => valueIn(r, draft.summary.status!)).filter((w): w is string => !!w))];
  if (draft.step === 'detail') ensureDetail();

  return {
    draft, picking, notice, rows, nextPageName, seenStatuses, keyCandidates, stopLabels, reads, reading, saveState, testState, locale, stepIndex, detailHere, onList, reteachDetailHere, made, stopCount, stops,
    testsHere, runningTests, runTests, writeBackMode, writeFieldLocator, writeFieldHere, setWriteBackMode,
    go, next, back, pick, stopPicking, chooseKey, setStatus, setSelectionMode, setStopType, summaryPreview, detailPreview,
    taughtSummary, taughtDetail, readNow, save, saveTest, close, refreshRows, answers, items, httpWriteBack,
    SUMMARY_FIELDS, DETAIL_FIELDS, REQUIRED_DETAIL_FIELDS,
    setName, rowCount, keyChoices, missing, readLines, writeFieldTaught, writeFieldHereName, httpShown, answerCount, authChoice, setAuth,
  } satisfies BuilderModel & Record<string, unknown>;
}
export type RecipeBuilder = ReturnType<typeof useRecipeBuilder>;
