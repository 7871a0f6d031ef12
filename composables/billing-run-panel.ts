/**
 * The billing run in the panel: when the selection holds several customers or currencies,
 * the orders the panel read become a run plan (planBillingRun), each planned invoice is
 * composed into a draft as the preview would compose it, and the review shows the plan, the
 * groups that need attention and "Start billing run". Once started, the run's progress and
 * report come from the background (pushes, a watchdog after a missed one).
 *
 * It reads the orders and the invoicing context from the panel's store and keeps only what
 * is the run's own: orders left out or included again, the user's edits to each planned
 * invoice, and the run.
 *
 * "Open in preview" shows one planned invoice in the ordinary preview: a second panel store
 * (`focus`) loaded with that invoice's orders and the edits kept for it. "Back to the review"
 * keeps what the user changed, by the planned invoice's key; the review composes the invoice
 * with those edits, and "Start billing run" sends that draft, which the run journal stores
 * with the run (so the edits survive a stopped service worker like the rest of the run).
 *
 * The period: when the selection came from the proposal's "Select them", the review names
 * the period chosen there and lists the selected orders delivered outside it (added by hand
 * since), with "Leave them out". The proposal's choice itself is kept here too, so the
 * proposal shows the same period again after a preview or a run.
 */
import { computed, effectScope, inject, reactive, ref, shallowRef, watch, type App, type InjectionKey, type UnwrapNestedRefs } from 'vue';
import { compose } from '@/utils/domain/compose';
import { planBillingRun, type AttentionGroup, type BillingMode, type PlannedInvoice } from '@/utils/domain/billing-run';
import type { ContactRef, InvoiceDraft } from '@/utils/domain/invoice';
import { deliveryDate, type Customer, type Order } from '@/utils/domain/order';
import { inPeriod, type DateRange, type PeriodKind } from '@/utils/tms/proposal';
import { isBlocking, type Problem } from '@/utils/domain/problems';
import { PROVIDER_RULES } from '@/utils/domain/provider-rules';
import { computeTotals } from '@/utils/domain/totals';
import { runTaxGroup } from '@/utils/domain/run-tax-group';
import { validateDraft } from '@/utils/domain/validate-draft';
import type { BillingRun } from '@/utils/jobs/billing-run';
import { failureOf, plainCopy as plain, type Failure, type RequestOf } from '@/utils/messaging';
import { draftReadiness, readinessProblem } from '@/utils/domain/draft-readiness';
import { applyDraftEdits, DraftEditsSchema, effectiveEdits, type DraftEdits } from '@/utils/domain/draft-edits';
import * as v from 'valibot';
import { createPanelStore, MISSED_UPDATE_MS, siteOf, type PanelEnvironment, type PanelStore } from './invoice-panel';

/** A planned invoice as the review shows it, with its composed draft and gross total. */
export interface ReviewInvoice {
  planned: PlannedInvoice;
  /** With the user's edits applied. */
  draft: InvoiceDraft | null;
  netMinor: number;
  grossMinor: number;
  /** Blocking problems of the composed draft: the invoice waits for the user, the others go. */
  problems: Problem[];
  /** The user changed this invoice in the preview. */
  edited: boolean;
}

/** The period the proposal counted when its orders were selected, as the review names it. */
export interface ChosenPeriod {
  kind: PeriodKind;
  range: DateRange;
  /** "November", "01/11/2026 to 15/11/2026", "all periods": as the proposal said it. */
  label: string;
}

const MIXED: ReadonlySet<string> = new Set(['mixed-customers', 'mixed-currencies']);
const RUNNING: ReadonlySet<BillingRun['status']> = new Set(['running', 'paused', 'cancelling', 'recording']);

function newRequestId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function setupRunPanel(panel: PanelStore) {
  let env: PanelEnvironment | undefined;
  const leftOut = ref<string[]>([]);
  const include = ref<string[]>([]);
  const run = shallowRef<BillingRun | null>(null);
  const starting = ref(false);
  const error = ref<Failure['error'] | null>(null);
  /** The user's changes to each planned invoice, by its key. */
  const edits = shallowRef<Record<string, DraftEdits>>({});
  /** The key of the planned invoice open in the preview, if any. */
  const editing = ref<string | null>(null);
  let focusStore: PanelStore | null = null;
  /** The preview of one planned invoice: a store of its own, so the tab's selection stays as it is. */
  const focus = shallowRef<PanelStore | null>(null);
  /** The period of the proposal the selection came from; null for a selection made by hand. */
  const period = shallowRef<ChosenPeriod | null>(null);
  /** The proposal's period choice, kept while the proposal is hidden. */
  const proposalChoice = shallowRef<{ kind: PeriodKind; custom: DateRange } | null>(null);

  const need = () => {
    if (!env) throw new Error('The billing run panel is not configured');
    return env;
  };

  /** The selection is for several invoices: the panel shows the review instead of a refusal. */
  const mixed = computed(() => (panel.composition?.problems ?? []).some((p) => MIXED.has(p.code)));
  const active = computed(() => run.value !== null || ((panel.phase === 'preview' || panel.phase === 'submitting') && mixed.value));

  const plan = computed(() => {
    const ctx = panel.context;
    if (!ctx || !mixed.value) return null;
    const invoiced = new Set(ctx.invoicedOrderIds);
    return planBillingRun({
      orders: panel.reads.flatMap((r) => (r.ok ? [r.order] : [])),
      failures: panel.reads.flatMap((r) => (r.ok ? [] : [{ id: r.id, ...(r.number ? { number: r.number } : {}) }])),
      rules: PROVIDER_RULES[ctx.connection.provider],
      customerKey: (order) => order.customer.id,
      isLinked: (customerId) => ctx.links[customerId] !== undefined,
      modeOf: (customerId) => ctx.links[customerId]?.billingMode,
      isInvoiced: (order) => invoiced.has(order.id) || (order.invoiceLinks?.length ?? 0) > 0,
      inProgress: new Set(ctx.inProgressOrderIds),
      include: new Set(include.value),
      exclude: new Set(leftOut.value),
      // One invoice carries one VAT category: a case that can't be decided waits aside.
      taxGroupOf: (order) => runTaxGroup(order, ctx.taxCases[order.customer.id], ctx.settings),
    });
  });

  /** Each planned invoice composed as the preview composes one: same texts, tax case, rounding. */
  const invoices = computed<ReviewInvoice[]>(() => {
    const ctx = panel.context;
    if (!ctx || !plan.value || !env) return [];
    const rules = PROVIDER_RULES[ctx.connection.provider];
    return plan.value.invoices.map((planned) => {
      const taxCase = ctx.taxCases[planned.customerKey];
      const changes = edits.value[planned.key];
      const { draft: composed, problems } = compose({
        orders: planned.orders,
        tms: { origin: siteOf(env!), adapter: env!.adapter.id },
        provider: ctx.connection.provider,
        connected: ctx.connection.configured,
        settings: ctx.settings,
        contact: ctx.links[planned.customerKey]?.contact ?? null,
        ...(taxCase ? { taxCase } : {}),
        ...(changes?.taxCase ? { invoiceTaxCase: changes.taxCase } : {}),
        invoiced: new Set(ctx.invoicedOrderIds),
        include: new Set(include.value),
        today: ctx.today,
      });
      const draft = composed && changes ? applyDraftEdits(composed, changes) : composed;
      // What the preview would refuse to send, the run does not send either (e-invoice readiness too).
      const readiness = draft
        ? readinessProblem(draftReadiness(draft, { eInvoice: ctx.settings.eInvoice, buyerReference: ctx.buyerReferences?.[draft.customer.id], publicCustomer: ctx.publicCustomers?.[draft.customer.id] }))
        : null;
      const all = [...problems, ...(readiness ? [readiness] : []), ...(draft ? validateDraft(draft, { connected: ctx.connection.configured }) : [])];
      const totals = draft ? computeTotals(draft.positions, draft.currency, rules.rounding) : null;
      return {
        planned,
        draft,
        netMinor: totals?.net.minor ?? planned.netMinor,
        grossMinor: totals?.gross.minor ?? planned.netMinor,
        problems: all.filter((p) => p.severity === 'blocking'),
        edited: changes !== undefined,
      };
    });
  });

  const ready = computed(() => invoices.value.filter((i) => i.draft && !isBlocking(i.problems)));
  /** The review's table: the invoices ready to start, and the edited ones even when an edit made them invalid. */
  const rows = computed(() => invoices.value.filter((i) => ready.value.includes(i) || (i.edited && i.draft)));
  /** Invoices with problems of their own (not caused by an edit): listed with what needs attention. */
  const waiting = computed(() => invoices.value.filter((i) => !rows.value.includes(i)));
  const summary = computed(() => {
    const attention = plan.value?.attention ?? [];
    const waiting = invoices.value.length - ready.value.length;
    return {
      invoices: ready.value.length,
      orders: ready.value.reduce((n, i) => n + i.planned.orders.length, 0),
      attention: attention.length + waiting,
    };
  });

  function configure(environment: PanelEnvironment) {
    env = environment;
  }

  function reset() {
    leftOut.value = [];
    include.value = [];
    edits.value = {};
    editing.value = null;
    focus.value = null;
    run.value = null;
    starting.value = false;
    error.value = null;
    clearTimeout(watchdog);
  }
  // A new selection opened in the panel starts a new review.
  watch(
    () => panel.phase,
    (phase) => {
      if (phase === 'loading') reset();
    },
  );

  /** Selected orders (not left out) delivered outside the chosen period. */
  const outsidePeriod = computed<Order[]>(() => {
    const chosen = period.value;
    if (!chosen || chosen.kind === 'all') return [];
    return panel.reads.flatMap((r) => (r.ok && !leftOut.value.includes(r.order.id) && !inPeriod(deliveryDate(r.order), chosen.range, chosen.kind) ? [r.order] : []));
  });
  /** "Select them" in the proposal (its period), or a selection cleared or made by hand (null). */
  function choosePeriod(chosen: ChosenPeriod | null) {
    period.value = chosen;
  }
  function rememberProposalChoice(choice: { kind: PeriodKind; custom: DateRange }) {
    proposalChoice.value = choice;
  }

  function leaveOutGroup(group: AttentionGroup | { orders: readonly { id: string }[] }) {
    leftOut.value = [...new Set([...leftOut.value, ...group.orders.map((o) => o.id)])];
  }
  function leaveOutInvoice(invoice: ReviewInvoice) {
    leaveOutGroup({ orders: invoice.planned.orders });
  }
  function includeAgain(group: AttentionGroup) {
    include.value = [...new Set([...include.value, ...group.orders.map((o) => o.id)])];
  }
  function putBack(orderId: string) {
    leftOut.value = leftOut.value.filter((id) => id !== orderId);
  }

  /** The TMS customer behind an attention group, as the page read it. */
  function customerOf(group: AttentionGroup): Customer | null {
    for (const r of panel.reads) if (r.ok && r.order.customer.id === group.customerKey) return r.order.customer;
    return null;
  }

  function linked(customerId: string, contact: ContactRef, contactCreatedAt?: string) {
    const ctx = panel.context;
    if (!ctx) return;
    panel.context = { ...ctx, links: { ...ctx.links, [customerId]: { contact, ...(contactCreatedAt ? { contactCreatedAt } : {}) } } };
  }

  /** "Link customer" in the review: the same linking as the preview's, for that group's customer. */
  async function linkCustomer(customer: Customer, contact: ContactRef): Promise<Failure['error'] | null> {
    const result = await need().send('linkCustomer', plain({ origin: siteOf(need()), customerId: customer.id, contact }));
    if (!result.ok) return result.error;
    linked(customer.id, contact);
    return null;
  }

  async function createContact(customer: Customer): Promise<Failure['error'] | null> {
    const result = await need().send('createContact', plain({ origin: siteOf(need()), customer, requestId: newRequestId() }));
    if (!result.ok) return result.error;
    linked(customer.id, { id: result.contact.id, name: result.contact.name }, result.createdAt);
    return null;
  }

  /** The customer's choice: one invoice for all its orders, or one per order; remembered with its link. */
  async function setMode(customer: Customer, mode: BillingMode): Promise<void> {
    error.value = null;
    try {
      const result = await need().send('setBillingMode', { origin: siteOf(need()), customerId: customer.id, mode });
      if (!result.ok) {
        error.value = result.error;
        return;
      }
      const ctx = panel.context;
      const link = ctx?.links[customer.id];
      if (ctx && link) panel.context = { ...ctx, links: { ...ctx.links, [customer.id]: { ...link, billingMode: mode } } };
    } catch (e) {
      error.value = failureOf(e);
    }
  }

  /** "Open in preview": the ordinary preview, for exactly this planned invoice's orders, with its edits. */
  function openInPreview(invoice: ReviewInvoice) {
    const ctx = panel.context;
    if (!ctx || run.value) return;
    if (!focusStore) {
      focusStore = createPanelStore();
      focusStore.configure(need());
    }
    focusStore.load({
      reads: invoice.planned.orders.map((order) => ({ ok: true as const, order })),
      context: ctx,
      include: include.value,
      edits: edits.value[invoice.planned.key] ?? null,
    });
    focus.value = focusStore;
    editing.value = invoice.planned.key;
  }

  /**
   * "Back to the review": the preview's changes are kept for its planned invoice (only what
   * really differs from the composed draft), a contact linked or a tax case remembered there
   * counts for the whole review, and an order left out there is left out of the run.
   */
  function backToReview() {
    const key = editing.value;
    const store = focus.value;
    editing.value = null;
    focus.value = null;
    if (!key || !store) return;
    if (store.context) panel.context = store.context;
    const base = store.composition?.draft ?? null;
    const kept = base ? effectiveEdits(base, v.parse(DraftEditsSchema, store.edits)) : null;
    const { [key]: _old, ...others } = edits.value;
    const excluded = store.exclude.filter((id) => !leftOut.value.includes(id));
    if (excluded.length) leftOut.value = [...leftOut.value, ...excluded];
    if (!kept) {
      edits.value = others;
      return;
    }
    // Leaving an order out changes the planned invoice's key: its edits follow its other orders.
    const remaining = base!.positions.find((p) => !excluded.includes(p.orderId))?.orderId;
    const target = excluded.length ? plan.value?.invoices.find((i) => i.orders.some((o) => o.id === remaining))?.key : key;
    edits.value = target ? { ...others, [target]: kept } : others;
  }

  /** "Undo edits": the planned invoice as composed from its orders again. */
  function undoEdits(invoice: ReviewInvoice) {
    const { [invoice.planned.key]: _undone, ...others } = edits.value;
    edits.value = others;
  }

  function suggestContacts(customer: Customer) {
    return need().send('suggestContacts', plain({ customer }));
  }

  /** Orders on no invoice of the run, each with its reason: they go into the report. */
  const setAside = computed(() => {
    const p = plan.value;
    if (!p) return [];
    const notReady = invoices.value.filter((i) => !ready.value.includes(i)).flatMap((i) => i.planned.orders.map((o) => ({ id: o.id, number: o.number, reason: 'invoice-problems' })));
    return [
      ...p.attention.flatMap((g) => g.orders.map((o) => ({ id: o.id, number: o.number, reason: g.reason }))),
      ...notReady,
      ...p.leftOut.map((o) => ({ id: o.id, number: o.number, reason: 'left-out' })),
    ];
  });

  async function start() {
    if (ready.value.length === 0 || starting.value) return;
    starting.value = true;
    error.value = null;
    try {
      const request: RequestOf<'startBillingRun'> = {
        origin: siteOf(need()),
        invoices: ready.value.map((i) => ({ key: i.planned.key, draft: i.draft!, ...(i.planned.split ? { split: { part: i.planned.split.part, of: i.planned.split.of } } : {}) })),
        setAside: setAside.value,
        allowReinvoice: include.value,
        requestId: newRequestId(),
      };
      const result = await need().send('startBillingRun', plain(request));
      if (result.ok) {
        run.value = result.run;
        armWatchdog();
      } else error.value = result.error;
    } catch (e) {
      error.value = failureOf(e);
    } finally {
      starting.value = false;
    }
  }

  async function control(action: RequestOf<'controlBillingRun'>['action']) {
    if (!run.value) return;
    error.value = null;
    try {
      const result = await need().send('controlBillingRun', { runId: run.value.id, action });
      if (result.ok) runUpdated(result.run);
      else error.value = result.error;
    } catch (e) {
      error.value = failureOf(e);
    }
  }

  /** A push from the background, or the watchdog's answer: the run moved. */
  function runUpdated(next: BillingRun) {
    if (run.value && run.value.id === next.id && next.updatedAt >= run.value.updatedAt) {
      run.value = next;
      armWatchdog();
    }
  }

  // As for one invoice: pushes carry the progress; after a quiet spell the panel asks once.
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  function armWatchdog() {
    clearTimeout(watchdog);
    watchdog = undefined;
    if (!run.value || !RUNNING.has(run.value.status)) return;
    watchdog = setTimeout(() => {
      watchdog = undefined;
      void refresh()
        .catch(() => undefined)
        .finally(armWatchdog);
    }, MISSED_UPDATE_MS);
  }

  async function refresh() {
    if (!run.value) return;
    const { run: fresh } = await need().send('getBillingRun', { runId: run.value.id });
    if (fresh) runUpdated(fresh);
  }

  function dispose() {
    clearTimeout(watchdog);
    watchdog = undefined;
    focusStore?.dispose();
  }

  return {
    mixed,
    active,
    plan,
    invoices,
    ready,
    rows,
    waiting,
    summary,
    edits,
    editing,
    focus,
    openInPreview,
    backToReview,
    undoEdits,
    setAside,
    leftOut,
    include,
    period,
    proposalChoice,
    outsidePeriod,
    choosePeriod,
    rememberProposalChoice,
    run,
    starting,
    error,
    configure,
    leaveOutGroup,
    leaveOutInvoice,
    includeAgain,
    putBack,
    customerOf,
    linkCustomer,
    createContact,
    suggestContacts,
    setMode,
    start,
    control,
    runUpdated,
    refresh,
    dispose,
  };
}

export type RunPanel = UnwrapNestedRefs<ReturnType<typeof setupRunPanel>>;

const runKey: InjectionKey<RunPanel> = Symbol('billing-run-panel');

/** The run panel for one TMS tab, next to the invoice panel's store it reads from. */
export function createRunPanel(panel: PanelStore): RunPanel & { install: (app: App) => void } {
  const scope = effectScope(true);
  const store = reactive(scope.run(() => setupRunPanel(panel))!) as RunPanel;
  return Object.assign(store, { install: (app: App) => void app.provide(runKey, store) });
}

/** The run panel, or null where none is installed (the panel then shows the refusal as before). */
export function useRunPanel(): RunPanel | null {
  return inject(runKey, null);
}
