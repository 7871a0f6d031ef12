/**
 * The builder in the browser's side panel (recipes.md § 3.8): the builder lives in the TMS
 * page, where picking and reading happen; the side panel shows what it shows and asks it to
 * act. Both ends talk over one runtime port, in two closed vocabularies checked here: the
 * page's builder sends its view (what the panel draws), the side panel sends actions (what
 * the user clicked). Neither end uses anything unchecked, and nothing on the wire is a token,
 * a page's markup or an element: only what the panel shows, already read.
 */
import * as v from 'valibot';
import { BuilderDraftSchema, BUILDER_STEPS, DETAIL_FIELDS, SUMMARY_FIELDS } from './draft';
import { ORDER_STATUSES, StopSchema } from '../../../domain/order';

/** The port's name: a builder in a tab connects with it, the side panel of that tab answers. */
export const BUILDER_VIEW_PORT = 'frachtbeleg-builder-view';
/** A view larger than this is not drawn (a page's builder never sends one: ~30 rows of previews). */
export const MAX_VIEW_CHARS = 1_000_000;

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const MoneyShape = v.object({ minor: v.pipe(v.number(), v.integer()), currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)) });

const PreviewCellSchema = v.variant('ok', [
  v.object({ ok: v.literal(true), text: Text(2_000), value: v.union([v.string(), v.number(), MoneyShape]) }),
  v.object({ ok: v.literal(false), text: Text(2_000), problem: Text(200) }),
]);
export type PreviewCellView = v.InferOutput<typeof PreviewCellSchema>;

const PickTargetSchema = v.variant('kind', [
  v.object({ kind: v.literal('rows') }),
  v.object({ kind: v.literal('summary'), field: v.picklist(SUMMARY_FIELDS) }),
  v.object({ kind: v.literal('detail'), field: v.picklist(DETAIL_FIELDS) }),
  v.object({ kind: v.literal('writeField') }),
]);
/** What the user points at in the page: the rows, a list column, a detail field, the write-back's field. */
export type PickTarget = v.InferOutput<typeof PickTargetSchema>;

/** A key the user may choose: why it was proposed, its column, the first keys it gives. */
const KeyChoiceSchema = v.object({ why: Text(40), column: Text(200), keys: v.pipe(v.array(Text(200)), v.maxLength(1_000)), chosen: v.boolean() });
export type KeyChoice = v.InferOutput<typeof KeyChoiceSchema>;

/** One order of "Read": what the line says, or the named problems. */
const ReadLineSchema = v.variant('ok', [
  v.object({ ok: v.literal(true), number: Text(200), customer: Text(500), price: MoneyShape, stops: Count }),
  v.object({ ok: v.literal(false), id: Text(200), problems: v.pipe(v.array(v.object({ code: Text(60), field: v.optional(Text(60)), host: v.optional(Text(300)) })), v.maxLength(50)) }),
]);
export type ReadLine = v.InferOutput<typeof ReadLineSchema>;

const DiffLineSchema = v.object({ order: Text(200), field: Text(200), expected: Text(2_000), got: Text(2_000) });
const TestsHereSchema = v.object({
  tests: v.pipe(v.array(v.object({ name: Text(200), ok: v.boolean(), reason: v.optional(Text(2_000)), diff: v.pipe(v.array(DiffLineSchema), v.maxLength(200)), truncated: v.boolean() })), v.maxLength(100)),
  invalid: Count,
  live: v.union([
    v.object({ ok: v.boolean(), kind: v.picklist(['list', 'detail']), read: Count, failing: v.pipe(v.array(v.object({ id: Text(200), fields: v.array(Text(60)) })), v.maxLength(1_000)) }),
    v.object({ ok: v.literal(false), kind: v.null(), reason: Text(2_000) }),
  ]),
});

const SaveStateSchema = v.union([v.picklist(['idle', 'saving', 'saved']), v.object({ failed: Text(2_000) })]);
const TestStateSchema = v.union([v.picklist(['idle', 'saving']), v.object({ saved: Count }), v.object({ failed: Text(2_000) })]);
export type SaveState = v.InferOutput<typeof SaveStateSchema>;
export type TestState = v.InferOutput<typeof TestStateSchema>;
const AuthChoiceSchema = v.object({ mode: v.picklist(['captured', 'storage']), where: v.nullable(v.object({ area: v.picklist(['session', 'local']), key: Text(100), path: v.optional(Text(300)) })) });
/** How the recipe signs in to the TMS's data, and where the page keeps its token when the builder found it. */
export type AuthChoice = v.InferOutput<typeof AuthChoiceSchema>;
const PartCellsSchema = v.pipe(v.array(v.object({ part: Text(60), cell: PreviewCellSchema })), v.maxLength(10));

/** Everything the builder's panel draws, as the page's builder sees it now. */
export const BuilderViewSchema = v.object({
  draft: BuilderDraftSchema,
  inFrame: v.boolean(),
  picking: v.nullable(PickTargetSchema),
  notice: v.nullable(Text(100)),
  rowCount: Count,
  nextPageName: v.nullable(Text(300)),
  seenStatuses: v.pipe(v.array(Text(200)), v.maxLength(200)),
  keyChoices: v.pipe(v.array(KeyChoiceSchema), v.maxLength(50)),
  stopLabels: v.pipe(v.array(v.object({ label: Text(200), type: v.picklist(['pickup', 'delivery']) })), v.maxLength(50)),
  readLines: v.nullable(v.pipe(v.array(ReadLineSchema), v.maxLength(100))),
  reading: v.boolean(),
  saveState: SaveStateSchema,
  testState: TestStateSchema,
  detailHere: v.nullable(v.object({ id: Text(200) })),
  onList: v.boolean(),
  reteachDetailHere: v.boolean(),
  missing: v.pipe(v.array(v.object({ path: Text(300), message: Text(2_000) })), v.maxLength(100)),
  stopCount: v.nullable(Count),
  stops: v.nullable(v.pipe(v.array(StopSchema), v.maxLength(100))),
  testsHere: v.nullable(TestsHereSchema),
  runningTests: v.boolean(),
  writeBackMode: v.picklist(['ledger', 'instructions', 'http']),
  writeFieldTaught: v.boolean(),
  writeFieldHereName: v.nullable(Text(300)),
  httpShown: v.nullable(v.object({ method: Text(10), url: Text(2_000), fields: v.array(Text(200)), headers: v.array(Text(200)) })),
  answerCount: Count,
  authChoice: v.nullable(AuthChoiceSchema),
  /** The live previews of the taught fields, per field. */
  summaryPreviews: v.record(v.picklist(SUMMARY_FIELDS), v.pipe(v.array(PreviewCellSchema), v.maxLength(500))),
  detailPreviews: v.record(v.picklist(DETAIL_FIELDS), PartCellsSchema),
});
export type BuilderView = v.InferOutput<typeof BuilderViewSchema>;

/** What the side panel may ask the page's builder to do: the panel's buttons, nothing else. */
export const BuilderActionSchema = v.variant('action', [
  v.object({ action: v.picklist(['next', 'back', 'stopPicking', 'readNow', 'save', 'saveTest', 'runTests', 'close', 'reload', 'showInPage']) }),
  v.object({ action: v.literal('go'), step: v.picklist(BUILDER_STEPS) }),
  v.object({ action: v.literal('pick'), target: PickTargetSchema }),
  v.object({ action: v.literal('chooseKey'), index: v.pipe(Count, v.maxValue(49)) }),
  v.object({ action: v.literal('setStatus'), word: Text(200), status: v.picklist(ORDER_STATUSES) }),
  v.object({ action: v.literal('setSelectionMode'), mode: v.picklist(['checkbox', 'rowAttribute', 'own']) }),
  v.object({ action: v.literal('setStopType'), label: Text(200), type: v.picklist(['pickup', 'delivery']) }),
  v.object({ action: v.literal('setWriteBackMode'), mode: v.picklist(['ledger', 'instructions', 'http']) }),
  v.object({ action: v.literal('setName'), name: Text(100) }),
  v.object({ action: v.literal('setAuth'), mode: v.picklist(['captured', 'storage']) }),
]);
export type BuilderAction = v.InferOutput<typeof BuilderActionSchema>;

/** What the side panel says to the page's builder: it shows it (`attach`), or an action. */
export const PanelMessageSchema = v.union([v.object({ attach: v.literal(true) }), BuilderActionSchema]);
export type PanelMessage = v.InferOutput<typeof PanelMessageSchema>;

/** The side panel's knock on the tab's frames: a builder there connects (checked by shape). */
export const KNOCK = { frachtbelegBuilderView: 'knock' } as const;
export const isKnock = (message: unknown): boolean => v.is(v.object({ frachtbelegBuilderView: v.literal('knock') }), message);

/** A view from the wire, checked; null when it is not one (too large, wrong shape). */
function parseView(message: unknown): BuilderView | null {
  if (JSON.stringify(message ?? null).length > MAX_VIEW_CHARS) return null;
  const parsed = v.safeParse(BuilderViewSchema, message);
  return parsed.success ? parsed.output : null;
}

/**
 * What the page's builder says to the side panel: its view; that it closed or went back into
 * the page; or that the order's detail opened on a second origin the user has to grant first
 * (the side panel can ask the browser in a click, the page can't).
 */
export type ContentMessage = { view: BuilderView } | { closed: true } | { inPage: true } | { waitingFor: string };
const EndSchema = v.union([
  v.object({ closed: v.literal(true) }),
  v.object({ inPage: v.literal(true) }),
  v.object({ waitingFor: v.pipe(v.string(), v.maxLength(200), v.regex(/^https?:\/\/[^/\s]+$/)) }),
]);

/** A message from a page's builder, checked: null when it is none of the three. */
export function parseContentMessage(message: unknown): ContentMessage | null {
  if (v.is(EndSchema, message)) return message as ContentMessage;
  if (typeof message !== 'object' || message === null || !('view' in message)) return null;
  const view = parseView((message as { view: unknown }).view);
  return view ? { view } : null;
}
