import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defineStoredItem, DEFAULT_SETTINGS, InvalidStoredValue, readQuarantine, settingsItem, SettingsSchema, SETTINGS_ITEM_OPTIONS, SiteSchema, SITES_MIGRATIONS, sitesItem } from './storage';

const NoteSchema = v.object({ text: v.pipe(v.string(), v.minLength(1)), count: v.optional(v.number(), 0) });
const fallback = { text: 'nothing yet', count: 0 };

const stored = async (key: string) => (await fakeBrowser.storage.local.get(key))[key];

describe('defineStoredItem', () => {
  it('returns the fallback when nothing is stored', async () => {
    const item = defineStoredItem('local:note', NoteSchema, { fallback, version: 1 });
    await expect(item.get()).resolves.toEqual(fallback);
  });

  it('returns a stored value validated, with the schema\'s defaults filled in', async () => {
    await fakeBrowser.storage.local.set({ note: { text: 'hello' } });
    const item = defineStoredItem('local:note', NoteSchema, { fallback, version: 1 });
    await expect(item.get()).resolves.toEqual({ text: 'hello', count: 0 });
  });

  it('moves a value that is invalid as a whole, raw, to the quarantine, and falls back', async () => {
    const damaged = { text: '', count: 'three' };
    await fakeBrowser.storage.local.set({ note: damaged });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const item = defineStoredItem('local:note', NoteSchema, { fallback, version: 1 });

    await expect(item.get()).resolves.toEqual(fallback);

    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('local:note');
    expect(await readQuarantine()).toMatchObject([{ key: 'local:note', path: [], raw: damaged }]);
    expect(await stored('note')).toBeUndefined();
  });

  it('stores a valid value and reads it back', async () => {
    const item = defineStoredItem('local:note', NoteSchema, { fallback, version: 1 });
    await item.set({ text: 'kept', count: 2 });
    expect(await stored('note')).toEqual({ text: 'kept', count: 2 });
    await expect(item.get()).resolves.toEqual({ text: 'kept', count: 2 });
  });

  it('refuses to store an invalid value and writes nothing', async () => {
    await fakeBrowser.storage.local.set({ note: { text: 'before', count: 1 } });
    const item = defineStoredItem('local:note', NoteSchema, { fallback, version: 1 });

    await expect(item.set({ text: '', count: 5 })).rejects.toBeInstanceOf(InvalidStoredValue);

    expect(await stored('note')).toEqual({ text: 'before', count: 1 });
  });

  it('updates from the current value', async () => {
    await fakeBrowser.storage.local.set({ note: { text: 'tally', count: 1 } });
    const item = defineStoredItem('local:note', NoteSchema, { fallback, version: 1 });
    await expect(item.update((n) => ({ ...n, count: n.count + 1 }))).resolves.toEqual({ text: 'tally', count: 2 });
    expect(await stored('note')).toEqual({ text: 'tally', count: 2 });
  });

  it('applies concurrent updates one after another, so none is lost', async () => {
    await fakeBrowser.storage.local.set({ note: { text: 'tally', count: 0 } });
    const item = defineStoredItem('local:note', NoteSchema, { fallback, version: 1 });
    const other = defineStoredItem('local:note', NoteSchema, { fallback, version: 1 });

    await Promise.all([
      ...Array.from({ length: 5 }, () => item.update((n) => ({ ...n, count: n.count + 1 }))),
      ...Array.from({ length: 5 }, () => other.update((n) => ({ ...n, count: n.count + 1 }))),
    ]);

    expect(await stored('note')).toEqual({ text: 'tally', count: 10 });
  });

  it('lets only the first of two concurrent claims take a free slot', async () => {
    const item = defineStoredItem('local:note', NoteSchema, { fallback, version: 1 });
    const claim = async (who: string) => {
      let taken = false;
      await item.update((n) => {
        if (n.text !== fallback.text) return n;
        taken = true;
        return { ...n, text: who };
      });
      return taken;
    };

    expect(await Promise.all([claim('alarm'), claim('tab')])).toEqual([true, false]);
    expect(await stored('note')).toEqual({ text: 'alarm', count: 0 });
  });

  it('goes on after a refused write', async () => {
    const item = defineStoredItem('local:note', NoteSchema, { fallback, version: 1 });
    const refused = item.update(() => ({ text: '', count: 1 }));
    const next = item.update((n) => ({ ...n, text: 'after', count: n.count + 1 }));

    await expect(refused).rejects.toBeInstanceOf(InvalidStoredValue);
    await expect(next).resolves.toEqual({ text: 'after', count: 1 });
  });

  it('removes the value, so the fallback comes back', async () => {
    await fakeBrowser.storage.local.set({ note: { text: 'gone soon', count: 1 } });
    const item = defineStoredItem('local:note', NoteSchema, { fallback, version: 1 });
    await item.remove();
    expect(await stored('note')).toBeUndefined();
    await expect(item.get()).resolves.toEqual(fallback);
  });
});

describe('settingsItem', () => {
  it('gives the defaults when nothing is stored', async () => {
    await expect(settingsItem.get()).resolves.toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ provider: 'lexware', language: 'auto', invoice: { unitName: 'Transport', finalize: false } });
  });

  it('fills in fields an older version did not store', async () => {
    await fakeBrowser.storage.local.set({ settings: { provider: 'lexware' } });
    await expect(settingsItem.get()).resolves.toEqual({
      provider: 'lexware',
      language: 'auto',
      invoice: {
        unitName: 'Transport',
        finalize: false,
        language: 'de',
        extraFields: [],
        texts: { de: { title: '', introduction: '', remark: '', references: '' }, en: { title: '', introduction: '', remark: '', references: '' } },
        paymentTermDays: null,
        domesticTaxRate: 19,
        defaultTaxCase: 'auto',
        priceWarningLimit: 100_000,
        // "Issue e-invoices" is on for everyone who never chose.
        eInvoice: { issue: true, seller: {} },
      },
    });
  });

  it('keeps what the user chose and fills in the rest of the invoice settings', async () => {
    await fakeBrowser.storage.local.set({ settings: { provider: 'sevdesk', invoice: { unitName: 'Fuhre', finalize: true } } });
    const settings = await settingsItem.get();
    expect(settings).toMatchObject({ provider: 'sevdesk', language: 'auto', invoice: { unitName: 'Fuhre', finalize: true, domesticTaxRate: 19, extraFields: [] } });
  });

  it('refuses an empty unit name', async () => {
    await expect(settingsItem.set({ ...DEFAULT_SETTINGS, invoice: { ...DEFAULT_SETTINGS.invoice, unitName: '   ' } })).rejects.toBeInstanceOf(InvalidStoredValue);
    expect(await stored('settings')).toBeUndefined();
  });
});

describe('settings migrations', () => {
  it('migrates settings of the first schema (v1) to the current one, losing nothing', async () => {
    // What version 1 of the extension stored: one set of templates, for the invoice language.
    await fakeBrowser.storage.local.set({
      settings: {
        provider: 'sevdesk',
        language: 'de',
        invoice: { unitName: 'Pauschale', finalize: true, language: 'en', templates: { title: 'Invoice {orderNumbers}', introduction: 'Hello', remark: '' } },
      },
      'settings$': { v: 1 },
    });
    // The item as the new version of the extension defines it when it starts.
    const settings = await defineStoredItem('local:settings', SettingsSchema, SETTINGS_ITEM_OPTIONS).get();
    expect(settings.provider).toBe('sevdesk');
    expect(settings.invoice).toMatchObject({
      unitName: 'Pauschale',
      finalize: true,
      language: 'en',
      texts: { en: { title: 'Invoice {orderNumbers}', introduction: 'Hello', remark: '' }, de: { title: '', introduction: '', remark: '' } },
      defaultTaxCase: 'auto',
    });
    const raw = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(raw['settings$']).toMatchObject({ v: 2 });
    expect((raw.settings as { invoice: Record<string, unknown> }).invoice.templates).toBeUndefined();
  });

  it('leaves current settings alone', async () => {
    await settingsItem.set({ ...DEFAULT_SETTINGS, invoice: { ...DEFAULT_SETTINGS.invoice, unitName: 'Fahrt' } });
    expect((await settingsItem.get()).invoice.unitName).toBe('Fahrt');
  });
});

describe('sites migration', () => {
  it('gives every site of the first schema (v1) the demo adapter, keeping every entry', async () => {
    const v1 = [
      { origin: 'https://tms.example.com', addedAt: '2026-01-02T10:00:00.000Z' },
      { origin: 'http://127.0.0.1:4410', addedAt: '2026-01-03T10:00:00.000Z' },
    ];
    await fakeBrowser.storage.local.set({ sites: v1, 'sites$': { v: 1 } });
    const sites = await defineStoredItem('local:sites', v.array(SiteSchema), { fallback: [], version: 2, migrations: SITES_MIGRATIONS }).get();
    expect(sites).toEqual(v1.map((site) => ({ ...site, adapter: 'demo-tms' })));
    expect((await fakeBrowser.storage.local.get('sites$'))['sites$']).toMatchObject({ v: 2 });
  });

  it('keeps a site whose adapter is not shipped, with its adapter named', async () => {
    await sitesItem.set([{ origin: 'https://tms.example.com', addedAt: '2026-01-02T10:00:00.000Z', adapter: 'retired-tms' }]);
    expect(await sitesItem.get()).toEqual([{ origin: 'https://tms.example.com', addedAt: '2026-01-02T10:00:00.000Z', adapter: 'retired-tms' }]);
  });
});
