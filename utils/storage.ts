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
import { DEFAULT_ADAPTER_ID, ProviderIdSchema } from './domain/ids';
import { ExtraFieldSchema } from './domain/settings';
import { TAX_CASES } from './domain/tax';
import { CustomerSchema } from './domain/order';

export interface StoredItem<T> {
  readonly key: StorageItemKey;
  /** The stored value, validated; the fallback when nothing (valid) is stored. */
  get(): Promise<T>;
  /** Validates, then stores. Throws on an invalid value: nothing half-valid is written. */
  set(value: T): Promise<void>;
  /** Reads, changes and writes back. */
  update(change: (current: T) => T): Promise<T>;
  watch(callback: (value: T) => void): () => void;
  remove(): Promise<void>;
}

export class InvalidStoredValue extends Error {
  override name = 'InvalidStoredValue';
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`)
    .join('; ');
}

export function defineStoredItem<TSchema extends v.GenericSchema>(
  key: StorageItemKey,
  schema: TSchema,
  options: { fallback: v.InferOutput<TSchema>; version: number; migrations?: Record<number, (old: never) => unknown> },
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

  const validate = (value: unknown): T => {
    if (value === null || value === undefined) return options.fallback;
    const parsed = v.safeParse(schema, value);
    if (parsed.success) return parsed.output;
    // Never overwrite what the user entered: warn and fall back for this read only.
    console.warn(`[frachtbeleg] stored "${key}" does not match its schema (${describeIssues(parsed.issues)}); using defaults`);
    return options.fallback;
  };

  return {
    key,
    get: async () => validate(await raw().getValue()),
    set: async (value) => {
      const parsed = v.safeParse(schema, value);
      if (!parsed.success) throw new InvalidStoredValue(`Refusing to store an invalid "${key}": ${describeIssues(parsed.issues)}`);
      await raw().setValue(parsed.output);
    },
    async update(change) {
      const next = change(await this.get());
      await this.set(next);
      return next;
    },
    watch: (callback) => raw().watch((value) => callback(validate(value))),
    remove: () => raw().removeValue(),
  };
}

// ------------------------------------------------------------------------------------------
// Settings (not secret; the options page reads and writes them directly)

export const LanguageSettingSchema = v.picklist(['auto', 'de', 'en']);

const TemplatesSchema = v.object({
  title: v.optional(v.pipe(v.string(), v.maxLength(200)), ''),
  introduction: v.optional(v.pipe(v.string(), v.maxLength(2000)), ''),
  remark: v.optional(v.pipe(v.string(), v.maxLength(2000)), ''),
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
      /** Title, introduction and remark per invoice language; empty ones use the defaults. */
      texts: v.optional(v.object({ de: v.optional(TemplatesSchema, {}), en: v.optional(TemplatesSchema, {}) }), {}),
      /** null: the billing system's own default payment terms. */
      paymentTermDays: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(365))), null),
      domesticTaxRate: v.optional(v.picklist([19, 7]), 19),
      /** For customers without a choice of their own: 'auto' proposes from country and VAT ID. */
      defaultTaxCase: v.optional(v.picklist(['auto', ...TAX_CASES]), 'auto'),
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

export const SecretsSchema = v.object({
  lexware: v.optional(v.object({ apiKey: ApiKeySchema, savedAt: v.string() })),
  sevdesk: v.optional(v.object({ apiKey: ApiKeySchema, savedAt: v.string() })),
});
export type Secrets = v.InferOutput<typeof SecretsSchema>;

export const secretsItem = defineStoredItem('local:secrets', SecretsSchema, { fallback: {}, version: 1 });

/**
 * A key the user just typed, waiting for the background to test and keep it. The options
 * page writes it here (it never reads keys), so no runtime message ever carries a key; the
 * background empties it whatever the outcome.
 */
export const PendingApiKeySchema = v.nullable(v.object({ provider: ProviderIdSchema, apiKey: ApiKeySchema }));
export const pendingApiKeyItem = defineStoredItem('local:pendingApiKey', PendingApiKeySchema, { fallback: null, version: 1 });

// ------------------------------------------------------------------------------------------
// Invoice jobs (the journal): one key per job (`job:<id>`) plus an index, so a step of one
// job writes that job only. Jobs are validated one by one by the journal.

export const jobIndexItem = defineStoredItem('local:jobIndex', v.array(v.string()), { fallback: [], version: 1 });
export const jobKey = (id: string): `local:job:${string}` => `local:job:${id}`;
/** Where version 1 kept all jobs in one item; the journal moves them to their own keys. */
export const LEGACY_JOBS_KEY = 'local:jobs' as const;

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
});
export type CustomerLink = v.InferOutput<typeof CustomerLinkSchema>;

export const LinksSchema = v.object({
  lexware: v.optional(v.record(v.string(), CustomerLinkSchema), {}),
  sevdesk: v.optional(v.record(v.string(), CustomerLinkSchema), {}),
});
export type Links = v.InferOutput<typeof LinksSchema>;

export const linksItem = defineStoredItem('local:customerLinks', LinksSchema, { fallback: { lexware: {}, sevdesk: {} }, version: 1 });

// ------------------------------------------------------------------------------------------
// Tax case per customer (by customer key), when the user chose one.

export const taxCasesItem = defineStoredItem('local:customerTaxCases', v.record(v.string(), v.picklist(TAX_CASES)), { fallback: {}, version: 1 });

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
});
export type Site = v.InferOutput<typeof SiteSchema>;

/** v1 sites named no adapter: every one was served by the demo adapter, and keeps it. */
export const SITES_MIGRATIONS = {
  2: (old: unknown) => (Array.isArray(old) ? old.map((site: unknown) => (site && typeof site === 'object' && !('adapter' in site) ? { ...site, adapter: DEFAULT_ADAPTER_ID } : site)) : old),
};

export const sitesItem = defineStoredItem('local:sites', v.array(SiteSchema), { fallback: [], version: 2, migrations: SITES_MIGRATIONS });
