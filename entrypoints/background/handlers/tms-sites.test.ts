/**
 * The TMS sites handlers as the options page and the content script meet them: registered
 * with the real protocol behind WXT's fake browser, storage real (fake-browser), host
 * permissions and content-script registrations in memory (fake-browser has neither).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import { sitesItem } from '@/utils/storage';
import { adapterEntry } from '@/utils/tms/registry';
import { originPattern, scriptId } from '@/utils/site-origin';
import { contentScript, deliverMessagesFrom, extensionPage, otherExtension } from '@/tests/support/messaging';
import { fakeSitePermissions, type FakeSitePermissions } from '@/tests/support/site-permissions';
import { TMS_ORIGIN } from '@/tests/support/orders';
import { addSite, getSiteAdapter, getSites, isTmsSite, removeSite, seedSandboxSite, setSiteWritePaid, syncRegistrations } from './tms-sites';

const OTHER = 'https://tms.example.com';
const SEEDED_AT = '2026-11-01T09:00:00.000Z';
const script = (origin: string) => ({ id: scriptId(origin), matches: [originPattern(origin)], js: ['content-scripts/tms.js'], runAt: 'document_idle' as const, persistAcrossSessions: true });

let browser: FakeSitePermissions;

beforeEach(async () => {
  removeAllHandlers();
  browser = fakeSitePermissions({ granted: [originPattern(TMS_ORIGIN)] });
  // As the sandbox build starts: the demo TMS is a site (this also drops the background's
  // short-lived list of sites from the test before).
  await seedSandboxSite(TMS_ORIGIN, new Date(SEEDED_AT));
  handle('getSites', () => getSites());
  handle('getSiteAdapter', (req, sender) => getSiteAdapter(req, sender));
  handle('addSite', (req) => addSite(req));
  handle('removeSite', (req) => removeSite(req));
  handle('setSiteWritePaid', (req) => setSiteWritePaid(req));
  allowContentScriptsFrom(isTmsSite);
  deliverMessagesFrom(extensionPage('options.html'));
});

describe('seedSandboxSite', () => {
  it('starts an empty list with the demo TMS, and never adds to a list the user has', async () => {
    expect(await sitesItem.get()).toEqual([{ origin: TMS_ORIGIN, addedAt: SEEDED_AT, adapter: 'demo-tms' }]);
    await seedSandboxSite('http://127.0.0.1:9999');
    expect((await sitesItem.get()).map((s) => s.origin)).toEqual([TMS_ORIGIN]);
  });
});

describe('getSites', () => {
  it('lists each site with whether its permission is granted and its content script registered', async () => {
    await sitesItem.set([...(await sitesItem.get()), { origin: OTHER, addedAt: SEEDED_AT, adapter: 'demo-tms' }]);
    expect(await request('getSites', undefined)).toEqual({
      sites: [
        { origin: TMS_ORIGIN, addedAt: SEEDED_AT, adapter: 'demo-tms', granted: true, active: false },
        { origin: OTHER, addedAt: SEEDED_AT, adapter: 'demo-tms', granted: false, active: false },
      ],
      // The choices the options page offers for reading a site.
      adapters: [{ id: 'demo-tms', name: 'DemoTMS' }],
    });
    await syncRegistrations();
    const { sites } = await request('getSites', undefined);
    expect(sites.map((s) => [s.origin, s.active])).toEqual([
      [TMS_ORIGIN, true],
      [OTHER, false],
    ]);
  });

  it('lists nothing before the first site', async () => {
    await sitesItem.set([]);
    await expect(request('getSites', undefined)).resolves.toMatchObject({ sites: [] });
  });

  it('refuses a message with data and other extensions', async () => {
    await expect(request('getSites', { origin: OTHER } as never)).rejects.toThrow(/malformed "getSites"/);
    deliverMessagesFrom(otherExtension());
    await expect(request('getSites', undefined)).rejects.toThrow(/unknown sender/);
  });

  it('fails, rather than answering half, when the browser cannot list the registrations', async () => {
    vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockRejectedValue(new Error('scripting is unavailable'));
    await expect(request('getSites', undefined)).rejects.toThrow(/scripting is unavailable/);
  });
});

describe('getSiteAdapter', () => {
  it("tells a TMS page's content script which adapter serves its site", async () => {
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
    await expect(request('getSiteAdapter', { origin: TMS_ORIGIN })).resolves.toEqual({ adapter: 'demo-tms' });
  });

  it('tells a page nothing about another site', async () => {
    await sitesItem.set([...(await sitesItem.get()), { origin: OTHER, addedAt: SEEDED_AT, adapter: 'demo-tms' }]);
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
    await expect(request('getSiteAdapter', { origin: OTHER })).resolves.toEqual({ adapter: null });
    // The extension's own pages may ask about any site.
    deliverMessagesFrom(extensionPage('options.html'));
    await expect(request('getSiteAdapter', { origin: OTHER })).resolves.toEqual({ adapter: 'demo-tms' });
  });

  it('answers null for an origin that is no TMS site', async () => {
    await expect(request('getSiteAdapter', { origin: 'https://elsewhere.example.com' })).resolves.toEqual({ adapter: null });
  });

  it('names an adapter that is no longer shipped as it is stored, so the page can say it is missing', async () => {
    await sitesItem.set([{ origin: TMS_ORIGIN, addedAt: SEEDED_AT, adapter: 'retired-adapter' }]);
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
    const answer = await request('getSiteAdapter', { origin: TMS_ORIGIN });
    expect(answer).toEqual({ adapter: 'retired-adapter' });
    expect(adapterEntry(answer.adapter!)).toBeUndefined();
  });

  it('refuses pages that are no TMS site, other extensions, and a malformed origin', async () => {
    deliverMessagesFrom(contentScript('https://elsewhere.example.com/orders'));
    await expect(request('getSiteAdapter', { origin: 'https://elsewhere.example.com' })).rejects.toThrow(/not a TMS site/);
    deliverMessagesFrom(otherExtension());
    await expect(request('getSiteAdapter', { origin: TMS_ORIGIN })).rejects.toThrow(/unknown sender/);
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
    await expect(request('getSiteAdapter', { origin: 'not a url' })).rejects.toThrow(/malformed "getSiteAdapter"/);
  });
});

describe('addSite', () => {
  it('adds a granted site by its origin, with the default adapter, and registers the content script', async () => {
    browser.granted.add(originPattern(OTHER));
    await expect(request('addSite', { origin: `${OTHER}/orders?page=2` })).resolves.toEqual({ ok: true });

    const added = (await sitesItem.get()).find((s) => s.origin === OTHER);
    expect(added).toMatchObject({ origin: OTHER, adapter: 'demo-tms' });
    expect(Date.parse(added!.addedAt)).not.toBeNaN();
    expect(browser.scripts.get(scriptId(OTHER))).toEqual(script(OTHER));
    // Every granted site is registered, the demo TMS too.
    expect([...browser.scripts.keys()].sort()).toEqual([scriptId(TMS_ORIGIN), scriptId(OTHER)].sort());
  });

  it("lets the new site's content script in at once", async () => {
    deliverMessagesFrom(contentScript(`${OTHER}/orders`));
    await expect(request('getSiteAdapter', { origin: OTHER })).rejects.toThrow(/not a TMS site/);

    browser.granted.add(originPattern(OTHER));
    deliverMessagesFrom(extensionPage('options.html'));
    await request('addSite', { origin: OTHER, adapter: 'demo-tms' });

    deliverMessagesFrom(contentScript(`${OTHER}/orders`));
    await expect(request('getSiteAdapter', { origin: OTHER })).resolves.toEqual({ adapter: 'demo-tms' });
  });

  it('keeps a site added twice once, with its first date, and its one registration', async () => {
    await expect(request('addSite', { origin: `${TMS_ORIGIN}/` })).resolves.toEqual({ ok: true });
    await expect(request('addSite', { origin: TMS_ORIGIN })).resolves.toEqual({ ok: true });
    expect(await sitesItem.get()).toEqual([{ origin: TMS_ORIGIN, addedAt: SEEDED_AT, adapter: 'demo-tms' }]);
    expect([...browser.scripts.keys()]).toEqual([scriptId(TMS_ORIGIN)]);
  });

  it.each([
    ['a billing system', 'https://api.lexware.io', 'billing-host'],
    ['an address that is no web page', 'ftp://files.example.com', 'not-http'],
    ['an address with credentials', 'https://user:secret@tms.example.com', 'has-credentials'],
  ])('refuses %s and changes nothing', async (_, origin, problem) => {
    browser.granted.add(`${origin}/*`);
    const answer = await request('addSite', { origin });
    expect(answer).toEqual({ ok: false, error: { code: 'site-invalid', message: problem } });
    expect(JSON.stringify(answer)).not.toContain('secret');
    expect((await sitesItem.get()).map((s) => s.origin)).toEqual([TMS_ORIGIN]);
    expect(browser.scripts.size).toBe(0);
  });

  it('adds nothing when the user did not grant the permission', async () => {
    const answer = await request('addSite', { origin: OTHER });
    expect(answer).toMatchObject({ ok: false, error: { code: 'site-not-granted' } });
    expect((await sitesItem.get()).map((s) => s.origin)).toEqual([TMS_ORIGIN]);
    expect(browser.scripts.size).toBe(0);
  });

  it('refuses a message of the wrong shape, an unknown adapter and other extensions', async () => {
    browser.granted.add(originPattern(OTHER));
    await expect(request('addSite', { origin: 'tms.example.com' })).rejects.toThrow(/malformed "addSite"/);
    await expect(request('addSite', { origin: OTHER, adapter: 'no-such-adapter' } as never)).rejects.toThrow(/malformed "addSite"/);
    deliverMessagesFrom(otherExtension());
    await expect(request('addSite', { origin: OTHER })).rejects.toThrow(/unknown sender/);
    expect((await sitesItem.get()).map((s) => s.origin)).toEqual([TMS_ORIGIN]);
  });

  it('reports a registration the browser refused; the site stays listed, not active', async () => {
    browser.granted.add(originPattern(OTHER));
    vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockRejectedValue(new Error('Invalid match pattern'));
    await expect(request('addSite', { origin: OTHER })).rejects.toThrow(/Invalid match pattern/);
    const { sites } = await request('getSites', undefined);
    expect(sites.find((s) => s.origin === OTHER)).toMatchObject({ granted: true, active: false });
  });
});

describe('setSiteWritePaid', () => {
  it('keeps the choice on the site, lists it, and refuses a site that is not in the list', async () => {
    await expect(request('setSiteWritePaid', { origin: TMS_ORIGIN, writePaid: true })).resolves.toEqual({ ok: true });
    expect((await sitesItem.get())[0]).toEqual({ origin: TMS_ORIGIN, addedAt: SEEDED_AT, adapter: 'demo-tms', writePaid: true });
    expect((await request('getSites', undefined)).sites[0]!.writePaid).toBe(true);
    await expect(request('setSiteWritePaid', { origin: OTHER, writePaid: true })).resolves.toMatchObject({ ok: false, error: { code: 'site-unknown' } });
    expect((await sitesItem.get()).map((s) => s.origin)).toEqual([TMS_ORIGIN]);
  });
});

describe('removeSite', () => {
  it('removes the site, its content script and its permission, and shuts its page out', async () => {
    await syncRegistrations();
    await expect(request('removeSite', { origin: TMS_ORIGIN })).resolves.toEqual({ ok: true });
    expect(await sitesItem.get()).toEqual([]);
    expect(browser.scripts.size).toBe(0);
    expect(browser.granted.has(originPattern(TMS_ORIGIN))).toBe(false);
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
    await expect(request('getSiteAdapter', { origin: TMS_ORIGIN })).rejects.toThrow(/not a TMS site/);
  });

  it('removes a site whose permission the manifest requires (the sandbox build), keeping the permission', async () => {
    browser.required.add(originPattern(TMS_ORIGIN));
    await syncRegistrations();
    await expect(request('removeSite', { origin: TMS_ORIGIN })).resolves.toEqual({ ok: true });
    expect(await sitesItem.get()).toEqual([]);
    expect(browser.scripts.size).toBe(0);
    expect(browser.granted.has(originPattern(TMS_ORIGIN))).toBe(true);
  });

  it('keeps the other sites, and is fine with a site that is not listed', async () => {
    browser.granted.add(originPattern(OTHER));
    await request('addSite', { origin: OTHER });
    await expect(request('removeSite', { origin: 'https://unknown.example.com' })).resolves.toEqual({ ok: true });
    await expect(request('removeSite', { origin: TMS_ORIGIN })).resolves.toEqual({ ok: true });
    expect((await sitesItem.get()).map((s) => s.origin)).toEqual([OTHER]);
    expect([...browser.scripts.keys()]).toEqual([scriptId(OTHER)]);
  });

  it('refuses a message of the wrong shape and other extensions, and removes nothing', async () => {
    await expect(request('removeSite', { origin: 42 } as never)).rejects.toThrow(/malformed "removeSite"/);
    deliverMessagesFrom(otherExtension());
    await expect(request('removeSite', { origin: TMS_ORIGIN })).rejects.toThrow(/unknown sender/);
    expect((await sitesItem.get()).map((s) => s.origin)).toEqual([TMS_ORIGIN]);
    expect(browser.granted.has(originPattern(TMS_ORIGIN))).toBe(true);
  });
});

describe('syncRegistrations', () => {
  it('registers each granted site once and unregisters sites that are gone or no longer granted', async () => {
    const GONE = 'https://gone.example.com';
    const REVOKED = 'https://revoked.example.com';
    browser = fakeSitePermissions({
      granted: [originPattern(TMS_ORIGIN), originPattern(GONE)],
      scripts: [script(TMS_ORIGIN), script(GONE), script(REVOKED), { id: 'not-ours', matches: ['https://x.example.com/*'], js: ['other.js'] }],
    });
    browser.granted.add(originPattern(OTHER));
    await sitesItem.set([
      { origin: TMS_ORIGIN, addedAt: SEEDED_AT, adapter: 'demo-tms' },
      { origin: REVOKED, addedAt: SEEDED_AT, adapter: 'demo-tms' },
      { origin: OTHER, addedAt: SEEDED_AT, adapter: 'demo-tms' },
    ]);

    await syncRegistrations();

    // The demo TMS kept its registration (a second one would have thrown), the new site got
    // one, and scripts of other parts of the extension were left alone.
    expect([...browser.scripts.keys()].sort()).toEqual(['not-ours', scriptId(TMS_ORIGIN), scriptId(OTHER)].sort());
    expect(browser.scripts.get(scriptId(OTHER))).toEqual(script(OTHER));
  });

  it('changes nothing when everything matches', async () => {
    await syncRegistrations();
    const before = [...browser.scripts.values()];
    await syncRegistrations();
    expect([...browser.scripts.values()]).toEqual(before);
  });
});

describe('syncRegistrations in Firefox (MV2: no scripting API, registrations live with the background page)', () => {
  it('registers each granted site through contentScripts.register, and unregisters a removed site by its handle', async () => {
    const registered = new Map<string, { matches: string[]; js: { file: string }[]; runAt: string }>();
    const contentScripts = {
      register: vi.fn(async (options: { matches: string[]; js: { file: string }[]; runAt: string }) => {
        registered.set(options.matches[0]!, options);
        return { unregister: vi.fn(async () => void registered.delete(options.matches[0]!)) };
      }),
    };
    const scripting = fakeBrowser.scripting as unknown as Record<string, unknown>;
    const chromium = scripting.registerContentScripts;
    scripting.registerContentScripts = undefined;
    (fakeBrowser as unknown as { contentScripts?: unknown }).contentScripts = contentScripts;
    try {
      // The background picks its registry once, at first use: a fresh copy of the module.
      vi.resetModules();
      const firefox = await import('./tms-sites');
      browser.granted.add(originPattern(OTHER));
      await sitesItem.set([...(await sitesItem.get()), { origin: OTHER, addedAt: SEEDED_AT, adapter: 'demo-tms' }]);

      await firefox.syncRegistrations();
      await firefox.syncRegistrations();

      expect(contentScripts.register).toHaveBeenCalledTimes(2);
      expect(registered.get(originPattern(OTHER))).toEqual({ matches: [originPattern(OTHER)], js: [{ file: 'content-scripts/tms.js' }], runAt: 'document_idle' });
      expect((await firefox.getSites()).sites.map((s) => [s.origin, s.active])).toEqual([
        [TMS_ORIGIN, true],
        [OTHER, true],
      ]);

      await expect(firefox.removeSite({ origin: OTHER })).resolves.toEqual({ ok: true });
      expect([...registered.keys()]).toEqual([originPattern(TMS_ORIGIN)]);
    } finally {
      scripting.registerContentScripts = chromium;
      delete (fakeBrowser as unknown as { contentScripts?: unknown }).contentScripts;
    }
  });
});

describe('getSiteAdapter: a site served by a recipe', () => {
  async function recipeSite(paused = false) {
    const { validateRecipe } = await import('@/utils/tms/recipe/schema');
    const { recipesItem, recipeAdapterId } = await import('@/utils/tms/recipe/store');
    const demo = (await import('@/utils/tms/demo/demo.recipe.json')).default;
    const checked = validateRecipe({ ...demo, tests: [{ name: 'saved page', url: `${TMS_ORIGIN}/orders`, html: '<html></html>', expected: [] }] });
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
    const recipe = checked.recipe;
    await recipesItem.set({ [recipe.id]: { recipe, paused, savedAt: SEEDED_AT } });
    await sitesItem.set([{ origin: TMS_ORIGIN, addedAt: SEEDED_AT, adapter: recipeAdapterId(recipe.id) }]);
    return recipe;
  }

  it('sends the page its recipe, without the saved test pages', async () => {
    const recipe = await recipeSite();
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
    const answer = await request('getSiteAdapter', { origin: TMS_ORIGIN });
    expect(answer.adapter).toBe(`recipe:${recipe.id}`);
    expect(answer.recipe).toMatchObject({ id: recipe.id, revision: recipe.revision, tests: [] });
  });

  it('a paused or deleted recipe sends none: the page says its adapter is missing', async () => {
    const recipe = await recipeSite(true);
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
    expect(await request('getSiteAdapter', { origin: TMS_ORIGIN })).toEqual({ adapter: `recipe:${recipe.id}` });
  });

  it('the background records invoices with the recipe\'s write-back, and with none once it is paused', async () => {
    const recipe = await recipeSite();
    const { writeBackFor } = await import('../services/job-service');
    expect((await writeBackFor(`recipe:${recipe.id}`))?.id).toBe(`recipe:${recipe.id}`);
    const { recipesItem } = await import('@/utils/tms/recipe/store');
    await recipesItem.update((all) => ({ ...all, [recipe.id]: { ...all[recipe.id]!, paused: true } }));
    expect(await writeBackFor(`recipe:${recipe.id}`)).toBeUndefined();
    expect((await writeBackFor('demo-tms'))?.id).toBe('demo-tms');
  });
});
