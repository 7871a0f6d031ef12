/**
 * Recipe health on a TMS that changed its skin (recipes.md A8: "health amber or red within
 * 2 s of ready"): the Frames sandbox serves its list under a mutation seed (churned classes,
 * permuted columns), the recipe engine's health watch runs on it from the moment the page is
 * ready, and the notice the user sees names what no longer reads, no later than 2 s after.
 * The recipe is the builder-made golden one, kept to its CSS fallbacks (what a recipe taught
 * by class names alone would hold); the golden recipe itself stays quiet on the same page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createKombiTms } from '@/sandbox/tms-frames/server';
import { inProcessFetch } from '@/tests/support/in-process-tms';
import { goldenRecipe } from '@/tests/support/mutation-suite';
import { panelTexts } from '@/utils/i18n/translate';
import { listHealth, weakFields } from '@/utils/tms/recipe/health';
import type { Locator, Recipe } from '@/utils/tms/recipe/schema';
import { watchRecipeHealth } from './recipe-health';

const SITE = 'http://kombi.test';
const READY_TO_NOTICE_MS = 2000;

const golden = goldenRecipe('frames', { frames: SITE });
/** The golden recipe with each list column read by its CSS fallback only (`td.k-nummer`…). */
const cssOnly = goldenRecipe('frames', { frames: SITE }, (raw) => {
  const summary = (raw.list as { summary: Record<string, { any: Locator[]; parse?: unknown }> }).summary;
  for (const [field, locator] of Object.entries(summary)) summary[field] = { ...locator.any[1]!, ...(locator.parse ? { parse: locator.parse } : {}) } as never;
});

/** Kombi's list as the sandbox serves it, under a mutation seed or plain. */
async function kombiList(skin: number | 'off'): Promise<{ html: string; url: URL }> {
  const servers = createKombiTms({ detailOrigin: () => 'http://detail.kombi.test' });
  const url = new URL(`${SITE}/kombi?ansicht=gleich&mutate=${skin}`);
  return { html: await (await inProcessFetch({ [SITE]: servers.top })(url)).text(), url };
}

/** Puts the page into this document at its address, as the tab shows it. */
function show(page: { html: string; url: URL }) {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(page.url.href);
  // Without its frame: the list is what the health reads, and frames do not load here.
  const parsed = new DOMParser().parseFromString(page.html.replace(/<iframe\b[^>]*><\/iframe>/g, ''), 'text/html');
  document.body.innerHTML = parsed.body.innerHTML;
}

/** The health notice's text, or null while there is none. */
const notice = () => document.querySelector('frachtbeleg-notice')?.shadowRoot?.textContent ?? null;

function watch(recipe: Recipe) {
  const ctx = new ContentScriptContext('test');
  watchRecipeHealth(ctx, listHealth, recipe, async () => ({ locale: 'en', texts: panelTexts('en') }));
  return ctx;
}

describe('recipe health on a TMS whose skin changed', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('is amber on the mutated list for the recipe kept to class names, naming every column it no longer finds; ok for the builder-made one', async () => {
    const mutated = await kombiList(3);
    show(mutated);
    const health = listHealth(cssOnly, document, mutated.url)!;
    expect(health).toMatchObject({ rows: 60, keyed: 60, level: 'amber' });
    expect(weakFields(health)).toEqual(['number', 'customer', 'price', 'status']);
    expect(listHealth(golden, document, mutated.url)?.level).toBe('ok');
    show(await kombiList('off'));
    expect(listHealth(cssOnly, document, new URL(`${SITE}/kombi?ansicht=gleich`))?.level).toBe('ok');
  });

  it('tells the user within 2 s of the page being ready', async () => {
    const mutated = await kombiList(5);
    vi.useFakeTimers();
    fakeBrowser.reset();
    show(mutated);
    const ctx = watch(cssOnly);
    await vi.advanceTimersByTimeAsync(READY_TO_NOTICE_MS);
    expect(notice()).toContain('Frachtbeleg may no longer read this page right with the recipe “Kombi Disposition”:');
    for (const field of ['Order number', 'Customer', 'Price', 'Status']) expect(notice()).toContain(`${field} found in 0 of 60 rows`);
    ctx.abort();
  });

  it('tells the user within 2 s of the rows appearing, when the list comes after the page (as a single-page TMS renders it)', async () => {
    const mutated = await kombiList(7);
    vi.useFakeTimers();
    fakeBrowser.reset();
    (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(mutated.url.href);
    const ctx = watch(cssOnly);
    await vi.advanceTimersByTimeAsync(1500);
    show(mutated);
    await vi.advanceTimersByTimeAsync(READY_TO_NOTICE_MS);
    expect(notice()).toContain('Price found in 0 of 60 rows');
    ctx.abort();
  });

  it('says nothing for the builder-made recipe on the same mutated list', async () => {
    const mutated = await kombiList(5);
    vi.useFakeTimers();
    fakeBrowser.reset();
    show(mutated);
    const ctx = watch(golden);
    await vi.advanceTimersByTimeAsync(READY_TO_NOTICE_MS * 2);
    expect(notice()).toBeNull();
    ctx.abort();
  });
});
