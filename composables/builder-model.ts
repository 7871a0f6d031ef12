/**
 * What the builder's panel draws and what it can do, wherever it is drawn: in the TMS page
 * (the builder itself, useRecipeBuilder) or in the browser's side panel (remoteBuilder, which
 * draws the page's builder from its view and sends it the user's clicks). The panel's
 * components (RecipeBuilderView and its parts) only know this model.
 */
import { computed, reactive, shallowRef, type Ref } from 'vue';
import type { BuilderDraft, BuilderStep, DetailField, SummaryField } from '@/utils/tms/recipe/builder/draft';
import { BUILDER_STEPS, DETAIL_FIELDS, REQUIRED_DETAIL_FIELDS, SUMMARY_FIELDS } from '@/utils/tms/recipe/builder/draft';
import type { AuthChoice, BuilderAction, BuilderView, KeyChoice, PanelMessage, PickTarget, PreviewCellView, ReadLine, SaveState, TestState } from '@/utils/tms/recipe/builder/remote-view';
import type { TestsHere } from '@/utils/tms/recipe/builder/run-here';
import type { OrderStatus, Stop } from '@/utils/domain/order';
import type { PreviewCellLike } from '@/components/builder/preview-text';

type R<T> = Readonly<Ref<T>>;
// The panel's states are the wire's (remote-view.ts): one definition for both ends.
export type { AuthChoice, PickTarget, SaveState, TestState };

export interface BuilderModel {
  readonly draft: BuilderDraft;
  picking: R<PickTarget | null>;
  notice: R<string | null>;
  rowCount: R<number>;
  nextPageName: R<string | null>;
  seenStatuses: R<string[]>;
  keyChoices: R<KeyChoice[]>;
  stopLabels: R<{ label: string; type: 'pickup' | 'delivery' }[]>;
  readLines: R<ReadLine[] | null>;
  reading: R<boolean>;
  saveState: R<SaveState>;
  testState: R<TestState>;
  stepIndex: R<number>;
  detailHere: R<{ id: string } | null>;
  onList: R<boolean>;
  reteachDetailHere: R<boolean>;
  missing: R<{ path: string; message: string }[]>;
  stopCount: R<number | null>;
  stops: R<Stop[] | null>;
  testsHere: R<TestsHere | null>;
  runningTests: R<boolean>;
  writeBackMode: R<'ledger' | 'instructions' | 'http'>;
  writeFieldTaught: R<boolean>;
  writeFieldHereName: R<string | null>;
  httpShown: R<{ method: string; url: string; fields: string[]; headers: string[] } | null>;
  answerCount: R<number>;
  /** How the recipe signs in to the TMS's data (a TMS taught from its data only). */
  authChoice: R<AuthChoice | null>;
  summaryPreview(field: SummaryField): PreviewCellLike[];
  detailPreview(field: DetailField): { part: string; cell: PreviewCellLike }[];
  taughtSummary(field: SummaryField): boolean;
  taughtDetail(field: DetailField): boolean;
  readonly SUMMARY_FIELDS: typeof SUMMARY_FIELDS;
  readonly DETAIL_FIELDS: typeof DETAIL_FIELDS;
  readonly REQUIRED_DETAIL_FIELDS: typeof REQUIRED_DETAIL_FIELDS;
  go(step: BuilderStep): void;
  next(): void;
  back(): void;
  pick(target: PickTarget): void;
  stopPicking(): void;
  chooseKey(index: number): void;
  setStatus(word: string, status: OrderStatus): void;
  setSelectionMode(mode: 'checkbox' | 'rowAttribute' | 'own'): void;
  setStopType(label: string, type: 'pickup' | 'delivery'): void;
  setWriteBackMode(mode: 'ledger' | 'instructions' | 'http'): void;
  setName(name: string): void;
  setAuth(mode: 'captured' | 'storage'): void;
  readNow(): Promise<void> | void;
  save(): Promise<void> | void;
  saveTest(): Promise<void> | void;
  runTests(): Promise<void> | void;
  close(): Promise<void> | void;
}

/** Whether a field is taught, by the draft alone (both ends ask the same). */
export const taughtSummaryIn = (draft: BuilderDraft, field: SummaryField): boolean => !!draft.summary[field];
export const taughtDetailIn = (draft: BuilderDraft, field: DetailField): boolean =>
  field === 'address' ? !!(draft.fields as Record<string, unknown>)['customer.zip'] : !!(draft.fields as Record<string, unknown>)[field];

/** The page's builder as the side panel draws it: what it shows now, read once per change. */
export function viewOf(b: BuilderModel, inFrame: boolean): BuilderView {
  const summaryPreviews: Partial<Record<SummaryField, PreviewCellView[]>> = {};
  for (const field of SUMMARY_FIELDS) if (b.taughtSummary(field)) summaryPreviews[field] = b.summaryPreview(field) as PreviewCellView[];
  const detailPreviews: Partial<Record<DetailField, { part: string; cell: PreviewCellView }[]>> = {};
  for (const field of DETAIL_FIELDS) if (field !== 'stops' && b.taughtDetail(field)) detailPreviews[field] = b.detailPreview(field) as { part: string; cell: PreviewCellView }[];
  return {
    draft: b.draft,
    inFrame,
    picking: b.picking.value,
    notice: b.notice.value,
    rowCount: b.rowCount.value,
    nextPageName: b.nextPageName.value,
    seenStatuses: b.seenStatuses.value,
    keyChoices: b.keyChoices.value,
    stopLabels: b.stopLabels.value,
    readLines: b.readLines.value,
    reading: b.reading.value,
    saveState: b.saveState.value,
    testState: b.testState.value,
    detailHere: b.detailHere.value ? { id: b.detailHere.value.id } : null,
    onList: b.onList.value,
    reteachDetailHere: b.reteachDetailHere.value,
    missing: b.missing.value,
    stopCount: b.stopCount.value,
    stops: b.stops.value,
    testsHere: b.testsHere.value,
    runningTests: b.runningTests.value,
    writeBackMode: b.writeBackMode.value,
    writeFieldTaught: b.writeFieldTaught.value,
    writeFieldHereName: b.writeFieldHereName.value,
    httpShown: b.httpShown.value,
    answerCount: b.answerCount.value,
    authChoice: b.authChoice.value,
    summaryPreviews: summaryPreviews as BuilderView['summaryPreviews'],
    detailPreviews: detailPreviews as BuilderView['detailPreviews'],
  };
}

/** An action from the side panel, done by the page's builder (checked by the caller). */
export function applyAction(b: BuilderModel, action: BuilderAction, page: { reload(): void; showInPage(): void }): void {
  switch (action.action) {
    case 'go':
      return b.go(action.step);
    case 'pick':
      return b.pick(action.target);
    case 'chooseKey':
      return action.index < b.keyChoices.value.length ? b.chooseKey(action.index) : undefined;
    case 'setStatus':
      return b.setStatus(action.word, action.status);
    case 'setSelectionMode':
      return b.setSelectionMode(action.mode);
    case 'setStopType':
      return b.setStopType(action.label, action.type);
    case 'setWriteBackMode':
      return b.setWriteBackMode(action.mode);
    case 'setName':
      return b.setName(action.name);
    case 'setAuth':
      return b.setAuth(action.mode);
    case 'reload':
      return page.reload();
    case 'showInPage':
      return page.showInPage();
    default:
      void b[action.action]();
  }
}

/**
 * The side panel's model of the page's builder: drawn from its last view, every click sent to
 * it. What the user types (the recipe's name) shows at once and goes with the action.
 */
export function remoteBuilder(first: BuilderView, send: (message: PanelMessage) => void) {
  const view = shallowRef(first);
  const draft = reactive<BuilderDraft>(structuredClone(first.draft));
  const of = <K extends keyof BuilderView>(key: K) => computed(() => view.value[key]);
  function update(next: BuilderView) {
    view.value = next;
    for (const key of Object.keys(draft) as (keyof BuilderDraft)[]) if (!(key in next.draft)) delete draft[key];
    Object.assign(draft, structuredClone(next.draft));
  }
  const model: BuilderModel & { inFrame: R<boolean> } = {
    draft,
    inFrame: of('inFrame'),
    picking: of('picking'),
    notice: of('notice'),
    rowCount: of('rowCount'),
    nextPageName: of('nextPageName'),
    seenStatuses: of('seenStatuses'),
    keyChoices: of('keyChoices'),
    stopLabels: of('stopLabels'),
    readLines: of('readLines'),
    reading: of('reading'),
    saveState: of('saveState'),
    testState: of('testState'),
    stepIndex: computed(() => BUILDER_STEPS.indexOf(view.value.draft.step)),
    detailHere: of('detailHere'),
    onList: of('onList'),
    reteachDetailHere: of('reteachDetailHere'),
    missing: of('missing'),
    stopCount: of('stopCount'),
    stops: of('stops'),
    testsHere: of('testsHere'),
    runningTests: of('runningTests'),
    writeBackMode: of('writeBackMode'),
    writeFieldTaught: of('writeFieldTaught'),
    writeFieldHereName: of('writeFieldHereName'),
    httpShown: of('httpShown'),
    answerCount: of('answerCount'),
    authChoice: of('authChoice'),
    summaryPreview: (field) => (view.value.summaryPreviews as Partial<BuilderView['summaryPreviews']>)[field] ?? [],
    detailPreview: (field) => (view.value.detailPreviews as Partial<BuilderView['detailPreviews']>)[field] ?? [],
    taughtSummary: (field) => taughtSummaryIn(view.value.draft, field),
    taughtDetail: (field) => taughtDetailIn(view.value.draft, field),
    SUMMARY_FIELDS,
    DETAIL_FIELDS,
    REQUIRED_DETAIL_FIELDS,
    go: (step) => send({ action: 'go', step }),
    next: () => send({ action: 'next' }),
    back: () => send({ action: 'back' }),
    pick: (target) => send({ action: 'pick', target }),
    stopPicking: () => send({ action: 'stopPicking' }),
    chooseKey: (index) => send({ action: 'chooseKey', index }),
    setStatus: (word, status) => send({ action: 'setStatus', word, status }),
    setSelectionMode: (mode) => send({ action: 'setSelectionMode', mode }),
    setStopType: (label, type) => send({ action: 'setStopType', label, type }),
    setWriteBackMode: (mode) => send({ action: 'setWriteBackMode', mode }),
    setName: (name) => {
      draft.name = name;
      send({ action: 'setName', name });
    },
    setAuth: (mode) => send({ action: 'setAuth', mode }),
    readNow: () => send({ action: 'readNow' }),
    save: () => send({ action: 'save' }),
    saveTest: () => send({ action: 'saveTest' }),
    runTests: () => send({ action: 'runTests' }),
    close: () => send({ action: 'close' }),
  };
  return { model, update };
}
