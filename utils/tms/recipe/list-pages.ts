/**
 * A recipe's list across its pages (`list.pages`): a TMS without an API that shows its orders
 * 25 to a page ("Weiter »") has most of them off the page on screen. The proposal and the
 * automatic drafts follow the list's own "next page" link, page by page, with the tab's
 * session: same origin only, never a page twice, at most `max` pages. Pages are parsed with
 * DOMParser, which runs no scripts. A sign-in page or an error on the way is said, never
 * read as "no more orders".
 */
import { locate } from './locate';
import type { Locator } from './schema';

export interface ListPage {
  document: Document;
  url: URL;
}

export type ListPageProblem = 'session-expired' | 'tms-unreachable';

export const DEFAULT_MAX_PAGES = 40;

/** Loads one page of the list with the tab's session; a redirect elsewhere is a sign-in page. */
export async function loadListPage(url: URL, fetchPage: typeof fetch, parse: (html: string) => Document = parseHtml): Promise<ListPage | ListPageProblem> {
  let response: Response;
  try {
    response = await fetchPage(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
  } catch {
    return 'tms-unreachable';
  }
  if (response.status === 401 || response.status === 403) return 'session-expired';
  if (!response.ok) return 'tms-unreachable';
  // A sign-in page answered in place of the list (redirected): the session has ended.
  if (response.redirected && new URL(response.url).pathname !== url.pathname) return 'session-expired';
  const text = await response.text().catch(() => null);
  if (text === null) return 'tms-unreachable';
  return { document: parse(text), url };
}

function parseHtml(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** The address the page's "next page" link leads to, when it stays on the page's origin. */
export function nextPageUrl(page: ListPage, next: Locator): URL | null {
  const found = locate(page.document, next);
  if (!found.ok) return null;
  let url: URL;
  try {
    url = new URL(found.value, page.url);
  } catch {
    return null;
  }
  return url.origin === page.url.origin && (url.protocol === 'https:' || url.protocol === 'http:') ? url : null;
}

/**
 * The list's pages from `first` on, following `next`. Ends at the last page (no next link),
 * at a page seen before, or after `max` pages (`complete: false`: there are more).
 */
export async function followListPages(
  first: ListPage,
  pages: { next: Locator; max?: number | undefined },
  load: (url: URL) => Promise<ListPage | ListPageProblem>,
): Promise<{ ok: true; pages: ListPage[]; complete: boolean } | { ok: false; problem: ListPageProblem }> {
  const max = pages.max ?? DEFAULT_MAX_PAGES;
  const out = [first];
  const seen = new Set([withoutHash(first.url)]);
  for (let page = first; ; ) {
    const url = nextPageUrl(page, pages.next);
    if (!url || seen.has(withoutHash(url))) return { ok: true, pages: out, complete: true };
    if (out.length >= max) return { ok: true, pages: out, complete: false };
    seen.add(withoutHash(url));
    const loaded = await load(url);
    if (typeof loaded === 'string') return { ok: false, problem: loaded };
    out.push(loaded);
    page = loaded;
  }
}

const withoutHash = (url: URL) => url.href.replace(/#.*$/, '');
