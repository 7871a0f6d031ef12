/**
 * Every storage item the extension keeps, typed, versioned and validated on read.
 *
 * storage.local is closed to content scripts (the background sets its access level to
 * trusted contexts), so API keys and customer data never reach a web page's process.
 * Content scripts must not import this module; they ask the background through messaging.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import type { StorageItemKey, WxtStorageItem } from '@wxt-dev/storage';
import { DEFAULT_ADAPTER_ID, perProvider, ProviderIdSchema } from './domain/ids';
import { EInvoiceSettingsSchema, ExtraFieldSchema } from './domain/settings';
import { TAX_CASES } from './domain/tax';
import { TaxMappingSchema } from './domain/tax-mapping';
import { CustomerSchema } from './domain/order';
import { BILLING_MODES, COLLECTIVE_PERIODS } from './domain/billing-run';
import { describeIssues, salvage, type SalvagedEntry } from './salvage';

export interface StoredItem<T> {
  readonly key: StorageItemKey;
  /**
   * The stored value, validated entry by entry: what is valid is returned (and kept), what
   * is not moves raw to the quarantine. The fallback when nothing (usable) is stored.
   */
  get(): Promise<T>;
  /** Validates, then stores. Throws on an invalid value: nothing half-valid is written. */
  set(value: T): Promise<void>;
  /**
   * Reads, changes and writes back, one change of a key at a time within this context: two
   * wake-ups at once (a message and an alarm) must not both read the old value.
   */
  update(change: (current: T) => T): Promise<T>;
  watch(callback: (value: T) => void): () => void;
  remove(): Promise<void>;
}

export class InvalidStoredValue extends Error {
  override name = 'InvalidStoredValue';
}

// ------------------------------------------------------------------------------------------
// The quarantine: stored entries that failed validation, raw and unchanged, so that nothing
// the user had is ever overwritten by a default. The options page shows them ("1 entry
// could not be read") to download or delete. Entries of secret items keep their raw value
// in a key of its own that only the background reads; the list shows them redacted.

export const QUARANTINE_KEY = 'local:quarantine' as const;
export const SECRET_QUARANTINE_KEY = 'local:quarantineSecrets' as const;

export const QuarantineEntrySchema = v.object({
  id: v.string(),
  /** The storage key the entry came from ("local:ledger"). */
  key: v.string(),
  /** Where in that value it sat (index, record key, field). */
  path: v.array(v.union([v.string(), v.number()])),
  raw: v.unknown(),
  reason: v.string(),
  at: v.string(),
  /** A secret's entry: its raw value is kept, but never listed or downloaded. */
  redacted: v.optional(v.literal(true)),
});
export type QuarantineEntry = v.InferOutput<typeof QuarantineEntrySchema>;

let quarantineChain: Promise<unknown> = Promise.resolve();

/** Appends entries to the quarantine (the same entry twice is kept once). */
export function quarantine(key: string, dropped: readonly SalvagedEntry[], options: { secret?: boolean } = {}): Promise<void> {
  if (dropped.length === 0) return Promise.resolve();
  const work = async () => {
    const target = options.secret ? SECRET_QUARANTINE_KEY : QUARANTINE_KEY;
    const listed = await storage.getItem<unknown>(QUARANTINE_KEY);
    const list: unknown[] = Array.isArray(listed) ? [...listed] : listed == null ? [] : [listed];
    const secretRaw = options.secret ? await storage.getItem<unknown>(SECRET_QUARANTINE_KEY) : null;
    const secrets: unknown[] = Array.isArray(secretRaw) ? [...secretRaw] : [];
    const known = new Set(list.map((e) => fingerprint(e)));
    const at = new Date().toISOString();
    for (const entry of dropped) {
      const id = `${key}#${entry.path.join('.')}#${at}#${Math.random().toString(36).slice(2, 8)}`;
      const full = { id, key, path: entry.path, raw: entry.raw, reason: entry.reason, at };
      if (known.has(fingerprint(full))) continue;
      known.add(fingerprint(full));
      if (options.secret) {
        secrets.push(full);
        list.push({ id, key, path: entry.path, raw: null, reason: 'a stored secret could not be read', at, redacted: true });
      } else {
        list.push(full);
      }
    }
    if (target === SECRET_QUARANTINE_KEY) await storage.setItem(SECRET_QUARANTINE_KEY, secrets);
    await storage.setItem(QUARANTINE_KEY, list);
  };
  const next = quarantineChain.then(work, work);
  quarantineChain = next.catch(() => undefined);
  return next;
}

function fingerprint(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return JSON.stringify(entry);
  const { key, path, raw, redacted } = entry as Record<string, unknown>;
  return JSON.stringify([key, path, redacted ? null : raw]);
}

/** The listed quarantine entries (raw values of secrets are never among them). */
export async function readQuarantine(): Promise<QuarantineEntry[]> {
  const listed = await storage.getItem<unknown>(QUARANTINE_KEY);
  if (!Array.isArray(listed)) return [];
  return listed.flatMap((e) => {
    const parsed = v.safeParse(QuarantineEntrySchema, e);
    return parsed.success ? [parsed.output] : [];
  });
}

/** Deletes quarantine entries by id (all when no ids are given), with a secret's raw value. */
export function deleteQuarantined(ids?: readonly string[]): Promise<void> {
  const work = async () => {
    const drop = (e: unknown) => !ids || (typeof e === 'object' && e !== null && ids.includes(String((e as { id?: unknown }).id)));
    for (const key of [QUARANTINE_KEY, SECRET_QUARANTINE_KEY]) {
      const listed = await storage.getItem<unknown>(key);
      if (!Array.isArray(listed)) continue;
      const kept = listed.filter((e) => !drop(e));
      if (kept.length === 0) await storage.removeItem(key);
      else await storage.setItem(key, kept);
    }
  };
  const next = quarantineChain.then(work, work);
  quarantineChain = next.catch(() => undefined);
  return next;
}

/**
 * Writes to one key, in the order they were asked for, within this context. The background
 * answers messages, alarms and tab events concurrently; a read-change-write that interleaves
 * with another loses one of them (two automatic-draft passes both took the same lease and
 * drafted the same invoices twice). Keyed by storage key, so two items defined for one key
 * share the queue. A failed write does not hold up the next one.
 */
const writeQueues = new Map<string, Promise<void>>();
function queuedWrite<R>(key: string, work: () => Promise<R>): Promise<R> {
  const before = writeQueues.get(key) ?? Promise.resolve();
  const next = before.then(work);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  writeQueues.set(key, settled);
  void settled.then(() => {
    if (writeQueues.get(key) === settled) writeQueues.delete(key);
  });
  return next;
}

export function defineStoredItem<TSchema extends v.GenericSchema>(
  key: StorageItemKey,
  schema: TSchema,
  options: {
    fallback: v.InferOutput<TSchema>;
    version: number;
    migrations?: Record<number, (old: never) => unknown>;
    /** Its quarantined entries are kept from every list and download. */
    secret?: boolean;
  },
): StoredItem<v.InferOutput<TSchema>> {
  type T = v.InferOutput<TSchema>;
  let item: WxtStorageItem<unknown, Record<string, never>> | undefined;
  // Defined on first use: defining an item with migrations touches storage at once.
  const raw = () =>
    (item ??= storage.defineItem<unknown>(key, {
      fallback: null,
      version: options.version,
      ...(options.migrations ? { migrations: options.migrations as Record<number, (old: unknown) => unknown> } : {}),
    }));

  /** Keeps what is valid; moves the rest to the quarantine and out of the store. */
  const read = async (): Promise<T> => {
    const stored = await raw().getValue();
    if (stored === null || stored === undefined) return options.fallback;
    const result = salvage(schema, stored);
    if (result.ok && result.dropped.length === 0) return result.value;
    console.warn(`[frachtbeleg] stored "${key}": ${result.dropped.length} entr${result.dropped.length === 1 ? 'y' : 'ies'} could not be read; kept aside in the quarantine`);
    await quarantine(key, result.dropped, { secret: options.secret ?? false });
    // Only now, with the raw entries safe, may the store lose them; and only if nobody wrote meanwhile.
    const now = await raw().getValue();
    if (JSON.stringify(now) === JSON.stringify(stored)) {
      if (result.ok) await raw().setValue(result.value);
      else await raw().removeValue();
    }
    return result.ok ? result.value : options.fallback;
  };

  const write = async (value: T): Promise<void> => {
    const parsed = v.safeParse(schema, value);
    if (!parsed.success) throw new InvalidStoredValue(`Refusing to store an invalid "${key}": ${describeIssues(parsed.issues)}`);
    await raw().setValue(parsed.output);
  };

  /** For watchers: the valid part, without writing (the next read does the moving). */
  const peek = (value: unknown): T => {
    if (value === null || value === undefined) return options.fallback;
    const result = salvage(schema, value);
    return result.ok ? result.value : options.fallback;
  };

  return {
    key,
    get: read,
    set: (value) => queuedWrite(key, () => write(value)),
    update: (change) =>
      queuedWrite(key, async () => {
        const next = change(await read());
        await write(next);
        return next;
      }),
    watch: (callback) => raw().watch((value) => callback(peek(value))),
    remove: () => queuedWrite(key, () => raw().removeValue()),
  };
}

// ------------------------------------------------------------------------------------------
// Settings (not secret; the options page reads and writes them directly)

export const LanguageSettingSchema = v.picklist(['auto', 'de', 'en']);

const TemplatesSchema = v.object({
  title: v.optional(v.pipe(v.string(), v.maxLength(200)), ''),
  introduction: v.optional(v.pipe(v.string(), v.maxLength(2000)), ''),
  remark: v.optional(v.pipe(v.string(), v.maxLength(2000)), ''),
  /** Each position's freight references (#16); empty: the language's default template. */
  references: v.optional(v.pipe(v.string(), v.maxLength(2000)), ''),
});

export const SettingsSchema = v.object({
  provider: v.optional(ProviderIdSchema, 'lexware'),
  language: v.optional(LanguageSettingSchema, 'auto'),
  invoice: v.optional(
    v.object({
      unitName: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(50)), 'Transport'),
      finalize: v.optional(v.boolean(), false),
      /** The language written onto invoices (not the UI language). */
      language: v.optional(v.picklist(['de', 'en']), 'de'),
      extraFields: v.optional(v.pipe(v.array(ExtraFieldSchema), v.maxLength(10)), []),
      /** Title, introduction, remark and freight references per invoice language; empty ones use the defaults. */
      texts: v.optional(v.object({ de: v.optional(TemplatesSchema, {}), en: v.optional(TemplatesSchema, {}) }), {}),
      /** null: the billing system's own default payment terms. */
      paymentTermDays: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(365))), null),
      domesticTaxRate: v.optional(v.picklist([19, 7]), 19),
      /** For customers without a choice of their own: 'auto' proposes from country and VAT ID. */
      defaultTaxCase: v.optional(v.picklist(['auto', ...TAX_CASES]), 'auto'),
      /** Order prices above this (whole units of the order's currency) get a non-blocking warning. */
      priceWarningLimit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000_000)), 100_000),
      /** The tax adviser's table (case → tax type, rule, note); absent: the defaults of tax-mapping.ts. */
      taxMapping: v.optional(TaxMappingSchema),
      /** "Issue e-invoices" (on by default) and the own company's data an e-invoice needs. */
      eInvoice: v.optional(EInvoiceSettingsSchema, {}),
    }),
    {},
  ),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = v.parse(SettingsSchema, {});

/**
 * Migrations of the settings. v1 kept one set of invoice templates; v2 keeps them per
 * invoice language, and v1's move to the language they were written for.
 */
export const SETTINGS_MIGRATIONS = {
  2: (old: { invoice?: { language?: 'de' | 'en'; templates?: Record<string, string> } & Record<string, unknown> } & Record<string, unknown>) => {
    if (!old || typeof old !== 'object' || !old.invoice) return old;
    const { templates, ...invoice } = old.invoice;
    const language = invoice.language === 'en' ? 'en' : 'de';
    const texts = (invoice.texts ?? {}) as Record<string, unknown>;
    return { ...old, invoice: { ...invoice, texts: templates ? { ...texts, [language]: templates } : texts } };
  },
};

export const SETTINGS_ITEM_OPTIONS = { fallback: DEFAULT_SETTINGS, version: 2, migrations: SETTINGS_MIGRATIONS };
export const settingsItem = defineStoredItem('local:settings', SettingsSchema, SETTINGS_ITEM_OPTIONS);

// ------------------------------------------------------------------------------------------
// Secrets (only the background reads them)

const ApiKeySchema = v.pipe(v.string(), v.trim(), v.minLength(8), v.maxLength(500));

export const SecretsSchema = perProvider(v.optional(v.object({ apiKey: ApiKeySchema, savedAt: v.string() })));
export type Secrets = v.InferOutput<typeof SecretsSchema>;

export const secretsItem = defineStoredItem('local:secrets', SecretsSchema, { fallback: {}, version: 1, secret: true });

/**
 * A key the user just typed, waiting for the background to test and keep it. The options
 * page writes it here (it never reads keys), so no runtime message ever carries a key; the
 * background empties it whatever the outcome.
 */
export const PendingApiKeySchema = v.nullable(v.object({ provider: ProviderIdSchema, apiKey: ApiKeySchema }));
export const pendingApiKeyItem = defineStoredItem('local:pendingApiKey', PendingApiKeySchema, { fallback: null, version: 1, secret: true });

// ------------------------------------------------------------------------------------------
// Invoice jobs (the journal): one key per job (`job:<id>`) plus an index, so a step of one
// job writes that job only. Jobs are validated one by one by the journal.

export const jobIndexItem = defineStoredItem('local:jobIndex', v.array(v.string()), { fallback: [], version: 1 });
export const jobKey = (id: string): `local:job:${string}` => `local:job:${id}`;
/** Where version 1 kept all jobs in one item; the journal moves them to their own keys. */
export const LEGACY_JOBS_KEY = 'local:jobs' as const;

// Billing runs (utils/jobs/run-journal.ts): one key per run record, one per run's drafts
// (written once when the run starts), and an index of run ids.
export const billingRunIndexItem = defineStoredItem('local:billingRunIndex', v.array(v.string()), { fallback: [], version: 1 });
export const billingRunKey = (id: string): `local:billingRun:${string}` => `local:billingRun:${id}`;
export const billingRunInputKey = (id: string): `local:billingRunInput:${string}` => `local:billingRunInput:${id}`;

// ------------------------------------------------------------------------------------------
// The invoice ledger: every invoice created, per order.

export const LedgerEntrySchema = v.object({
  provider: ProviderIdSchema,
  invoiceId: v.string(),
  invoiceNumber: v.nullable(v.string()),
  url: v.string(),
  origin: v.string(),
  orderId: v.string(),
  orderNumber: v.string(),
  customerName: v.string(),
  currency: v.string(),
  /** The order's position (net) and the whole invoice's gross, in minor units. */
  positionNetMinor: v.number(),
  invoiceGrossMinor: v.optional(v.number()),
  createdAt: v.string(),
  jobId: v.string(),
  /** The e-invoice the billing system made of the invoice (its profile), read back after creating it. */
  eInvoiceProfile: v.optional(v.nullable(v.string())),
  /** No e-invoice although the customer is a German business: said in the result and kept here. */
  eInvoiceMissing: v.optional(v.boolean()),
});
export type LedgerEntry = v.InferOutput<typeof LedgerEntrySchema>;

export const ledgerItem = defineStoredItem('local:ledger', v.array(LedgerEntrySchema), { fallback: [], version: 1 });

// ------------------------------------------------------------------------------------------
// Customer links: TMS customer → billing contact, kept per billing system so switching
// systems loses nothing.

export const CustomerLinkSchema = v.object({
  contactId: v.string(),
  contactName: v.string(),
  linkedAt: v.string(),
  /** Set when the extension created the contact: invoices wait until it is usable. */
  contactCreatedAt: v.optional(v.string()),
  /** The customer's choice for billing runs: one invoice per period (the default) or per order. */
  billingMode: v.optional(v.picklist(BILLING_MODES)),
  /** For collective invoices: how long one collects orders (automatic drafts bill it when it ends). */
  period: v.optional(v.picklist(COLLECTIVE_PERIODS)),
});
export type CustomerLink = v.InferOutput<typeof CustomerLinkSchema>;

/** Per provider; a provider without links has no entry (so adding a provider changes no stored data). */
export const LinksSchema = perProvider(v.optional(v.record(v.string(), CustomerLinkSchema)));
export type Links = v.InferOutput<typeof LinksSchema>;

export const linksItem = defineStoredItem('local:customerLinks', LinksSchema, { fallback: {}, version: 1 });

/**
 * "Create new contact" requests by their request id: started before the billing system is
 * asked, completed with its answer. A request repeated after the worker stopped mid-answer
 * finds its contact here, or is reconciled, instead of creating a second one.
 */
export const ContactRequestSchema = v.object({
  origin: v.string(),
  customerId: v.string(),
  startedAt: v.string(),
  result: v.optional(
    v.object({
      contact: v.object({ id: v.string(), name: v.string() }),
      createdAt: v.string(),
      incomplete: v.optional(v.array(v.picklist(['address', 'email']))),
    }),
  ),
});
export type ContactRequest = v.InferOutput<typeof ContactRequestSchema>;
export const contactRequestsItem = defineStoredItem('local:contactRequests', v.record(v.string(), ContactRequestSchema), { fallback: {}, version: 1 });

// ------------------------------------------------------------------------------------------
// Tax settings per customer (by customer key): the tax case, when the user chose one.
// Version 1 stored the case alone, as a string of three possible values; version 2 keeps an
// object per customer (room for what e-invoices need of the customer), and the six cases of
// the classification by billed party, of which the old three are a part.

export const CustomerTaxSchema = v.object({
  taxCase: v.optional(v.picklist(TAX_CASES)),
  /** When the user chose the case (the adviser may ask). */
  chosenAt: v.optional(v.string()),
  /** BT-10: the customer's buyer reference (a Leitweg-ID for public customers), for e-invoices. */
  buyerReference: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200))),
  /** A public authority: its invoices are XRechnungen, and `buyerReference` is its Leitweg-ID. */
  publicAuthority: v.optional(v.boolean()),
  /** Our supplier number at the public customer (Lexware writes XRechnungen only with it). */
  vendorNumberAtCustomer: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))),
});
export type CustomerTax = v.InferOutput<typeof CustomerTaxSchema>;

/** v1 → v2: each stored case becomes `{ taxCase }`; anything else is left for the quarantine. */
export const CUSTOMER_TAX_MIGRATIONS = {
  2: (old: unknown) =>
    old && typeof old === 'object' && !Array.isArray(old)
      ? Object.fromEntries(Object.entries(old as Record<string, unknown>).map(([key, value]) => [key, typeof value === 'string' ? { taxCase: value } : value]))
      : old,
};

export const taxCasesItem = defineStoredItem('local:customerTaxCases', v.record(v.string(), CustomerTaxSchema), {
  fallback: {},
  version: 2,
  migrations: CUSTOMER_TAX_MIGRATIONS,
});

// sevdesk's account-specific lookups live with their provider (utils/billing/sevdesk/lookups-item.ts).

// ------------------------------------------------------------------------------------------
// TMS customers the extension has seen (read from orders), for the popup's customer list.

export const SeenCustomerSchema = v.object({
  origin: v.string(),
  customer: CustomerSchema,
  seenAt: v.string(),
});
export type SeenCustomer = v.InferOutput<typeof SeenCustomerSchema>;

/** By customer key (origin|customer id). */
export const seenCustomersItem = defineStoredItem('local:seenCustomers', v.record(v.string(), SeenCustomerSchema), { fallback: {}, version: 1 });

// ------------------------------------------------------------------------------------------
// TMS sites the user added (each with its optional host permission).

export const SiteSchema = v.object({
  origin: v.pipe(v.string(), v.url()),
  addedAt: v.string(),
  /**
   * The adapter that serves the site (an id of utils/tms/registry.ts). Kept as text: a site
   * whose adapter is no longer shipped stays listed and is reported as 'adapter-missing'.
   */
  adapter: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  /** Write "paid" back to the site's orders when their invoice is paid (issue #17); off when absent. */
  writePaid: v.optional(v.boolean()),
});
export type Site = v.InferOutput<typeof SiteSchema>;

/** v1 sites named no adapter: every one was served by the demo adapter, and keeps it. */
export const SITES_MIGRATIONS = {
  2: (old: unknown) => (Array.isArray(old) ? old.map((site: unknown) => (site && typeof site === 'object' && !('adapter' in site) ? { ...site, adapter: DEFAULT_ADAPTER_ID } : site)) : old),
};

export const sitesItem = defineStoredItem('local:sites', v.array(SiteSchema), { fallback: [], version: 2, migrations: SITES_MIGRATIONS });

// ------------------------------------------------------------------------------------------
// Automatic drafts (opt-in per TMS site): which sites prepare drafts, and each site's state.

const OriginKey = v.pipe(v.string(), v.maxLength(200));
const ShortText = v.pipe(v.string(), v.maxLength(100));

/** Sites with the option on, by origin; a site without an entry has it off (the default). */
export const AutoDraftSiteSchema = v.object({ enabledAt: v.string() });
export const autoDraftSitesItem = defineStoredItem('local:autoDraftSites', v.record(OriginKey, AutoDraftSiteSchema), { fallback: {}, version: 1 });

export const AutoDraftStateSchema = v.object({
  /** A pass is under way until then: another wake-up of the worker leaves the site alone. */
  leaseUntil: v.optional(v.string()),
  lastRunAt: v.optional(v.string()),
  /** Orders the last pass left for the user (the badge counts them), with their reasons. */
  leftForUser: v.array(v.object({ id: ShortText, number: ShortText, reason: ShortText })),
  /** Left-for-user orders already reported and notified: each is told once. */
  reported: v.array(ShortText),
  /** Why the last pass could not read the TMS, if it could not. */
  lastError: v.optional(v.pipe(v.string(), v.maxLength(300))),
});
export type AutoDraftState = v.InferOutput<typeof AutoDraftStateSchema>;
export const autoDraftStateItem = defineStoredItem('local:autoDraftState', v.record(OriginKey, AutoDraftStateSchema), { fallback: {}, version: 1 });
