/**
 * The one message protocol between the extension's contexts. Every message type has a
 * valibot schema for its request and its response; receivers validate before use, senders
 * validate answers. Built on @webext-core/messaging.
 */
import * as v from 'valibot';
import { defineExtensionMessaging, type Logger } from '@webext-core/messaging';
import { browser, type Browser } from 'wxt/browser';
import { ContactRefSchema, InvoiceDraftSchema } from './domain/invoice';
import { CustomerSchema, HttpUrlSchema, MAX_ORDER_TEXT, OrderSchema } from './domain/order';
import { ORDER_FIELD_NAMES, READ_PROBLEM_CODES } from './domain/read-problem';
import { TAX_CASES } from './domain/tax';
import { PublicCustomerSchema, StoredPublicCustomerSchema } from './domain/public-customer';
import { isIsoDate } from './domain/dates';
import { JobViewSchema } from './jobs/job';
import { BillingRunSchema } from './jobs/billing-run';
import { BILLING_MODES, COLLECTIVE_PERIODS } from './domain/billing-run';
import { ExtraFieldSchema, InvoiceSettingsSchema } from './domain/settings';

import { AdapterIdSchema, perProvider, ProviderIdSchema, type ProviderId } from './domain/ids';
import { BookFilterSchema, BookNumberSchema, BookRowSchema, BookTotalsSchema } from './book/view';
import { SORT_COLUMNS } from './book/query';
import { BOOK_STATUSES, ExportFormatSchema, IsoDateSchema } from './book/schema';
import { ExportSettingsSchema } from './book/export/settings-schema';
import { DETAIL_FIELDS, SUMMARY_FIELDS } from './tms/recipe/builder/fields';

export { ProviderIdSchema, type ProviderId };

const LocaleSchema = v.picklist(['de', 'en']);
const BookDaySchema = v.pipe(v.string(), v.check(isIsoDate, 'Expected a date as YYYY-MM-DD'));

/** What a problem looks like on the wire: a code the UI translates, plus parameters. */
export const ErrorInfoSchema = v.object({
  code: v.pipe(v.string(), v.maxLength(100)),
  message: v.pipe(v.string(), v.maxLength(2000)),
});

export const ConnectionSchema = v.object({
  provider: ProviderIdSchema,
  configured: v.boolean(),
});

/** A refusal the UI can put into words: a code (translated) plus details. */
export const FailureSchema = v.object({
  ok: v.literal(false),
  error: v.object({
    code: v.pipe(v.string(), v.maxLength(100)),
    message: v.pipe(v.string(), v.maxLength(2000)),
    status: v.optional(v.number()),
    fields: v.optional(v.array(v.object({ field: v.string(), key: v.string() }))),
    orderNumbers: v.optional(v.array(v.string())),
  }),
});
export type Failure = v.InferOutput<typeof FailureSchema>;
export type Connection = v.InferOutput<typeof ConnectionSchema>;

const result = <T extends v.ObjectEntries>(entries: T) => v.variant('ok', [v.object({ ok: v.literal(true), ...entries }), FailureSchema]);

export const BillingContactSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  name: v.pipe(v.string(), v.maxLength(MAX_ORDER_TEXT)),
  customerNumber: v.optional(v.pipe(v.string(), v.maxLength(50))),
  email: v.optional(v.pipe(v.string(), v.maxLength(300))),
  vatId: v.optional(v.pipe(v.string(), v.maxLength(50))),
  city: v.optional(v.pipe(v.string(), v.maxLength(200))),
  countryCode: v.optional(v.pipe(v.string(), v.maxLength(10))),
});

export { ExtraFieldSchema, InvoiceSettingsSchema };

export const PaymentMethodSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^\d{1,18}$/)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
});

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const Origin = v.pipe(v.string(), v.url(), v.maxLength(200));

export const ResolveActionSchema = v.variant('kind', [
  v.object({ kind: v.literal('use-invoice'), invoiceId: Id }),
  v.object({ kind: v.literal('send-again') }),
  v.object({ kind: v.literal('retry-write-back') }),
  v.object({ kind: v.literal('dismiss') }),
]);

const PanelTextsSchema = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(100)), v.union([v.pipe(v.string(), v.maxLength(2000)), v.object({ one: v.string(), other: v.string() })])),
  v.check((t) => Object.keys(t).length <= 2000, 'too many texts'),
);

/** A line of the export log as pages see it (without the file's content). */
export const ExportLogRowSchema = v.object({
  id: Id,
  fileName: v.string(),
  createdAt: v.string(),
  format: ExportFormatSchema,
  mode: v.picklist(['range', 'new', 'rerun']),
  range: v.nullable(v.object({ from: IsoDateSchema, to: IsoDateSchema })),
  recordCount: v.number(),
  /** The "Replaced?" mark: a later re-run handed this file out again. */
  replaced: v.boolean(),
  rerunOf: v.nullable(v.string()),
});
export type ExportLogRowView = v.InferOutput<typeof ExportLogRowSchema>;

/** A file to download: its exact bytes as base64 (runtime messages carry JSON, not byte arrays). */
export const ExportFileSchema = v.object({
  fileName: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  mimeType: v.string(),
  base64: v.string(),
});
export type ExportFileView = v.InferOutput<typeof ExportFileSchema>;

/** A problem an export's check found, by file row and field. */
export const ExportProblemSchema = v.object({ row: v.number(), field: v.string(), message: v.string() });

export const ExportOutcomeSchema = v.variant('kind', [
  v.object({ kind: v.literal('exported'), entries: v.array(ExportLogRowSchema), files: v.array(ExportFileSchema) }),
  v.object({ kind: v.literal('nothing') }),
  v.object({ kind: v.literal('recent'), previous: ExportLogRowSchema, count: v.number() }),
  v.object({ kind: v.literal('invalid'), problems: v.pipe(v.array(ExportProblemSchema), v.maxLength(100)) }),
]);
export type ExportOutcomeView = v.InferOutput<typeof ExportOutcomeSchema>;

/** The size of one recipe test on the wire: a 2 MB page plus its expected orders. */
const MAX_RECIPE_TEST_CHARS = 2_500_000;

export const protocol = {
  /** Any context asks whether the background is alive and which build it is. */
  ping: {
    request: v.undefined_(),
    response: v.object({ version: v.string(), sandbox: v.boolean() }),
  },
  /** The content script asks what it needs to show the action and the panel. */
  getPanelContext: {
    request: v.object({ origin: v.pipe(v.string(), v.url(), v.maxLength(200)) }),
    response: v.object({
      locale: LocaleSchema,
      connection: ConnectionSchema,
      unitName: v.string(),
      /** The panel's texts in the user's language (the content script bundles none). */
      texts: PanelTextsSchema,
    }),
  },
  /** The popup asks for the state it shows. */
  getStatus: {
    request: v.undefined_(),
    response: v.object({ locale: LocaleSchema, connection: ConnectionSchema }),
  },
  /**
   * The preview asks for what the page cannot know: settings, customer links, tax cases,
   * and which orders the ledger or a running job already covers.
   */
  getInvoicingContext: {
    request: v.object({ origin: Origin, customers: v.pipe(v.array(CustomerSchema), v.maxLength(1000)), orderIds: v.pipe(v.array(Id), v.maxLength(5000)) }),
    response: v.object({
      locale: LocaleSchema,
      connection: ConnectionSchema,
      settings: InvoiceSettingsSchema,
      links: v.record(v.string(), v.object({ contact: ContactRefSchema, contactCreatedAt: v.optional(v.string()), billingMode: v.optional(v.picklist(BILLING_MODES)) })),
      taxCases: v.record(v.string(), v.picklist(TAX_CASES)),
      /** Buyer references (BT-10) per customer id, where the user set one. */
      buyerReferences: v.optional(v.record(v.string(), v.string())),
      /** Public customers (XRechnung) per customer id: Leitweg-ID and our supplier number there. */
      publicCustomers: v.optional(v.record(v.string(), StoredPublicCustomerSchema)),
      /** The panel's texts come with the context: opening the preview is one message. */
      texts: PanelTextsSchema,
      invoicedOrderIds: v.array(v.string()),
      inProgressOrderIds: v.array(v.string()),
      today: v.string(),
    }),
  },
  searchContacts: {
    request: v.object({ query: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)) }),
    response: result({ contacts: v.array(BillingContactSchema) }),
  },
  /** Creates a billing contact from the TMS customer's data and links it. */
  createContact: {
    /** `requestId`: one per click, so a request repeated after a worker restart creates no second contact. */
    request: v.object({ origin: Origin, customer: CustomerSchema, requestId: v.optional(Id) }),
    response: result({
      contact: BillingContactSchema,
      createdAt: v.string(),
      /** The contact exists and is linked, but parts of it could not be saved. */
      incomplete: v.optional(v.array(v.picklist(['address', 'email']))),
    }),
  },
  linkCustomer: {
    request: v.object({ origin: Origin, customerId: Id, contact: ContactRefSchema }),
    response: result({}),
  },
  /** The user chose the tax case for a customer; it becomes that customer's default. */
  setTaxCase: {
    /** null: the customer's case is chosen automatically again. */
    request: v.object({ origin: Origin, customerId: Id, taxCase: v.nullable(v.picklist(TAX_CASES)) }),
    response: result({}),
  },
  /** The customer's buyer reference for e-invoices (BT-10); null forgets it. */
  setBuyerReference: {
    request: v.object({ origin: Origin, customerId: Id, buyerReference: v.nullable(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200))) }),
    response: result({}),
  },
  /**
   * Marks a customer as a public authority with its Leitweg-ID (which becomes its buyer
   * reference) and our supplier number there; null: no longer a public customer.
   */
  setPublicCustomer: {
    request: v.object({ origin: Origin, customerId: Id, publicCustomer: v.nullable(PublicCustomerSchema) }),
    response: result({}),
  },
  /** Opens the options page (from the preview's fixes), at a section. */
  openOptions: {
    request: v.object({ section: v.optional(v.picklist(['e-invoice', 'sites'])) }),
    response: result({}),
  },
  createInvoice: {
    /** `requestId`: one per Save click, so a request repeated after a worker restart finds its job. */
    request: v.object({ draft: InvoiceDraftSchema, allowReinvoice: v.pipe(v.array(Id), v.maxLength(1000)), requestId: v.optional(Id) }),
    response: result({ job: JobViewSchema, reused: v.boolean() }),
  },
  getJob: {
    request: v.object({ jobId: Id }),
    response: v.object({ job: v.nullable(JobViewSchema) }),
  },
  resolveJob: {
    request: v.object({ jobId: Id, action: ResolveActionSchema }),
    response: result({ job: JobViewSchema }),
  },
  /** Options: which keys are saved (never the keys themselves). */
  getKeyStatus: {
    request: v.undefined_(),
    response: perProvider(v.object({ saved: v.boolean(), savedAt: v.optional(v.string()) })),
  },
  /**
   * Options: keeps the key the page left in `pendingApiKey` after checking it against the
   * billing system. The message itself carries no key.
   */
  saveApiKey: {
    request: v.object({ provider: ProviderIdSchema }),
    response: result({ companyName: v.string() }),
  },
  removeApiKey: {
    request: v.object({ provider: ProviderIdSchema }),
    response: result({}),
  },
  testConnection: {
    /** `cached`: an answer from the last few minutes will do (the popup, on every opening). */
    request: v.object({ provider: ProviderIdSchema, cached: v.optional(v.boolean()) }),
    response: result({ companyName: v.string() }),
  },
  /**
   * Popup: the TMS customers the extension has seen, those on the active tab first, each
   * with its link in the active billing system.
   */
  listCustomers: {
    request: v.object({ activeTabId: v.nullable(v.pipe(v.number(), v.integer())) }),
    response: v.object({
      provider: ProviderIdSchema,
      customers: v.array(
        v.object({
          origin: Origin,
          customer: CustomerSchema,
          onActiveTab: v.boolean(),
          seenAt: v.string(),
          link: v.nullable(v.object({ contact: ContactRefSchema, linkedAt: v.string(), billingMode: v.optional(v.picklist(BILLING_MODES)), period: v.optional(v.picklist(COLLECTIVE_PERIODS)) })),
          /** Set for a public customer (XRechnung). */
          publicCustomer: v.optional(StoredPublicCustomerSchema),
        }),
      ),
    }),
  },
  /** Background → a TMS tab: which customers does this page show? */
  getPageCustomers: {
    request: v.undefined_(),
    response: v.object({ customers: v.pipe(v.array(CustomerSchema), v.maxLength(1000)) }),
  },
  /**
   * Background → an open TMS tab of a recipe site with automatic drafts on (a recipe's list
   * is a page, not an API the background can ask): the delivered, not cancelled orders the
   * tab can list (the list on screen, or the recipe's list page fetched with the tab's
   * session), each read through the recipe. The background decides what is due.
   */
  readDeliveredInTab: {
    request: v.object({ origin: Origin, from: BookDaySchema, to: BookDaySchema }),
    response: v.variant('ok', [
      v.object({
        ok: v.literal(true),
        reads: v.pipe(
          v.array(
            v.variant('ok', [
              v.object({ ok: v.literal(true), order: OrderSchema }),
              v.object({
                ok: v.literal(false),
                id: Id,
                number: v.optional(v.pipe(v.string(), v.maxLength(100))),
                problems: v.pipe(
                  v.array(v.object({ code: v.picklist(READ_PROBLEM_CODES), field: v.optional(v.picklist(ORDER_FIELD_NAMES)), limit: v.optional(v.number()) })),
                  v.maxLength(50),
                ),
              }),
            ]),
          ),
          v.maxLength(5000),
        ),
      }),
      v.object({ ok: v.literal(false), reason: v.picklist(['session-expired', 'tms-unreachable', 'unexpected-answer', 'no-list']) }),
    ]),
  },
  /**
   * Background → an open TMS tab of a recipe that needs the page (a header from a `<meta>` or
   * cookie, or the page's captured sign-in): record the invoice on one order from there. The
   * tab answers only for the recipe and revision it runs; the values it reads stay in the tab.
   */
  recordInTmsTab: {
    request: v.object({
      recipeId: v.pipe(v.string(), v.uuid()),
      revision: v.pipe(v.number(), v.integer(), v.minValue(1)),
      origin: Origin,
      orderId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
      invoice: v.object({
        provider: ProviderIdSchema,
        providerName: v.pipe(v.string(), v.maxLength(100)),
        invoiceId: v.pipe(v.string(), v.maxLength(200)),
        invoiceNumber: v.optional(v.pipe(v.string(), v.maxLength(100))),
        url: v.pipe(v.string(), v.url(), v.maxLength(2000)),
      }),
    }),
    response: v.union([
      v.object({ ok: v.literal(true), alreadyRecorded: v.boolean() }),
      v.object({ ok: v.literal(false), retryable: v.boolean(), reason: v.picklist(['session-expired', 'unreachable', 'not-found', 'rejected', 'invoice-number-missing']), detail: v.optional(v.pipe(v.string(), v.maxLength(500))) }),
    ]),
  },
  /** Likely billing contacts for a TMS customer, each with the reason it was suggested. */
  suggestContacts: {
    request: v.object({ customer: CustomerSchema }),
    response: result({
      suggestions: v.array(
        v.object({
          contact: BillingContactSchema,
          reason: v.picklist(['vat-id', 'name', 'customer-number']),
          /** What matched, e.g. the VAT ID or the normalised name. */
          detail: v.pipe(v.string(), v.maxLength(300)),
        }),
      ),
    }),
  },
  unlinkCustomer: {
    request: v.object({ origin: Origin, customerId: Id }),
    response: result({}),
  },
  /** A linked customer's choice for billing runs: one collective invoice per run, or one per order. */
  setBillingMode: {
    /** `period`: how long a collective invoice collects orders (automatic drafts); kept when not given. */
    request: v.object({ origin: Origin, customerId: Id, mode: v.picklist(BILLING_MODES), period: v.optional(v.picklist(COLLECTIVE_PERIODS)) }),
    response: result({}),
  },
  /** Options: the TMS sites and whether each is granted and active. */
  getSites: {
    request: v.undefined_(),
    response: v.object({
      sites: v.array(v.object({ origin: Origin, addedAt: v.string(), adapter: Id, granted: v.boolean(), active: v.boolean(), writePaid: v.optional(v.boolean()) })),
      /** The shipped adapters a site can be read with (the options page bundles no adapter). */
      adapters: v.array(v.object({ id: Id, name: v.string() })),
    }),
  },
  /** Content script, on start: which adapter serves this site (null: not a TMS site). */
  getSiteAdapter: {
    request: v.object({ origin: Origin }),
    /**
     * A recipe site gets its recipe (without its saved test pages): content scripts cannot
     * read storage. It is validated with RecipeSchema by the recipe engine's script, the only
     * one that carries the schema (TMS tabs of code adapters don't load it).
     */
    response: v.object({
      adapter: v.nullable(Id),
      recipe: v.optional(v.pipe(v.unknown(), v.check((r) => typeof r === 'object' && r !== null, 'a recipe is an object'))),
      /**
       * The TMS site the page speaks for, when it is not the page's own origin: a detail frame
       * on a recipe's second origin. Its messages and its orders carry this origin.
       */
      siteOrigin: v.optional(Origin),
    }),
  },
  /** Options: adds a site after the page obtained its host permission. */
  addSite: {
    request: v.object({ origin: Origin, adapter: v.optional(AdapterIdSchema) }),
    response: result({}),
  },
  /** Options: the stored site recipes, summarised (never their saved pages). */
  getRecipes: {
    request: v.undefined_(),
    response: v.object({
      recipes: v.array(
        v.object({
          id: v.string(),
          name: v.string(),
          revision: v.number(),
          sites: v.array(v.string()),
          /** Further origins it reads (a detail frame's), asked for together with its sites. */
          extraOrigins: v.optional(v.array(v.string())),
          writeBack: v.object({ mode: v.picklist(['ledger', 'http', 'instructions']), enabled: v.optional(v.boolean()), method: v.optional(v.string()), url: v.optional(v.string()) }),
          paused: v.boolean(),
          tests: v.number(),
          savedAt: v.string(),
        }),
      ),
    }),
  },
  /** Options: keeps a recipe the user reviewed (an imported HTTP write-back stays off). */
  saveRecipe: {
    // Validated with RecipeSchema by the handler (validateRecipe names each bad field): the
    // protocol module stays free of the recipe schema, which content scripts need not carry.
    request: v.object({ recipe: v.pipe(v.unknown(), v.check((r) => typeof r === 'object' && r !== null, 'a recipe is an object')), imported: v.boolean() }),
    response: result({}),
  },
  /** Options: one stored recipe whole, saved pages included (for its export file). */
  getRecipe: {
    request: v.object({ id: v.pipe(v.string(), v.uuid()) }),
    // Validated with RecipeSchema by the options page, as saveRecipe's request is by the handler.
    response: v.object({ recipe: v.nullable(v.pipe(v.unknown(), v.check((r) => typeof r === 'object' && r !== null, 'a recipe is an object'))) }),
  },
  /**
   * The builder's "Save as test": one redacted page with its expected orders joins a stored
   * recipe's tests (a test of the same name is replaced; the revision stays). Sent from the
   * TMS page, so it is allowed there: capped in size here, validated with RecipeTestSchema by
   * the handler, and only for a recipe that names the page's own site.
   */
  addRecipeTest: {
    request: v.object({
      recipeId: v.pipe(v.string(), v.uuid()),
      test: v.pipe(
        v.unknown(),
        v.check((t) => typeof t === 'object' && t !== null && !Array.isArray(t), 'a test is an object'),
        // A saved page may have 2 MB (RecipeTestSchema); its expected orders come on top.
        v.check((t) => JSON.stringify(t).length <= MAX_RECIPE_TEST_CHARS, 'a test must be at most 2.5 MB'),
      ),
    }),
    response: result({ tests: v.number() }),
  },
  /** Options: the user turns a recipe's HTTP write-back on (after reading what it sends) or off. */
  setRecipeWriteBack: {
    request: v.object({ id: v.pipe(v.string(), v.uuid()), enabled: v.boolean() }),
    response: result({}),
  },
  removeRecipe: {
    request: v.object({ id: v.pipe(v.string(), v.uuid()) }),
    response: result({}),
  },
  /** Popup: "Teach this TMS" opens the builder in that tab (a TMS site the user added). */
  openBuilder: {
    request: v.object({ tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
    response: result({}),
  },
  /** The builder in a TMS tab: its draft (validated by its owner) and its texts. */
  getBuilder: {
    request: v.undefined_(),
    response: v.object({ draft: v.nullable(v.pipe(v.unknown(), v.check((d) => typeof d === 'object', 'a draft is an object'))), locale: LocaleSchema, texts: PanelTextsSchema }),
  },
  /** The builder keeps what it was taught (checked with BuilderDraftSchema by the handler). */
  putBuilder: {
    request: v.object({ draft: v.pipe(v.unknown(), v.check((d) => typeof d === 'object' && d !== null && JSON.stringify(d).length <= 200_000, 'a draft is an object of at most 200 kB')) }),
    response: result({}),
  },
  closeBuilder: {
    request: v.undefined_(),
    response: result({}),
  },
  /**
   * The builder on a list page saw one of its frames load (a detail view that opens in a frame):
   * the builder goes into the tab's frames; `handedOff` when one of them took over the teaching.
   */
  openBuilderInFrames: {
    request: v.undefined_(),
    response: result({ handedOff: v.boolean() }),
  },
  /** The builder in a frame on another origin: "Reload page" reloads its tab (the frame can't reload the page around it). */
  reloadBuilderTab: {
    request: v.undefined_(),
    response: result({}),
  },
  /**
   * The list page's builder: the user followed an order into the page's frame on `origin` (a
   * second origin). `granted`: the builder can enter it; else the background keeps it for the
   * popup, whose click asks the browser (a TMS page can't ask for a permission).
   */
  builderFrameAccess: {
    request: v.object({ origin: Origin }),
    response: result({ granted: v.boolean() }),
  },
  /** Popup: the second origin a tab's builder waits for the user to grant (null: none). */
  getBuilderFrameAccess: {
    request: v.object({ tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
    response: v.object({ origin: v.nullable(Origin) }),
  },
  /**
   * A recipe site's list page: which of its rows the ledger holds an invoice for, with the
   * badge text in the user's language (the ledger write-back leaves the TMS unchanged).
   */
  getLedgerMarks: {
    request: v.object({ origin: Origin, orderIds: v.pipe(v.array(Id), v.maxLength(500)) }),
    // invoiceNumber: for a recipe's `instructions` write-back, the number the user enters into the TMS.
    response: v.object({ marks: v.array(v.object({ orderId: Id, text: v.pipe(v.string(), v.maxLength(300)), invoiceNumber: v.optional(v.pipe(v.string(), v.maxLength(100))) })) }),
  },
  /** A TMS page needs its panel (first selection, detail page, job update): injected into its own tab and frame. */
  loadPanel: {
    request: v.undefined_(),
    response: result({}),
  },
  /** A recipe page whose health is amber or red: "Teach this TMS again" opens the builder on its own tab. */
  teachAgain: {
    request: v.undefined_(),
    response: result({}),
  },
  /**
   * A recipe page whose health finds one list column amber or red: "Re-teach this field" opens
   * the builder on its own tab at that column only (the site's recipe, checked by the handler).
   */
  reteachField: {
    // A list column (`field`) or, on a detail page, an order field (`detailField`).
    request: v.union([v.object({ field: v.picklist(SUMMARY_FIELDS) }), v.object({ detailField: v.picklist(DETAIL_FIELDS) })]),
    response: result({}),
  },
  /**
   * The builder's "Run tests": the saved tests of the recipe its tab is teaching (only its own
   * tab's, only for its own site), each validated with RecipeTestSchema by the builder.
   */
  getBuilderTests: {
    request: v.undefined_(),
    response: v.object({ tests: v.pipe(v.array(v.unknown()), v.maxLength(100)) }),
  },
  /** The builder's "Save recipe": made from the stored draft, never from what the page sends. */
  saveBuiltRecipe: {
    request: v.undefined_(),
    response: result({}),
  },
  /** Options: which adapter or recipe reads a site. */
  setSiteAdapter: {
    request: v.object({ origin: Origin, adapter: Id }),
    response: result({}),
  },
  /** Options: removes a site, its content script and its permission. */
  removeSite: {
    request: v.object({ origin: Origin }),
    response: result({}),
  },
  /** Popup: jobs in progress and the last invoices. */
  getActivity: {
    request: v.undefined_(),
    response: v.object({
      jobs: v.array(JobViewSchema),
      recent: v.array(
        v.object({
          provider: ProviderIdSchema,
          invoiceId: v.string(),
          invoiceNumber: v.nullable(v.string()),
          url: HttpUrlSchema,
          customerName: v.string(),
          orderNumbers: v.array(v.string()),
          grossMinor: v.optional(v.number()),
          currency: v.string(),
          createdAt: v.string(),
          /** Payment status as the invoice book last read it. */
          status: v.optional(v.picklist(BOOK_STATUSES)),
        }),
      ),
    }),
  },
  /** Background → the tab that started a job: the job moved. */
  jobUpdated: {
    request: v.object({ job: JobViewSchema }),
    response: v.undefined_(),
  },
  /**
   * The run review's "Start billing run": one draft per planned invoice (keyed by the plan),
   * the orders set aside with their reasons. `requestId` as for createInvoice.
   */
  startBillingRun: {
    request: v.object({
      origin: Origin,
      invoices: v.pipe(
        v.array(v.object({ key: v.pipe(v.string(), v.minLength(1), v.maxLength(20_000)), draft: InvoiceDraftSchema, split: v.optional(v.object({ part: v.number(), of: v.number() })) })),
        v.minLength(1),
        v.maxLength(2000),
      ),
      setAside: v.pipe(v.array(v.object({ id: Id, number: v.pipe(v.string(), v.maxLength(100)), reason: v.pipe(v.string(), v.maxLength(100)) })), v.maxLength(10_000)),
      allowReinvoice: v.pipe(v.array(Id), v.maxLength(10_000)),
      requestId: v.optional(Id),
    }),
    response: result({ run: BillingRunSchema }),
  },
  /** A run by its id; without one, the newest run whose report was not dismissed. */
  getBillingRun: {
    request: v.object({ runId: v.optional(Id) }),
    response: v.object({ run: v.nullable(BillingRunSchema) }),
  },
  /** Pause, resume, cancel (the invoice in flight finishes), or send the failed invoices again. */
  controlBillingRun: {
    request: v.object({ runId: Id, action: v.picklist(['pause', 'resume', 'cancel', 'retry-failed', 'dismiss']) }),
    response: result({ run: BillingRunSchema }),
  },
  /** Background → the tab that started a run: the run moved. */
  billingRunUpdated: {
    request: v.object({ run: BillingRunSchema }),
    response: v.undefined_(),
  },
  /**
   * The invoice book page: one page of the list (the fields it shows, the status as it reads
   * today) and how many rows match. The totals are asked apart (`bookTotals`).
   */
  queryBook: {
    request: v.object({
      filter: BookFilterSchema,
      sort: v.object({ column: v.picklist(SORT_COLUMNS), direction: v.picklist(['asc', 'desc']) }),
      offset: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
      limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)),
    }),
    response: result({
      rows: v.array(BookRowSchema),
      total: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
      /** The day the statuses were computed for ("overdue" follows from it). */
      today: IsoDateSchema,
      /** The old ledger could not be moved into the book (it was kept). */
      migrationFailed: v.nullable(v.object({ at: v.string(), reason: v.pipe(v.string(), v.maxLength(2000)) })),
    }),
  },
  /**
   * The book page: the totals per currency of every row a filter matches. Asked apart from the
   * first rows, because it reads every matching row (all of them without a filter), and the
   * list must not wait for that.
   */
  bookTotals: {
    request: v.object({ filter: BookFilterSchema }),
    response: result({ totals: v.array(BookTotalsSchema) }),
  },
  /** The book page: an invoice's orders, each with a link to it in the TMS where one can be made. */
  bookOrders: {
    request: v.object({ invoiceKey: v.pipe(v.string(), v.minLength(1), v.maxLength(300)) }),
    response: result({
      orders: v.array(v.object({ origin: Origin, orderId: Id, orderNumber: v.pipe(v.string(), v.maxLength(200)), url: v.nullable(HttpUrlSchema) })),
    }),
  },
  /** The book page's customer filter: every customer the book holds an invoice for. */
  bookCustomers: {
    request: v.undefined_(),
    response: result({ customers: v.array(v.object({ key: v.pipe(v.string(), v.minLength(1), v.maxLength(300)), name: v.pipe(v.string(), v.maxLength(MAX_ORDER_TEXT)) })) }),
  },
  /** The popup's "Invoice book" (and an order's ledger badge): opens the book, or brings its tab forward, searching for a number. */
  openBook: {
    request: v.object({ invoiceNumber: v.optional(BookNumberSchema), orderNumber: v.optional(BookNumberSchema) }),
    response: result({}),
  },
  // ---- Exports of the invoice book (#17): extension pages only (none is in FROM_TMS_PAGES) ----
  /** The export settings, DATEV's defaults standing in until the user saved them (`datevSaved`). */
  getExportSettings: {
    request: v.undefined_(),
    response: v.object({ settings: ExportSettingsSchema, datevSaved: v.boolean() }),
  },
  /** Checked by the handler, so a refusal names the field (`fields`) instead of dropping the message. */
  saveExportSettings: {
    request: v.object({ settings: v.pipe(v.unknown(), v.check((s) => typeof s === 'object' && s !== null && JSON.stringify(s).length <= 20_000, 'settings are an object')) }),
    response: result({}),
  },
  /** "Export new documents (N new)": the count, and an export of new documents in this format within 24 hours. */
  planBookExport: {
    request: v.object({ format: ExportFormatSchema }),
    response: result({ count: v.number(), previous: v.nullable(ExportLogRowSchema) }),
  },
  /** Export new documents (`ignoreRecent` after the 24-hour question) or a range of invoice dates. */
  runBookExport: {
    request: v.variant('mode', [
      v.object({ mode: v.literal('new'), format: ExportFormatSchema, ignoreRecent: v.boolean() }),
      v.object({ mode: v.literal('range'), format: ExportFormatSchema, from: IsoDateSchema, to: IsoDateSchema }),
    ]),
    response: result({ outcome: ExportOutcomeSchema }),
  },
  /** The export log, newest first. */
  listBookExports: {
    request: v.undefined_(),
    response: result({ entries: v.array(ExportLogRowSchema) }),
  },
  /** An export's rows as a table (the first 200). */
  previewBookExport: {
    request: v.object({ id: Id }),
    response: result({ fileName: v.string(), headings: v.array(v.string()), rows: v.array(v.array(v.string())), total: v.number() }),
  },
  /** The same file again; the log marks the original "Replaced". */
  rerunBookExport: {
    request: v.object({ id: Id }),
    response: result({ entry: ExportLogRowSchema, file: ExportFileSchema }),
  },
  /** Options: the payment methods the sevdesk account lists, for its e-invoices (#16). */
  /** The own company's data as the active billing system's API reports it (the options' e-invoice card). */
  getCompanyData: {
    request: v.undefined_(),
    response: result({
      provider: ProviderIdSchema,
      data: v.object({
        companyName: v.optional(v.pipe(v.string(), v.maxLength(300))),
        seller: v.object({ iban: v.optional(v.pipe(v.string(), v.maxLength(40))) }),
        xRechnungAvailable: v.optional(v.boolean()),
        smallBusiness: v.optional(v.boolean()),
      }),
    }),
  },
  getSevdeskPaymentMethods: {
    request: v.undefined_(),
    response: result({ methods: v.pipe(v.array(PaymentMethodSchema), v.maxLength(200)) }),
  },
  /**
   * The invoice's e-invoice XML or PDF, as bytes in base64 with its file name (never the
   * key). From extension pages, or from the tab whose job created the invoice.
   */
  downloadEInvoice: {
    request: v.object({ provider: ProviderIdSchema, invoiceId: Id, format: v.picklist(['xml', 'pdf']) }),
    response: result({
      fileName: v.pipe(v.string(), v.minLength(1), v.maxLength(130)),
      mimeType: v.picklist(['application/xml', 'application/pdf']),
      base64: v.pipe(v.string(), v.maxLength(40_000_000), v.regex(/^[A-Za-z0-9+/]*={0,2}$/)),
    }),
  },
  /**
   * The invoice book or the popup opened: check payment status now, unless it was checked a
   * moment ago or a billing run is creating invoices. The summary comes in the user's words;
   * a failure says what went wrong (nothing is lost: the next check asks again).
   */
  pollPayments: {
    request: v.undefined_(),
    response: result({
      polled: v.boolean(),
      skipped: v.optional(v.picklist(['billing-run', 'recent', 'no-billing-system'])),
      checked: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
      changed: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
      /** When payment status was last read (ISO instant), null before the first check. */
      at: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
      summary: v.pipe(v.string(), v.maxLength(1000)),
    }),
  },
  /**
   * "Create payment reminder" for an overdue invoice of the book: made once in its billing
   * system (Lexware: a dunning draft; sevdesk: a reminder) and linked to the invoice.
   * `confirmedMissing`: after an unknown outcome, the user looked and found none.
   */
  createReminder: {
    request: v.object({ invoiceKey: v.pipe(v.string(), v.minLength(1), v.maxLength(300)), confirmedMissing: v.optional(v.boolean()) }),
    response: result({
      reminder: v.object({ id: Id, url: HttpUrlSchema, createdAt: v.pipe(v.string(), v.isoTimestamp()) }),
      /** It existed already: nothing was created now. */
      existing: v.boolean(),
    }),
  },
  /**
   * "Correct invoice" / "Cancel invoice" (book page): what the dialog needs to know first, i.e. the
   * invoice's lines where positions can be chosen (Lexware), whether an earlier attempt's
   * outcome is still open, and for a draft the link to edit or delete it in the billing system.
   */
  getCorrectionOptions: {
    request: v.object({ invoiceKey: v.pipe(v.string(), v.minLength(1), v.maxLength(300)) }),
    response: result({
      lines: v.nullable(
        v.pipe(
          v.array(
            v.object({
              index: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
              name: v.pipe(v.string(), v.maxLength(300)),
              quantity: v.number(),
              unitName: v.pipe(v.string(), v.maxLength(100)),
              netMinor: v.pipe(v.number(), v.safeInteger()),
              taxRatePercentage: v.number(),
            }),
          ),
          v.maxLength(300),
        ),
      ),
      pending: v.boolean(),
      /** Set for a draft: where the user edits or deletes it (no API can). */
      draftUrl: v.nullable(HttpUrlSchema),
    }),
  },
  /**
   * Makes the correction once: Lexware a linked credit note (full amount or the chosen lines),
   * sevdesk a cancellation invoice. The book links invoice → correction; a TMS that supports
   * write-back gets an event with the correction's link.
   */
  correctInvoice: {
    request: v.object({
      invoiceKey: v.pipe(v.string(), v.minLength(1), v.maxLength(300)),
      kind: v.picklist(['cancel', 'correct']),
      lines: v.optional(v.pipe(v.array(v.pipe(v.number(), v.safeInteger(), v.minValue(0))), v.maxLength(300))),
    }),
    response: result({
      correction: v.object({ number: v.nullable(v.pipe(v.string(), v.maxLength(200))), url: HttpUrlSchema, kind: v.picklist(['creditNote', 'cancellationInvoice']), full: v.boolean() }),
      existing: v.boolean(),
      /** In the user's words: what was made, and what the TMS write-back did. */
      summary: v.pipe(v.string(), v.maxLength(2000)),
    }),
  },
  /** The user confirmed: the orders of an invoice cancelled by a correction may be invoiced again. */
  releaseInvoicedOrders: {
    request: v.object({ invoiceKey: v.pipe(v.string(), v.minLength(1), v.maxLength(300)) }),
    response: result({ orderNumbers: v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(20_000)) }),
  },
  /**
   * A TMS detail page's order: the invoice of the book that holds it (through `invoicedOrders`),
   * as the book shows its row, so the page offers "Correct invoice" / "Cancel invoice". Only
   * the page's own site's orders (checked by the handler); null: not invoiced.
   */
  getOrderInvoice: {
    request: v.object({ origin: Origin, orderId: Id }),
    response: result({ invoice: v.nullable(BookRowSchema) }),
  },
  /**
   * "Find invoices made in Lexware Office / sevdesk": the billing system's invoices of a period,
   * matched by order number to the orders given (those of the page the user came from) and
   * those the book knows. Unambiguous matches are recorded; ambiguous ones come back to confirm.
   */
  findExternalInvoices: {
    request: v.pipe(
      v.object({
        provider: ProviderIdSchema,
        from: BookDaySchema,
        to: BookDaySchema,
        orders: v.optional(v.pipe(v.array(v.object({ origin: Origin, orderId: Id, orderNumber: v.pipe(v.string(), v.maxLength(100)) })), v.maxLength(2000)), []),
      }),
      v.check((r) => r.from <= r.to, 'from must not be after to'),
    ),
    response: result({
      recorded: v.array(v.object({ invoiceKey: v.string(), invoiceNumber: v.nullable(v.string()), orderNumbers: v.array(v.string()) })),
      ambiguous: v.array(
        v.object({
          invoiceKey: v.string(),
          invoiceNumber: v.nullable(v.string()),
          customerName: v.string(),
          grossMinor: v.pipe(v.number(), v.safeInteger()),
          currency: v.string(),
          candidates: v.array(v.object({ origin: v.string(), orderId: v.string(), orderNumber: v.string(), invoicedBy: v.optional(v.string()) })),
          reasons: v.array(v.picklist(['number-on-several-sites', 'several-sites', 'order-on-several-invoices', 'already-invoiced'])),
        }),
      ),
      unmatched: v.number(),
      known: v.number(),
      truncated: v.boolean(),
      summary: v.pipe(v.string(), v.maxLength(1000)),
    }),
  },
  /** The user picked the orders of an ambiguous match (only orders it offered, of one TMS site). */
  confirmExternalMatch: {
    request: v.object({
      invoiceKey: v.pipe(v.string(), v.minLength(1), v.maxLength(300)),
      orders: v.pipe(v.array(v.object({ origin: Origin, orderId: Id })), v.minLength(1), v.maxLength(500)),
    }),
    response: result({ invoiceKey: v.string(), orderNumbers: v.array(v.string()) }),
  },
  /**
   * A recipe page reads an order's detail page on the recipe's second origin (a frame served
   * from another address): the background fetches it, for a granted origin the recipe names.
   */
  fetchTmsPage: {
    request: v.object({ url: v.pipe(v.string(), v.url(), v.maxLength(2000)) }),
    response: result({ status: v.pipe(v.number(), v.integer()), contentType: v.pipe(v.string(), v.maxLength(200)), text: v.pipe(v.string(), v.maxLength(5_000_000)) }),
  },
  /** Options: write "paid" back to a TMS site's orders when their invoice is paid (off by default). */
  setSiteWritePaid: {
    request: v.object({ origin: Origin, writePaid: v.boolean() }),
    response: result({}),
  },
  /**
   * Options: automatic drafts per TMS site (off by default). `listsWithoutPage`: the site's
   * adapter can list its delivered orders from the background; without it the option can't run.
   */
  getAutoDrafts: {
    request: v.undefined_(),
    response: v.object({
      sites: v.array(
        v.object({
          origin: Origin,
          enabled: v.boolean(),
          listsWithoutPage: v.boolean(),
          /** A recipe site: its orders are read through an open tab of it, so only while one is open. */
          whileTabOpen: v.optional(v.boolean()),
          lastRunAt: v.optional(v.string()),
          leftForUser: v.pipe(v.number(), v.integer()),
          lastError: v.optional(v.pipe(v.string(), v.maxLength(300))),
        }),
      ),
    }),
  },
  /** Options: turns automatic drafts on or off for one site (on: the first pass starts at once). */
  setAutoDrafts: {
    request: v.object({ origin: Origin, enabled: v.boolean() }),
    response: result({}),
  },
} as const;

type Protocol = typeof protocol;
export type MessageType = keyof Protocol;

/**
 * Runtime messages cross into the background as structured clones (Firefox), which refuse
 * Vue's reactive proxies: state from a store or a form is sent as a plain JSON copy.
 */
export const plainCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
export type RequestOf<K extends MessageType> = v.InferOutput<Protocol[K]['request']>;
export type ResponseOf<K extends MessageType> = v.InferOutput<Protocol[K]['response']>;

type ProtocolMap = { [K in MessageType]: (data: RequestOf<K>) => ResponseOf<K> };

// The library logs every payload at debug level by default; payloads may carry API keys
// (saveApiKey), so its logger stays off.
const messenger = defineExtensionMessaging<ProtocolMap>({ logger: null as unknown as Logger });

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/**
 * The background could not be reached, even after waiting for a restarted worker. Its
 * message is ours, never the browser's; `detail` keeps the browser's words for "Copy details".
 */
export class BackgroundUnavailable extends Error {
  override name = 'BackgroundUnavailable';
  readonly code = 'background-unavailable';
  constructor(readonly detail: string) {
    super('The extension did not answer');
  }
}

/** The extension was updated or reloaded under an open page: only a page reload helps. */
export class ExtensionReloaded extends Error {
  override name = 'ExtensionReloaded';
  readonly code = 'extension-reloaded';
  constructor(readonly detail: string) {
    super('The extension was updated; reload the page');
  }
}

/**
 * What the browser says when the service worker stopped while answering, or was not up yet
 * (Chrome: "message channel closed before a response", "Receiving end does not exist";
 * Firefox: "Could not establish connection").
 */
const WORKER_GONE = /message channel closed|receiving end does not exist|message port closed|could not establish connection|disconnected/i;
const CONTEXT_GONE = /extension context invalidated/i;

/**
 * Asking again is safe for every message but these: a saved key is consumed by its first
 * answer, and a second "send again" for a job could start a second attempt. (createInvoice and createContact carry a request id, so asking again finds the
 * job or contact the first request made.)
 */
const NOT_REPEATED: ReadonlySet<MessageType> = new Set(['saveApiKey', 'resolveJob']);
/** Waits between attempts while a fresh worker starts: about 8 s in all. */
export const WORKER_RETRY_DELAYS_MS = [150, 400, 1000, 2500, 4000] as const;

let sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Tests replace the wait between attempts. */
export function setRetrySleep(fn: (ms: number) => Promise<void>): void {
  sleep = fn;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Anything thrown on the way to the background, as a failure the UI can put into its own
 * words. `message` keeps the technical text for "Copy details", never for the main text.
 */
export function failureOf(error: unknown): Failure['error'] {
  if (error instanceof BackgroundUnavailable || error instanceof ExtensionReloaded) return { code: error.code, message: error.detail.slice(0, 2000) };
  // The browser's own words, from a sender that did not go through request().
  const text = messageOf(error);
  if (CONTEXT_GONE.test(text)) return { code: 'extension-reloaded', message: text.slice(0, 2000) };
  if (WORKER_GONE.test(text)) return { code: 'background-unavailable', message: text.slice(0, 2000) };
  return { code: 'internal', message: `${error instanceof Error ? `${error.name}: ` : ''}${messageOf(error)}`.slice(0, 2000) };
}

/**
 * Sends a message to the background (or, with `tabId`, to a tab) and validates the answer.
 * When the worker stopped mid-answer, the same message goes again once a fresh worker is
 * up, so the user sees the answer instead of the browser's error.
 */
export async function request<K extends MessageType>(type: K, data: RequestOf<K>, tabId?: number): Promise<ResponseOf<K>> {
  const repeatable = tabId === undefined && !NOT_REPEATED.has(type);
  for (let attempt = 0; ; attempt += 1) {
    let answer: unknown;
    try {
      answer = tabId === undefined ? await messenger.sendMessage(type, data as never) : await messenger.sendMessage(type, data as never, tabId);
    } catch (error) {
      const text = messageOf(error);
      if (CONTEXT_GONE.test(text)) throw new ExtensionReloaded(text);
      if (!WORKER_GONE.test(text)) throw error;
      if (!repeatable || attempt >= WORKER_RETRY_DELAYS_MS.length) throw new BackgroundUnavailable(text);
      await sleep(WORKER_RETRY_DELAYS_MS[attempt]!);
      continue;
    }
    const parsed = v.safeParse(protocol[type].response, answer);
    if (!parsed.success) throw new ProtocolError(`The answer to "${type}" was malformed`);
    return parsed.output as ResponseOf<K>;
  }
}

export interface SenderInfo {
  /** The tab a content script sent from; undefined for extension pages. */
  tabId?: number;
  /** The frame within that tab (0: the top frame). */
  frameId?: number;
  /**
   * The origin of the page (content scripts) or the extension's own origin. For a detail
   * frame on a recipe's second origin: the TMS site of the tab's top page, which the frame
   * speaks for (its orders are that site's).
   */
  origin: string;
  /** The frame's own origin, only when it is not `origin` (a detail frame on a second origin). */
  pageOrigin?: string;
  fromContentScript: boolean;
}

/**
 * Only the extension's own pages and its content scripts may talk to the background.
 * Returns who sent the message, or null to refuse it.
 */
export function checkSender(sender: Browser.runtime.MessageSender, ownId: string = browser.runtime.id): SenderInfo | null {
  if (sender.id !== ownId) return null;
  const url = sender.url ?? sender.tab?.url;
  if (!url) return null;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return null;
  }
  const fromContentScript = sender.tab !== undefined && !url.startsWith(browser.runtime.getURL('/'));
  return {
    origin,
    fromContentScript,
    ...(sender.tab?.id !== undefined ? { tabId: sender.tab.id } : {}),
    ...(sender.tab?.id !== undefined && sender.frameId !== undefined ? { frameId: sender.frameId } : {}),
  };
}

/**
 * Which page origins may send messages from a content script. The background sets it to
 * the TMS sites the user added; everything else is refused.
 */
let contentScriptOrigins: ((origin: string) => Promise<boolean>) | undefined;
/** Which site a sub-frame on another origin speaks for (see `allowContentScriptsFrom`). */
export type FrameSite = (frameOrigin: string, topOrigin: string) => Promise<string | null>;
let frameSites: FrameSite | undefined;
/**
 * `frameSite`: for a content script in a sub-frame whose origin is not a TMS site, the site
 * it speaks for (a recipe's detail frame on a second origin, in a tab whose top page is on
 * the recipe's site), or null. Such a sender is then handled as that site, with its own
 * origin kept as `pageOrigin`; without a site it is checked (and refused) as before.
 */
export function allowContentScriptsFrom(check: (origin: string) => Promise<boolean>, frameSite?: FrameSite): void {
  contentScriptOrigins = check;
  frameSites = frameSite;
}

/** A content script's sender as the site it speaks for: a detail frame on a second origin becomes its tab's site. */
async function asSite(sender: SenderInfo, raw: Browser.runtime.MessageSender): Promise<SenderInfo> {
  if (!frameSites || !sender.fromContentScript || !sender.frameId || !raw.tab?.url) return sender;
  let topOrigin: string;
  try {
    topOrigin = new URL(raw.tab.url).origin;
  } catch {
    return sender;
  }
  if (topOrigin === sender.origin) return sender;
  const site = await frameSites(sender.origin, topOrigin);
  return site && site !== sender.origin ? { ...sender, origin: site, pageOrigin: sender.origin } : sender;
}

/**
 * What a TMS page's content script may ask. Everything else (keys, sites, the popup's and
 * options page's lists) is for the extension's own pages: a page the user visits must not
 * read or change settings, even on a TMS site.
 */
const FROM_TMS_PAGES: ReadonlySet<MessageType> = new Set<MessageType>([
  'loadPanel', 'getPanelContext', 'getInvoicingContext', 'searchContacts', 'suggestContacts', 'createContact', 'linkCustomer', 'setTaxCase',
  'setBuyerReference', 'openOptions', 'setPublicCustomer',
  'createInvoice', 'getJob', 'resolveJob', 'getSiteAdapter',
  // The billing run's review and progress in the TMS tab (checked per run's site by the handlers).
  'startBillingRun', 'getBillingRun', 'controlBillingRun', 'setBillingMode',
  // The builder runs in the TMS tab: its own tab's draft only, and a redacted page saved as
  // a test for a recipe of the page's own site (checked by the handlers).
  'getBuilder', 'putBuilder', 'closeBuilder', 'saveBuiltRecipe', 'addRecipeTest', 'teachAgain', 'getLedgerMarks',
  // The builder's "Run tests": the saved tests of its own tab's recipe (checked by the handler).
  'getBuilderTests', 'reteachField',
  // An order's ledger badge opens the book at its invoice: it opens our own page and reads nothing.
  'openBook',
  // The result view's download buttons: only the tab whose job created the invoice (checked by the handler).
  'downloadEInvoice',
  // The proposal's "Look for them in Lexware Office": only orders of the page's own site (checked by the handler).
  'findExternalInvoices',
  // "Correct invoice" / "Cancel invoice" on an invoiced order's detail page: only invoices holding
  // an order of the page's own site (checked by the handlers).
  'getOrderInvoice', 'getCorrectionOptions', 'correctInvoice', 'releaseInvoicedOrders',
  // A recipe's detail page on its second origin (checked against the sender's site recipe by the handler).
  'fetchTmsPage',
  // The list page's builder: the builder into its own tab's frames (checked against its draft by the handler).
  'openBuilderInFrames', 'reloadBuilderTab',
  // The list page's builder: a second origin its frame shows (checked against its draft by the handler).
  'builderFrameAccess',
]);

export type Handler<K extends MessageType> = (data: RequestOf<K>, sender: SenderInfo) => Promise<ResponseOf<K>> | ResponseOf<K>;

/**
 * Registers a validated handler. Malformed requests and foreign senders are refused with a
 * ProtocolError, and logged by type only: a payload may hold secrets or page text.
 */
export function handle<K extends MessageType>(type: K, handler: Handler<K>): () => void {
  return messenger.onMessage(type, async (message) => {
    const checked = checkSender(message.sender);
    const sender = checked ? await asSite(checked, message.sender) : null;
    if (sender?.fromContentScript && contentScriptOrigins && !(await contentScriptOrigins(sender.origin))) {
      console.warn(`[frachtbeleg] refused "${String(type)}" from a page that is not a TMS site`);
      throw new ProtocolError('Refused: not a TMS site');
    }
    if (!sender) {
      console.warn(`[frachtbeleg] refused "${String(type)}" from a foreign sender`);
      throw new ProtocolError('Refused: unknown sender');
    }
    if (sender.fromContentScript && !FROM_TMS_PAGES.has(type)) {
      console.warn(`[frachtbeleg] refused "${String(type)}" from a page: it is for the extension's own pages`);
      throw new ProtocolError('Refused: not for pages');
    }
    const parsed = v.safeParse(protocol[type].request, message.data);
    if (!parsed.success) {
      console.warn(`[frachtbeleg] refused malformed "${String(type)}" message`);
      throw new ProtocolError(`Refused: malformed "${String(type)}" request`);
    }
    return (await handler(parsed.output as RequestOf<K>, sender)) as never;
  });
}

/**
 * Logs messages of a type the protocol does not know, by type only (the library would drop
 * them silently). The sender gets no answer, which refuses them.
 */
export function logUnknownMessages(): () => void {
  const known = new Set(Object.keys(protocol));
  const listener = (message: unknown): undefined => {
    const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !known.has(type)) {
      const shown = typeof type === 'string' ? `"${type.slice(0, 40).replace(/[^\w-]/g, '?')}"` : 'without a type';
      console.warn(`[frachtbeleg] refused an unknown message ${shown}`);
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

export function removeAllHandlers(): void {
  messenger.removeAllListeners();
}
