/**
 * One bad entry never wipes a store: for every stored collection, a stored value with one
 * malformed entry keeps every good entry through read, update and migration, and the bad
 * entry lands in the quarantine raw and unchanged.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ledgerEntry } from '@/tests/support/ledger';
import type { StoredItem } from './storage';
import { sevdeskLookupsItem } from './billing/sevdesk/lookups-item';
import {
  deleteQuarantined,
  jobIndexItem,
  ledgerItem,
  linksItem,
  pendingApiKeyItem,
  readQuarantine,
  secretsItem,
  seenCustomersItem,
  settingsItem,
  sitesItem,
  taxCasesItem,
  defineStoredItem,
  SettingsSchema,
  SETTINGS_ITEM_OPTIONS,
  SECRET_QUARANTINE_KEY,
} from './storage';

const stored = async (key: string) => (await fakeBrowser.storage.local.get(key))[key];

const link = (n: number) => ({ contactId: `c-${n}`, contactName: `Kontakt ${n}`, linkedAt: '2026-11-12T10:00:00.000Z' });
const seen = (n: number) => ({
  origin: 'http://127.0.0.1:4410',
  customer: { id: `C-${n}`, name: `Kunde ${n}` },
  seenAt: '2026-11-12T10:00:00.000Z',
});
const lookups = {
  fetchedAt: '2026-11-12T10:00:00.000Z',
  contactPersonId: '1',
  unities: [{ id: '1', name: 'Stück', translationCode: 'PIECE' }],
  taxRules: [{ id: '1', code: 'USTPFL_UMS_EINN', name: 'Umsatzsteuerpflichtig' }],
  countries: { DE: '1' },
  addressCategoryId: '47',
  emailKeyId: '2',
};
const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);

interface Case {
  name: string;
  storageKey: string;
  item: StoredItem<never>;
  /** The stored value: good entries plus exactly one bad one. */
  value: unknown;
  good: unknown;
  bad: { path: (string | number)[]; raw: unknown };
  /** A valid change for update(). */
  change: (current: never) => never;
  changed: unknown;
}

const cases: Case[] = [
  {
    name: 'ledger',
    storageKey: 'ledger',
    item: ledgerItem as never,
    value: [ledgerEntry(1), { ...ledgerEntry(2), positionNetMinor: 'twelve' }, ledgerEntry(3)],
    good: [ledgerEntry(1), ledgerEntry(3)],
    bad: { path: [1], raw: { ...ledgerEntry(2), positionNetMinor: 'twelve' } },
    change: ((l: unknown[]) => [...l, ledgerEntry(4)]) as never,
    changed: [ledgerEntry(1), ledgerEntry(3), ledgerEntry(4)],
  },
  {
    name: 'customer links',
    storageKey: 'customerLinks',
    item: linksItem as never,
    value: { lexware: { 'x|1': link(1), 'x|2': { contactName: 'ohne id' } }, sevdesk: { 'x|3': link(3) } },
    good: { lexware: { 'x|1': link(1) }, sevdesk: { 'x|3': link(3) } },
    bad: { path: ['lexware', 'x|2'], raw: { contactName: 'ohne id' } },
    change: ((l: { lexware: Record<string, unknown> }) => ({ ...l, lexware: { ...l.lexware, 'x|4': link(4) } })) as never,
    changed: { lexware: { 'x|1': link(1), 'x|4': link(4) }, sevdesk: { 'x|3': link(3) } },
  },
  {
    name: 'tax cases per customer',
    storageKey: 'customerTaxCases',
    item: taxCasesItem as never,
    value: { 'x|1': { taxCase: 'domestic' }, 'x|2': { taxCase: 'moonTax' }, 'x|3': { taxCase: 'thirdCountry' } },
    good: { 'x|1': { taxCase: 'domestic' }, 'x|3': { taxCase: 'thirdCountry' } },
    // Only the unreadable case goes; the customer's other settings would stay.
    bad: { path: ['x|2', 'taxCase'], raw: 'moonTax' },
    change: ((t: Record<string, unknown>) => ({ ...t, 'x|4': { taxCase: 'exemptCrossBorder' } })) as never,
    changed: { 'x|1': { taxCase: 'domestic' }, 'x|3': { taxCase: 'thirdCountry' }, 'x|4': { taxCase: 'exemptCrossBorder' } },
  },
  {
    name: 'sevdesk lookups',
    storageKey: 'sevdeskLookups',
    item: sevdeskLookupsItem as never,
    value: { [hashA]: lookups, [hashB]: { ...lookups, fetchedAt: 'yesterday' } },
    good: { [hashA]: lookups },
    bad: { path: [hashB], raw: { ...lookups, fetchedAt: 'yesterday' } },
    change: ((l: Record<string, unknown>) => ({ ...l, ['c'.repeat(64)]: lookups })) as never,
    changed: { [hashA]: lookups, ['c'.repeat(64)]: lookups },
  },
  {
    name: 'seen customers',
    storageKey: 'seenCustomers',
    item: seenCustomersItem as never,
    value: { 'x|1': seen(1), 'x|2': { ...seen(2), customer: { name: 'Kunde ohne Nummer' } } },
    good: { 'x|1': seen(1) },
    bad: { path: ['x|2'], raw: { ...seen(2), customer: { name: 'Kunde ohne Nummer' } } },
    change: ((s: Record<string, unknown>) => ({ ...s, 'x|3': seen(3) })) as never,
    changed: { 'x|1': seen(1), 'x|3': seen(3) },
  },
  {
    name: 'TMS sites',
    storageKey: 'sites',
    item: sitesItem as never,
    value: [{ origin: 'https://tms.example.de', addedAt: '2026-11-01', adapter: 'demo-tms' }, { origin: 'not a url', addedAt: '2026-11-02', adapter: 'demo-tms' }],
    good: [{ origin: 'https://tms.example.de', addedAt: '2026-11-01', adapter: 'demo-tms' }],
    bad: { path: [1], raw: { origin: 'not a url', addedAt: '2026-11-02', adapter: 'demo-tms' } },
    change: ((s: unknown[]) => [...s, { origin: 'https://tms2.example.de', addedAt: '2026-11-03', adapter: 'demo-tms' }]) as never,
    changed: [
      { origin: 'https://tms.example.de', addedAt: '2026-11-01', adapter: 'demo-tms' },
      { origin: 'https://tms2.example.de', addedAt: '2026-11-03', adapter: 'demo-tms' },
    ],
  },
  {
    name: 'job index',
    storageKey: 'jobIndex',
    item: jobIndexItem as never,
    value: ['a', 42, 'b'],
    good: ['a', 'b'],
    bad: { path: [1], raw: 42 },
    change: ((ids: string[]) => [...ids, 'c']) as never,
    changed: ['a', 'b', 'c'],
  },
  {
    name: 'settings (a field, not the whole)',
    storageKey: 'settings',
    item: settingsItem as never,
    value: { provider: 'sevdesk', language: 'en', invoice: { unitName: 'Fuhre', finalize: true, paymentTermDays: 'vierzehn' } },
    good: { provider: 'sevdesk', language: 'en', invoice: { unitName: 'Fuhre', finalize: true, paymentTermDays: null } },
    bad: { path: ['invoice', 'paymentTermDays'], raw: 'vierzehn' },
    change: ((s: { invoice: object }) => ({ ...s, invoice: { ...s.invoice, paymentTermDays: 14 } })) as never,
    changed: { provider: 'sevdesk', language: 'en', invoice: { unitName: 'Fuhre', finalize: true, paymentTermDays: 14 } },
  },
];

describe.each(cases)('$name with one bad entry', ({ storageKey, item, value, good, bad, change, changed }) => {
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  it('read keeps every good entry and moves the bad one, raw, to the quarantine', async () => {
    await fakeBrowser.storage.local.set({ [storageKey]: value });
    expect(await item.get()).toMatchObject(good as object);
    expect(await readQuarantine()).toMatchObject([{ key: `local:${storageKey}`, path: bad.path, raw: bad.raw }]);
    expect(await stored(storageKey)).toMatchObject(good as object);
    // Reading again quarantines nothing twice.
    await item.get();
    expect(await readQuarantine()).toHaveLength(1);
  });

  it('update keeps every good entry', async () => {
    await fakeBrowser.storage.local.set({ [storageKey]: value });
    await item.update(change);
    expect(await stored(storageKey)).toMatchObject(changed as object);
    expect(await readQuarantine()).toMatchObject([{ path: bad.path, raw: bad.raw }]);
  });

  it('deleting the quarantined entry does not bring it back', async () => {
    await fakeBrowser.storage.local.set({ [storageKey]: value });
    await item.get();
    await deleteQuarantined((await readQuarantine()).map((e) => e.id));
    await item.get();
    expect(await readQuarantine()).toEqual([]);
  });
});

describe('through a migration', () => {
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  it('settings of version 1 with one bad field keep every good field', async () => {
    await fakeBrowser.storage.local.set({
      settings: {
        provider: 'sevdesk',
        language: 'de',
        invoice: { unitName: 'Pauschale', finalize: true, language: 'en', domesticTaxRate: 16, templates: { title: 'Invoice {orderNumbers}', introduction: 'Hello', remark: '' } },
      },
      'settings$': { v: 1 },
    });
    const settings = await defineStoredItem('local:settings', SettingsSchema, SETTINGS_ITEM_OPTIONS).get();
    expect(settings).toMatchObject({
      provider: 'sevdesk',
      language: 'de',
      invoice: { unitName: 'Pauschale', finalize: true, language: 'en', domesticTaxRate: 19, texts: { en: { title: 'Invoice {orderNumbers}', introduction: 'Hello' } } },
    });
    expect(await readQuarantine()).toMatchObject([{ key: 'local:settings', path: ['invoice', 'domesticTaxRate'], raw: 16 }]);
  });

  it('TMS sites of version 1 (no adapter yet) with one bad entry: every good one gets the demo adapter', async () => {
    await fakeBrowser.storage.local.set({
      sites: [{ origin: 'https://tms.example.de', addedAt: '2026-11-01' }, { origin: 'kaputt', addedAt: '2026-11-02' }],
      'sites$': { v: 1 },
    });
    const { SiteSchema, SITES_MIGRATIONS } = await import('./storage');
    const v = await import('valibot');
    const sites = defineStoredItem('local:sites', v.array(SiteSchema), { fallback: [], version: 2, migrations: SITES_MIGRATIONS });
    expect(await sites.get()).toEqual([{ origin: 'https://tms.example.de', addedAt: '2026-11-01', adapter: 'demo-tms' }]);
    expect(await readQuarantine()).toMatchObject([{ key: 'local:sites', path: [1], raw: { origin: 'kaputt', addedAt: '2026-11-02', adapter: 'demo-tms' } }]);
  });

  it('tax cases per customer of version 1 (a bare case) become { taxCase }: all three old cases kept, a bad one quarantined', async () => {
    await fakeBrowser.storage.local.set({
      customerTaxCases: { 'x|1': 'domestic', 'x|2': 'intraEuReverseCharge', 'x|3': 'thirdCountry', 'x|4': 'moonTax' },
      'customerTaxCases$': { v: 1 },
    });
    const { CustomerTaxSchema, CUSTOMER_TAX_MIGRATIONS } = await import('./storage');
    const v = await import('valibot');
    const item = defineStoredItem('local:customerTaxCases', v.record(v.string(), CustomerTaxSchema), { fallback: {}, version: 2, migrations: CUSTOMER_TAX_MIGRATIONS });
    expect(await item.get()).toEqual({ 'x|1': { taxCase: 'domestic' }, 'x|2': { taxCase: 'intraEuReverseCharge' }, 'x|3': { taxCase: 'thirdCountry' }, 'x|4': {} });
    expect(await readQuarantine()).toMatchObject([{ key: 'local:customerTaxCases', path: ['x|4', 'taxCase'], raw: 'moonTax' }]);
  });

  it('a version-1 ledger with one bad entry keeps the others when a later version defines it', async () => {
    await fakeBrowser.storage.local.set({ ledger: [ledgerEntry(1), null, ledgerEntry(2)], 'ledger$': { v: 1 } });
    const LedgerSchema = (await import('./storage')).LedgerEntrySchema;
    const v = await import('valibot');
    const later = defineStoredItem('local:ledger', v.array(LedgerSchema), { fallback: [], version: 2, migrations: { 2: (old: unknown) => old } });
    expect(await later.get()).toEqual([ledgerEntry(1), ledgerEntry(2)]);
    expect(await readQuarantine()).toMatchObject([{ path: [1], raw: null }]);
  });
});

describe('secrets', () => {
  it('a bad API key entry is kept aside, but never listed or downloadable', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const goodKey = { apiKey: 'sandbox-lexware-7f3c9a2e51d84b06', savedAt: '2026-11-01T00:00:00.000Z' };
    await fakeBrowser.storage.local.set({ secrets: { lexware: goodKey, sevdesk: { apiKey: 'short', savedAt: 'x' } } });
    expect(await secretsItem.get()).toEqual({ lexware: goodKey });
    const listed = await readQuarantine();
    expect(listed).toMatchObject([{ key: 'local:secrets', path: ['sevdesk'], raw: null, redacted: true }]);
    expect(JSON.stringify(listed)).not.toContain('short');
    expect(JSON.stringify(await stored(SECRET_QUARANTINE_KEY.replace('local:', '')))).toContain('short');
    await deleteQuarantined([listed[0]!.id]);
    expect(await stored(SECRET_QUARANTINE_KEY.replace('local:', ''))).toBeUndefined();
  });

  it('a pending key that fails validation is redacted too', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await fakeBrowser.storage.local.set({ pendingApiKey: { provider: 'lexware', apiKey: 'abc' } });
    expect(await pendingApiKeyItem.get()).toBeNull();
    expect(JSON.stringify(await readQuarantine())).not.toContain('abc');
  });
});
