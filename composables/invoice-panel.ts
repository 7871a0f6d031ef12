/**
 * The invoice preview's state in the content script: the orders read from the page, the
 * composed draft with the user's edits, problems, linking, and the job once sent. Edits are
 * kept per field and re-applied whenever the draft is composed again (an order included,
 * a contact linked), so nothing the user typed is lost.
 */
import { computed, effectScope, inject, provide, reactive, ref, shallowRef, type App, type InjectionKey, type UnwrapNestedRefs } from 'vue';
import { compose, type Composition } from '@/utils/domain/compose';
import type { ContactRef, InvoiceDraft, Position } from '@/utils/domain/invoice';
import type { Customer, Order } from '@/utils/domain/order';
import { isBlocking, type Problem } from '@/utils/domain/problems';
import { PROVIDER_RULES } from '@/utils/domain/provider-rules';
import { computeTotals } from '@/utils/domain/totals';
import { validateDraft } from '@/utils/domain/validate-draft';
import type { OrderReadResult, TmsPageAdapter } from '@/utils/tms/adapter';
import { failureOf, plainCopy as plain, type Failure, type RequestOf, type ResponseOf } from '@/utils/messaging';
import type { JobView } from '@/utils/jobs/job';
import type { TaxCase } from '@/utils/domain/tax';
import { draftReadiness, readinessProblem } from '@/utils/domain/draft-readiness';
import type { PublicCustomer } from '@/utils/domain/public-customer';
import { downloadBase64File } from '@/utils/download-file';
import { applyDraftEdits, type DraftEdits } from '@/utils/domain/draft-edits';

export type PanelRequest = <
  K extends
    | 'getInvoicingContext' | 'searchContacts' | 'suggestContacts' | 'createContact' | 'linkCustomer' | 'setTaxCase' | 'setBuyerReference' | 'openOptions' | 'setPublicCustomer'
    | 'createInvoice' | 'getJob' | 'resolveJob' | 'downloadEInvoice'
    // The billing run's messages (billing-run-panel.ts).
    | 'startBillingRun' | 'getBillingRun' | 'controlBillingRun' | 'setBillingMode'
    // The proposal's "Look for them in Lexware Office / sevdesk" (invoicing-proposal.ts).
    | 'findExternalInvoices' | 'openBook',
>(
  type: K,
  data: RequestOf<K>,
) => Promise<ResponseOf<K>>;

export interface PanelEnvironment {
  adapter: TmsPageAdapter;
  doc: Document;
  url: () => URL;
  /**
   * The TMS site the page speaks for, when it is not the page's own origin: a detail frame on
   * a recipe's second origin. Messages, drafts and the orders read carry it, so the invoice is
   * the site's (the list sees the order as invoiced). The page's own fetches stay on its origin.
   */
  siteOrigin?: string;
  fetch: typeof fetch;
  send: PanelRequest;
  /** The panel's texts in the user's language, as they came with the invoicing context. */
  onTexts?: (locale: InvoicingContext['locale'], texts: InvoicingContext['texts']) => void;
}

/** The site the panel's page speaks for: its own origin unless it is a detail frame on a second origin. */
export const siteOf = (e: Pick<PanelEnvironment, 'siteOrigin' | 'url'>): string => e.siteOrigin ?? e.url().origin;

/** An order read in a detail frame on a second origin is its site's order (its identity in the book). */
export function asSiteOrder(read: OrderReadResult, site: string): OrderReadResult {
  return read.ok && read.order.source.origin !== site ? { ...read, order: { ...read.order, source: { ...read.order.source, origin: site } } } : read;
}

export type OpenRequest = { kind: 'list'; ids: string[] } | { kind: 'detail' };
/**
 * One id per click, so a message repeated after a worker restart finds what its first try
 * started. getRandomValues, because randomUUID needs a secure context and a TMS may be plain http.
 */
function newRequestId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export type Phase = 'closed' | 'loading' | 'preview' | 'submitting' | 'job' | 'error';
type InvoicingContext = ResponseOf<'getInvoicingContext'>;

type HeaderEdits = Partial<Pick<InvoiceDraft, 'title' | 'introduction' | 'remark' | 'voucherDate'>> & { serviceStart?: string; serviceEnd?: string };
type PositionEdits = Partial<Pick<Position, 'name' | 'description' | 'quantity' | 'unitPriceMinor'>>;

/** A preview of orders already read (a billing run's planned invoice), with the edits kept for it. */
export interface LoadRequest {
  reads: OrderReadResult[];
  context: InvoicingContext;
  /** Already-invoiced orders the user included again. */
  include?: readonly string[];
  edits?: DraftEdits | null;
}


const ACTIVE_JOB_STATES = new Set(['planned', 'contact-resolved', 'creating', 'checking', 'invoice-created']);
/** How long a running job may stay silent before the panel asks for it (a push was missed). */
export const MISSED_UPDATE_MS = 10_000;

function setupPanelStore() {
  let env: PanelEnvironment | undefined;
  const phase = ref<Phase>('closed');
  const reads = shallowRef<OrderReadResult[]>([]);
  const context = shallowRef<InvoicingContext | null>(null);
  const include = ref<string[]>([]);
  const exclude = ref<string[]>([]);
  const composition = shallowRef<Composition | null>(null);
  const draft = ref<InvoiceDraft | null>(null);
  const headerEdits = reactive<HeaderEdits>({});
  const positionEdits = reactive<Record<string, PositionEdits>>({});
  /** Inputs that hold text which is not (yet) a valid value, e.g. a price "12,3,4". */
  const invalidInputs = ref<string[]>([]);
  const loadError = ref<Failure['error'] | null>(null);
  const submitError = ref<Failure['error'] | null>(null);
  const job = ref<JobView | null>(null);
  /** Parts of a contact the billing system did not save when it was created (sevdesk). */
  const contactIncomplete = ref<('address' | 'email')[]>([]);
  /** The tax case chosen for this invoice only (not remembered). */
  const invoiceTaxCase = ref<TaxCase | null>(null);

  const orders = computed<Order[]>(() => reads.value.flatMap((r) => (r.ok ? [r.order] : [])));
  const customers = computed<Customer[]>(() => [...new Map(orders.value.map((o) => [o.customer.id, o.customer])).values()]);
  const customer = computed<Customer | null>(() => draft.value?.customer ?? (customers.value.length === 1 ? customers.value[0]! : null));
  const provider = computed(() => context.value?.connection.provider ?? 'lexware');
  const rules = computed(() => PROVIDER_RULES[provider.value]);

  /** "E-invoice ready", or what is missing (null without a draft). */
  const readiness = computed(() => {
    const d = draft.value;
    if (!d || !context.value) return null;
    return draftReadiness(d, {
      eInvoice: context.value.settings.eInvoice,
      buyerReference: context.value.buyerReferences?.[d.customer.id],
      publicCustomer: context.value.publicCustomers?.[d.customer.id],
    });
  });

  const problems = computed<Problem[]>(() => {
    const found = [...(composition.value?.problems ?? [])];
    const notReady = readiness.value ? readinessProblem(readiness.value) : null;
    if (notReady) found.push(notReady);
    if (context.value && !context.value.connection.configured && !draft.value) found.push({ code: 'not-connected', severity: 'blocking', params: { provider: provider.value } });
    if (draft.value) found.push(...validateDraft(draft.value, { connected: context.value?.connection.configured ?? false }));
    for (const key of invalidInputs.value) {
      const [orderId, field] = key.split('|');
      const number = draft.value?.positions.find((p) => p.orderId === orderId)?.orderNumber ?? orderId!;
      found.push({ code: field === 'quantity' ? 'quantity-invalid' : 'price-invalid', severity: 'blocking', orderId: orderId!, params: { orderNumber: number } });
    }
    return found;
  });
  const blocked = computed(() => isBlocking(problems.value) || draft.value === null);
  const totals = computed(() => (draft.value ? computeTotals(draft.value.positions, draft.value.currency, rules.value.rounding) : null));

  function configure(environment: PanelEnvironment) {
    env = environment;
  }

  function need(): PanelEnvironment {
    if (!env) throw new Error('The panel store is not configured');
    return env;
  }

  function reset() {
    reads.value = [];
    context.value = null;
    include.value = [];
    exclude.value = [];
    composition.value = null;
    draft.value = null;
    for (const key of Object.keys(headerEdits)) delete headerEdits[key as keyof HeaderEdits];
    for (const key of Object.keys(positionEdits)) delete positionEdits[key];
    invalidInputs.value = [];
    loadError.value = null;
    submitError.value = null;
    job.value = null;
    contactIncomplete.value = [];
    invoiceTaxCase.value = null;
  }

  async function open(request: OpenRequest) {
    const e = need();
    reset();
    phase.value = 'loading';
    try {
      const url = e.url();
      const site = siteOf(e);
      // The page goes along: a recipe may read the selected rows themselves, or follow their links.
      reads.value = request.kind === 'detail' ? [asSiteOrder(e.adapter.readDetail(e.doc, url), site)] : await e.adapter.readOrders(request.ids, { origin: site, fetch: e.fetch, page: { document: e.doc, url } });
      context.value = await e.send('getInvoicingContext', {
        origin: site,
        customers: customers.value,
        orderIds: reads.value.map((r) => (r.ok ? r.order.id : r.id)),
      });
      e.onTexts?.(context.value.locale, context.value.texts);
      recompose();
      phase.value = 'preview';
    } catch (error) {
      loadError.value = failureOf(error);
      phase.value = 'error';
    }
  }

  function contactFor(customerId: string): ContactRef | null {
    return context.value?.links[customerId]?.contact ?? null;
  }

  function recompose() {
    const e = need();
    const ctx = context.value;
    if (!ctx) return;
    const first = customers.value[0];
    const result = compose({
      orders: orders.value,
      failures: reads.value.flatMap((r) => (r.ok ? [] : [r])),
      tms: { origin: siteOf(e), adapter: e.adapter.id },
      provider: ctx.connection.provider,
      connected: ctx.connection.configured,
      settings: ctx.settings,
      contact: first ? contactFor(first.id) : null,
      ...(first && ctx.taxCases[first.id] ? { taxCase: ctx.taxCases[first.id] } : {}),
      ...(invoiceTaxCase.value ? { invoiceTaxCase: invoiceTaxCase.value } : {}),
      invoiced: new Set(ctx.invoicedOrderIds),
      inProgress: new Set(ctx.inProgressOrderIds),
      include: new Set(include.value),
      exclude: new Set(exclude.value),
      today: ctx.today,
    });
    composition.value = result;
    draft.value = result.draft ? applyEdits(result.draft) : null;
  }

  function applyEdits(fresh: InvoiceDraft): InvoiceDraft {
    return applyDraftEdits(fresh, { header: headerEdits, positions: positionEdits });
  }

  /**
   * Opens the preview for orders read already, without reading the page again: a billing
   * run's planned invoice, with the changes the user made to it before.
   */
  function load(request: LoadRequest) {
    need();
    reset();
    reads.value = request.reads;
    context.value = request.context;
    include.value = [...(request.include ?? [])];
    if (request.edits) {
      Object.assign(headerEdits, { ...request.edits.header });
      for (const [orderId, patch] of Object.entries(request.edits.positions)) positionEdits[orderId] = { ...patch };
      invoiceTaxCase.value = request.edits.taxCase ?? null;
    }
    recompose();
    phase.value = 'preview';
  }

  /** Everything the user changed in this preview (the tax case only when chosen for this invoice). */
  const edits = computed<DraftEdits>(() => ({
    header: { ...headerEdits },
    positions: Object.fromEntries(Object.entries(positionEdits).map(([orderId, patch]) => [orderId, { ...patch }])),
    ...(invoiceTaxCase.value ? { taxCase: invoiceTaxCase.value } : {}),
  }));

  function editHeader(patch: HeaderEdits) {
    Object.assign(headerEdits, patch);
    if (draft.value) draft.value = applyEdits({ ...draft.value });
  }

  function editPosition(orderId: string, patch: PositionEdits) {
    positionEdits[orderId] = { ...positionEdits[orderId], ...patch };
    if (draft.value) draft.value = { ...draft.value, positions: draft.value.positions.map((p) => (p.orderId === orderId ? { ...p, ...patch } : p)) };
  }

  function markInput(orderId: string, field: 'price' | 'quantity', valid: boolean) {
    const key = `${orderId}|${field}`;
    const rest = invalidInputs.value.filter((k) => k !== key);
    invalidInputs.value = valid ? rest : [...rest, key];
  }

  function includeOrder(orderId: string) {
    include.value = [...new Set([...include.value, orderId])];
    recompose();
  }

  function leaveOut(orderId: string) {
    exclude.value = [...new Set([...exclude.value, orderId])];
    include.value = include.value.filter((id) => id !== orderId);
    invalidInputs.value = invalidInputs.value.filter((k) => !k.startsWith(`${orderId}|`));
    recompose();
  }

  function putBack(orderId: string) {
    exclude.value = exclude.value.filter((id) => id !== orderId);
    recompose();
  }

  async function searchContacts(query: string) {
    return need().send('searchContacts', { query });
  }

  /** Likely contacts for the preview's customer, each with the reason. */
  async function suggestContacts(): Promise<ResponseOf<'suggestContacts'>> {
    const c = customer.value;
    if (!c) return { ok: true, suggestions: [] };
    return need().send('suggestContacts', plain({ customer: c }));
  }

  function setLink(customerId: string, contact: ContactRef, contactCreatedAt?: string) {
    if (!context.value) return;
    context.value = { ...context.value, links: { ...context.value.links, [customerId]: { contact, ...(contactCreatedAt ? { contactCreatedAt } : {}) } } };
    recompose();
  }

  async function linkContact(contact: ContactRef): Promise<Failure['error'] | null> {
    const c = customer.value;
    if (!c) return null;
    const result = await need().send('linkCustomer', plain({ origin: siteOf(need()), customerId: c.id, contact }));
    if (!result.ok) return result.error;
    setLink(c.id, contact);
    return null;
  }

  async function createContact(): Promise<Failure['error'] | null> {
    const c = customer.value;
    if (!c) return null;
    const result = await need().send('createContact', plain({ origin: siteOf(need()), customer: c, requestId: newRequestId() }));
    if (!result.ok) return result.error;
    contactIncomplete.value = result.incomplete ?? [];
    setLink(c.id, { id: result.contact.id, name: result.contact.name }, result.createdAt);
    return null;
  }

  /**
   * Chooses the tax case: for this customer (remembered as its default, and this invoice
   * follows it) or for this invoice only.
   */
  async function chooseTaxCase(taxCase: TaxCase, scope: 'customer' | 'invoice' = 'customer'): Promise<Failure['error'] | null> {
    const c = customer.value;
    if (!c || !context.value) return null;
    if (scope === 'invoice') {
      invoiceTaxCase.value = taxCase;
      recompose();
      return null;
    }
    const result = await need().send('setTaxCase', { origin: siteOf(need()), customerId: c.id, taxCase });
    if (!result.ok) return result.error;
    invoiceTaxCase.value = null;
    context.value = { ...context.value, taxCases: { ...context.value.taxCases, [c.id]: taxCase } };
    recompose();
    return null;
  }

  /** Back to the classified case: the invoice's choice goes, and the customer's is forgotten. */
  async function clearTaxCase(): Promise<Failure['error'] | null> {
    const c = customer.value;
    if (!c || !context.value) return null;
    invoiceTaxCase.value = null;
    if (context.value.taxCases[c.id]) {
      const result = await need().send('setTaxCase', { origin: siteOf(need()), customerId: c.id, taxCase: null });
      if (!result.ok) return result.error;
      const { [c.id]: _forgotten, ...rest } = context.value.taxCases;
      context.value = { ...context.value, taxCases: rest };
    }
    recompose();
    return null;
  }

  const tax = computed(() => composition.value?.tax ?? null);

  /** Remembers the customer's buyer reference (BT-10) for its e-invoices. */
  async function setBuyerReference(buyerReference: string): Promise<Failure['error'] | null> {
    const c = customer.value;
    if (!c || !context.value) return null;
    const value = buyerReference.trim();
    const result = await need().send('setBuyerReference', { origin: siteOf(need()), customerId: c.id, buyerReference: value || null });
    if (!result.ok) return result.error;
    const { [c.id]: _old, ...others } = context.value.buyerReferences ?? {};
    context.value = { ...context.value, buyerReferences: value ? { ...others, [c.id]: value } : others };
    return null;
  }

  /** Marks the customer as a public authority with its Leitweg-ID (null: no longer public). */
  async function setPublicCustomer(publicCustomer: PublicCustomer | null): Promise<Failure['error'] | null> {
    const c = customer.value;
    if (!c || !context.value) return null;
    const result = await need().send('setPublicCustomer', { origin: siteOf(need()), customerId: c.id, publicCustomer });
    if (!result.ok) return result.error;
    const { [c.id]: _old, ...others } = context.value.publicCustomers ?? {};
    const { [c.id]: _reference, ...references } = context.value.buyerReferences ?? {};
    context.value = {
      ...context.value,
      publicCustomers: publicCustomer ? { ...others, [c.id]: publicCustomer } : others,
      // The Leitweg-ID is the public customer's buyer reference; switching off keeps it.
      buyerReferences: publicCustomer ? { ...references, [c.id]: publicCustomer.leitwegId } : (context.value.buyerReferences ?? {}),
    };
    return null;
  }

  /** Downloads the created invoice's e-invoice XML or PDF (the result view's buttons). */
  async function downloadInvoiceFile(format: RequestOf<'downloadEInvoice'>['format']): Promise<Failure['error'] | null> {
    const current = job.value;
    if (!current?.invoice) return null;
    try {
      const result = await need().send('downloadEInvoice', { provider: current.provider, invoiceId: current.invoice.id, format });
      if (!result.ok) return result.error;
      downloadBase64File(result.fileName, result.base64, result.mimeType, need().doc);
      return null;
    } catch (error) {
      return failureOf(error);
    }
  }

  /** Opens the options page at the e-invoice settings (the preview's fix for the user's own data). */
  async function openEInvoiceSettings(): Promise<Failure['error'] | null> {
    const result = await need().send('openOptions', { section: 'e-invoice' });
    return result.ok ? null : result.error;
  }

  /**
   * Opens the options page at the TMS sites, where "Grant access to …" asks for an address a
   * recipe reads (a TMS page can't ask the browser for a permission; an extension page can).
   */
  async function openSiteSettings(): Promise<Failure['error'] | null> {
    const result = await need().send('openOptions', { section: 'sites' });
    return result.ok ? null : result.error;
  }

  async function submit() {
    if (!draft.value || blocked.value) return;
    phase.value = 'submitting';
    submitError.value = null;
    try {
      const result = await need().send('createInvoice', plain({ draft: draft.value, allowReinvoice: include.value, requestId: newRequestId() }));
      if (result.ok) {
        job.value = result.job;
        phase.value = 'job';
        armWatchdog();
      } else {
        submitError.value = result.error;
        phase.value = 'preview';
      }
    } catch (error) {
      submitError.value = failureOf(error);
      phase.value = 'preview';
    }
  }

  /**
   * Pushes from the background carry the job's progress. A push can be missed (the worker
   * was replaced, the tab was busy), so while a job runs a watchdog asks once after
   * MISSED_UPDATE_MS without news, and again after each further quiet spell: no polling
   * while pushes arrive.
   */
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  function armWatchdog() {
    clearTimeout(watchdog);
    watchdog = undefined;
    if (!jobActive.value) return;
    watchdog = setTimeout(() => {
      watchdog = undefined;
      void refreshJob()
        .catch(() => undefined)
        .finally(armWatchdog);
    }, MISSED_UPDATE_MS);
  }

  /** A push from the background, or the watchdog's answer: the job moved. */
  function jobUpdated(view: JobView) {
    if (job.value && job.value.id === view.id && view.updatedAt >= job.value.updatedAt) {
      job.value = view;
      armWatchdog();
    }
  }

  async function refreshJob() {
    if (!job.value) return;
    const { job: view } = await need().send('getJob', { jobId: job.value.id });
    if (view) jobUpdated(view);
  }

  async function resolveJob(action: RequestOf<'resolveJob'>['action']) {
    if (!job.value) return;
    const result = await need().send('resolveJob', { jobId: job.value.id, action });
    if (result.ok) {
      job.value = result.job;
      armWatchdog();
    } else submitError.value = result.error;
  }

  /** Back from a failed job to the preview, edits intact, to correct and send again. */
  function backToPreview() {
    job.value = null;
    armWatchdog();
    phase.value = 'preview';
  }

  const jobActive = computed(() => job.value !== null && ACTIVE_JOB_STATES.has(job.value.state));

  function close() {
    phase.value = 'closed';
  }

  /** The tab goes away: no watchdog outlives its panel. */
  function dispose() {
    clearTimeout(watchdog);
    watchdog = undefined;
  }

  return {
    phase,
    reads,
    context,
    composition,
    draft,
    problems,
    blocked,
    totals,
    customer,
    customers,
    provider,
    rules,
    include,
    exclude,
    invalidInputs,
    loadError,
    submitError,
    job,
    jobActive,
    contactIncomplete,
    chooseTaxCase,
    clearTaxCase,
    invoiceTaxCase,
    tax,
    readiness,
    setBuyerReference,
    setPublicCustomer,
    openEInvoiceSettings,
    openSiteSettings,
    downloadInvoiceFile,
    configure,
    open,
    load,
    edits,
    editHeader,
    editPosition,
    markInput,
    includeOrder,
    leaveOut,
    putBack,
    searchContacts,
    suggestContacts,
    linkContact,
    createContact,
    submit,
    jobUpdated,
    refreshJob,
    resolveJob,
    backToPreview,
    close,
    dispose,
  };
}

export type PanelStore = UnwrapNestedRefs<ReturnType<typeof setupPanelStore>>;

const storeKey: InjectionKey<PanelStore> = Symbol('invoice-panel');

/**
 * The panel's store for one TMS tab. A setup function made reactive (refs unwrapped, as in
 * Pinia) and provided to the apps that show it: the content script runs in every TMS tab,
 * and this saves it the weight of Pinia, which the extension pages use.
 */
export function createPanelStore(): PanelStore & { install: (app: App) => void } {
  const scope = effectScope(true);
  const store = reactive(scope.run(setupPanelStore)!) as PanelStore;
  return Object.assign(store, { install: (app: App) => void app.provide(storeKey, store) });
}

/** Shows `store` to the components below the caller instead of the tab's own store (a run's planned invoice). */
export function providePanelStore(store: PanelStore): void {
  provide(storeKey, store);
}

export function usePanelStore(): PanelStore {
  const store = inject(storeKey);
  if (!store) throw new Error('usePanelStore() needs createPanelStore() installed on the app');
  return store;
}
