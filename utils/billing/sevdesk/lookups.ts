/**
 * Account data an invoice or a contact refers to by id: the user named as contact person,
 * units, tax rules, countries, the address category and the e-mail key. The ids differ per
 * account (there is no Unity 1 in many of them), so they are read from the account, never
 * hard-coded, and kept for a day per account. The account is known by a hash of its token;
 * the token itself is never stored.
 */
import * as v from 'valibot';
import { BillingError } from '../errors';
import type { HttpClient } from '../http';
import type { SevdeskRuleId } from './tax-rules';
import {
  BookkeepingVersionSchema,
  CategorySchema,
  CommunicationWayKeySchema,
  ListSchema,
  SevUserSchema,
  StaticCountrySchema,
  TaxRuleSchema,
  UnitySchema,
} from './schemas';
import { SEVDESK_TAX_RULES, findTaxRule } from './tax-rules';

const IdText = v.pipe(v.string(), v.regex(/^\d{1,18}$/));
const NullableText = v.nullable(v.string());

export const SevdeskLookupsSchema = v.object({
  /** When the lookups were read (ISO timestamp); they are read again after a day. */
  fetchedAt: v.pipe(v.string(), v.isoTimestamp()),
  /** The SevUser named as the invoice's contact person. */
  contactPersonId: IdText,
  unities: v.array(v.object({ id: IdText, name: NullableText, translationCode: NullableText })),
  taxRules: v.array(v.object({ id: IdText, code: NullableText, name: NullableText })),
  /** StaticCountry ids by ISO 3166 alpha-2 code (upper case). */
  countries: v.record(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/)), IdText),
  /** The ContactAddress category for billing addresses ("Rechnungsadresse"). */
  addressCategoryId: IdText,
  /** The CommunicationWayKey for business e-mail addresses ("Arbeit"). */
  emailKeyId: IdText,
});
export type SevdeskLookups = v.InferOutput<typeof SevdeskLookupsSchema>;

/** Where lookups are kept between calls; the lead persists them in storage.local. */
export interface LookupCache {
  get(accountKey: string): Promise<SevdeskLookups | undefined>;
  set(accountKey: string, value: SevdeskLookups): Promise<void>;
}

export function createMemoryLookupCache(): LookupCache {
  const entries = new Map<string, SevdeskLookups>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, value) => {
      entries.set(key, value);
    },
  };
}

export const LOOKUP_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** SHA-256 of the token, hex: identifies the account without revealing the token. */
export async function accountKeyFor(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Frachtbeleg speaks sevdesk-Update 2.0 (tax rules) only; 1.0 accounts need taxType/taxSet. */
export function assertBookkeeping2(version: string): void {
  if (/^2(\.0+)?$/.test(version.trim())) return;
  throw new BillingError(
    'unsupported',
    `This sevdesk account uses bookkeeping system version ${version || 'unknown'}. Frachtbeleg only supports accounts on sevdesk-Update 2.0 (tax rules).`,
  );
}

const lower = (text: string | null | undefined) => (text ?? '').trim().toLowerCase();

type Category = v.InferOutput<typeof CategorySchema>;
type CommunicationWayKey = v.InferOutput<typeof CommunicationWayKeySchema>;

/** "Rechnungsadresse"; an account without one gets its main or first address category. */
export function pickAddressCategory(categories: readonly Category[]): string | undefined {
  const own = categories.filter((c) => !c.objectType || c.objectType === 'ContactAddress');
  const is = (code: string, name: string) => (c: Category) =>
    c.code === code || (c.translationCode ?? '').endsWith(code) || lower(c.name) === name;
  return (own.find(is('INVOICE_ADDRESS', 'rechnungsadresse')) ?? own.find(is('MAIN_ADDRESS', 'hauptadresse')) ?? own[0])?.id;
}

/** "Arbeit": the key sevdesk's own contacts use for business e-mail addresses. */
export function pickEmailKey(keys: readonly CommunicationWayKey[]): string | undefined {
  return (keys.find((k) => k.translationCode === 'COMM_WAY_KEY_WORK' || ['arbeit', 'work'].includes(lower(k.name))) ?? keys[0])?.id;
}

/** Reads every lookup from the account, one request after the other (an error stops early). */
export async function fetchLookups(http: HttpClient, now: Date): Promise<SevdeskLookups> {
  const all = { limit: 1000 };
  const { data: version } = await http.get('/Tools/bookkeepingSystemVersion', { schema: BookkeepingVersionSchema });
  assertBookkeeping2(version.objects.version);
  const { data: users } = await http.get('/SevUser', { query: all, schema: ListSchema(SevUserSchema) });
  const { data: unities } = await http.get('/Unity', { query: all, schema: ListSchema(UnitySchema) });
  const { data: taxRules } = await http.get('/TaxRule', { query: all, schema: ListSchema(TaxRuleSchema) });
  const { data: countries } = await http.get('/StaticCountry', { query: all, schema: ListSchema(StaticCountrySchema) });
  const { data: categories } = await http.get('/Category', { query: { ...all, objectType: 'ContactAddress' }, schema: ListSchema(CategorySchema) });
  const { data: keys } = await http.get('/CommunicationWayKey', { query: all, schema: ListSchema(CommunicationWayKeySchema) });

  // The token's own user is not identifiable; like other clients, the first user answers.
  const contactPersonId = users.objects[0]?.id;
  const addressCategoryId = pickAddressCategory(categories.objects);
  const emailKeyId = pickEmailKey(keys.objects);
  const lacks = (what: string) => new BillingError('unsupported', `The sevdesk account lists no ${what}`);
  if (!contactPersonId) throw lacks('user (SevUser) to name as contact person');
  if (!addressCategoryId) throw lacks('contact address category');
  if (!emailKeyId) throw lacks('communication way key');
  const countryIds: Record<string, string> = {};
  for (const c of countries.objects) {
    const code = (c.code ?? '').trim().toUpperCase();
    if (/^[A-Z]{2}$/.test(code) && !(code in countryIds)) countryIds[code] = c.id;
  }
  return {
    fetchedAt: now.toISOString(),
    contactPersonId,
    unities: unities.objects.map((u) => ({ id: u.id, name: u.name ?? null, translationCode: u.translationCode ?? null })),
    taxRules: taxRules.objects.map((r) => ({ id: r.id, code: r.code ?? null, name: r.name ?? null })),
    countries: countryIds,
    addressCategoryId,
    emailKeyId,
  };
}

/**
 * The unit for a position: the account's unit of that name if there is one, else
 * "Pauschale" (UNITY_BLANKET, how a transport is priced), else "Stk" (UNITY_PIECE).
 */
export function unityFor(lookups: SevdeskLookups, unitName: string): string {
  const wanted = lower(unitName);
  const byCode = (code: string) => lookups.unities.find((u) => u.translationCode === code);
  const unity = lookups.unities.find((u) => lower(u.name) === wanted) ?? byCode('UNITY_BLANKET') ?? byCode('UNITY_PIECE') ?? lookups.unities[0];
  if (!unity) throw new BillingError('unsupported', 'The sevdesk account lists no units (Unity)');
  return unity.id;
}

export function taxRuleFor(lookups: SevdeskLookups, ruleId: SevdeskRuleId): string {
  const rule = findTaxRule(lookups.taxRules, ruleId);
  if (rule) return rule.id;
  const spec = SEVDESK_TAX_RULES[ruleId];
  throw new BillingError('unsupported', `The sevdesk account has no tax rule "${spec.label}" (${spec.code})`, {
    fields: [{ field: 'invoice.taxRule', key: 'taxType' }],
  });
}

export function countryIdFor(lookups: SevdeskLookups, code: string): string | undefined {
  return lookups.countries[code.toUpperCase()];
}

export function countryCodeOf(lookups: SevdeskLookups, id: string): string | undefined {
  return Object.entries(lookups.countries).find(([, countryId]) => countryId === id)?.[0];
}

export interface LookupResolver {
  /** The account's lookups; `fresh` when they were read from sevdesk just now. */
  get(): Promise<{ lookups: SevdeskLookups; fresh: boolean }>;
  /** Reads them from sevdesk again (after sevdesk refused a cached id). */
  refresh(): Promise<SevdeskLookups>;
}

export function createLookupResolver(deps: { http: HttpClient; cache: LookupCache; apiKey: () => string; now: () => Date }): LookupResolver {
  // Callers that need lookups at the same time share one reading.
  const reading = new Map<string, Promise<SevdeskLookups>>();

  function read(key: string): Promise<SevdeskLookups> {
    let pending = reading.get(key);
    if (!pending) {
      pending = fetchLookups(deps.http, deps.now())
        .then(async (lookups) => {
          try {
            await deps.cache.set(key, lookups);
          } catch (error) {
            // Not caching costs a few requests next time; it must not fail this one.
            console.warn('[frachtbeleg] could not cache sevdesk lookups', error);
          }
          return lookups;
        })
        .finally(() => reading.delete(key));
      reading.set(key, pending);
    }
    return pending;
  }

  async function cached(key: string): Promise<SevdeskLookups | undefined> {
    const parsed = v.safeParse(SevdeskLookupsSchema, await deps.cache.get(key));
    if (!parsed.success) return undefined;
    const age = deps.now().getTime() - Date.parse(parsed.output.fetchedAt);
    return age >= 0 && age < LOOKUP_MAX_AGE_MS ? parsed.output : undefined;
  }

  return {
    async get() {
      const key = await accountKeyFor(deps.apiKey());
      const hit = await cached(key);
      return hit ? { lookups: hit, fresh: false } : { lookups: await read(key), fresh: true };
    },
    async refresh() {
      return read(await accountKeyFor(deps.apiKey()));
    },
  };
}
