import { describe, expect, it, vi } from 'vitest';
import { followListPages, loadListPage, type ListPage } from './list-pages';

const SITE = 'http://tms.test';
const NEXT = { css: 'a[rel="next"]', attr: 'href' } as const;

/** A list page whose "Weiter »" leads to `next` (none: the last page). */
function page(path: string, next?: string): ListPage {
  const document = new DOMParser().parseFromString(`<main><table><tr><td>${path}</td></tr></table>${next ? `<a rel="next" href="${next}">Weiter »</a>` : ''}</main>`, 'text/html');
  return { document, url: new URL(path, SITE) };
}

/** The TMS's pages by path, loaded as the tab would. */
function site(pages: Record<string, string | undefined>) {
  return vi.fn(async (url: URL) => (url.pathname + url.search in pages ? page(url.pathname + url.search, pages[url.pathname + url.search]) : ('tms-unreachable' as const)));
}

const paths = (result: Awaited<ReturnType<typeof followListPages>>) => (result.ok ? result.pages.map((p) => p.url.pathname + p.url.search) : result.problem);

describe("a list's pages, followed by its “next page” link", () => {
  it('follows the link page by page to the last page', async () => {
    const load = site({ '/l?s=2': '/l?s=3', '/l?s=3': undefined });
    const result = await followListPages(page('/l', '/l?s=2'), { next: NEXT }, load);
    expect(paths(result)).toEqual(['/l', '/l?s=2', '/l?s=3']);
    expect(result).toMatchObject({ complete: true });
  });

  it('stops after the most pages allowed and says there are more', async () => {
    const load = site({ '/l?s=2': '/l?s=3', '/l?s=3': '/l?s=4', '/l?s=4': undefined });
    const result = await followListPages(page('/l', '/l?s=2'), { next: NEXT, max: 2 }, load);
    expect(paths(result)).toEqual(['/l', '/l?s=2']);
    expect(result).toMatchObject({ complete: false });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('never leaves the site’s origin and never reads a page twice', async () => {
    const away = await followListPages(page('/l', 'https://elsewhere.test/l?s=2'), { next: NEXT }, site({}));
    expect(paths(away)).toEqual(['/l']);
    const script = await followListPages(page('/l', 'javascript:alert(1)'), { next: NEXT }, site({}));
    expect(paths(script)).toEqual(['/l']);
    const load = site({ '/l?s=2': '/l#top' });
    const loop = await followListPages(page('/l', '/l?s=2'), { next: NEXT }, load);
    expect(paths(loop)).toEqual(['/l', '/l?s=2']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('says when a page on the way can’t be read, instead of counting fewer orders', async () => {
    const load = vi.fn(async (url: URL) => (url.search === '?s=2' ? page('/l?s=2', '/l?s=3') : ('session-expired' as const)));
    expect(await followListPages(page('/l', '/l?s=2'), { next: NEXT }, load)).toEqual({ ok: false, problem: 'session-expired' });
  });
});

describe('loading one page of the list with the tab’s session', () => {
  const answer = (response: Response | Error) => vi.fn<typeof fetch>(async () => {
    if (response instanceof Error) throw response;
    return response;
  });

  it('reads the page sent with the session, and names a sign-in page, a refusal or no answer', async () => {
    const fetchPage = answer(new Response('<main><p>Aufträge</p></main>', { status: 200 }));
    const loaded = await loadListPage(new URL(`${SITE}/l?s=2`), fetchPage);
    expect(typeof loaded === 'object' && loaded.document.querySelector('p')?.textContent).toBe('Aufträge');
    expect(fetchPage).toHaveBeenCalledWith(new URL(`${SITE}/l?s=2`), expect.objectContaining({ credentials: 'same-origin' }));

    expect(await loadListPage(new URL(`${SITE}/l`), answer(new Response('', { status: 401 })))).toBe('session-expired');
    expect(await loadListPage(new URL(`${SITE}/l`), answer(new Response('', { status: 500 })))).toBe('tms-unreachable');
    expect(await loadListPage(new URL(`${SITE}/l`), answer(new TypeError('Failed to fetch')))).toBe('tms-unreachable');
    const signIn = new Response('<form>Anmelden</form>', { status: 200 });
    Object.defineProperties(signIn, { redirected: { value: true }, url: { value: `${SITE}/anmelden?weiter=%2Fl` } });
    expect(await loadListPage(new URL(`${SITE}/l`), answer(signIn))).toBe('session-expired');
  });
});
