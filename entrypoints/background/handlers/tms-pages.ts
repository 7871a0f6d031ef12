/**
 * A recipe's detail pages on a second origin (recipes.md § 3.5): a TMS whose list links each
 * order into a frame served from another address. The list page's content script can't read
 * them itself (its requests are the page's, bound by CORS); the background can, once the user
 * granted that origin. Only GET, only an origin the sender's site recipe names in
 * `extraOrigins`, only HTML or JSON, bounded in size; the answer goes back to that tab alone.
 */
import { browser } from 'wxt/browser';
import type { RequestOf, ResponseOf, SenderInfo } from '@/utils/messaging';
import { sitesItem } from '@/utils/storage';
import { activeRecipe } from '@/utils/tms/recipe/store';
import { MAX_RESPONSE_CHARS } from '@/utils/tms/recipe/sources';
import { originPattern } from '@/utils/site-origin';

/** Sent with a 403 when the origin is named but not granted: the recipe reports `access-missing`. */
export const ACCESS_MISSING_STATUS = 403;

export async function fetchTmsPage(req: RequestOf<'fetchTmsPage'>, sender: SenderInfo, fetchImpl: typeof fetch = fetch): Promise<ResponseOf<'fetchTmsPage'>> {
  const refuse = (code: string, message: string) => ({ ok: false as const, error: { code, message } });
  if (!sender.fromContentScript) return refuse('tms-page-no-tab', 'Only a TMS page reads its own detail pages');
  const url = new URL(req.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('tms-page-refused', 'Only web addresses are read');
  const site = (await sitesItem.get()).find((s) => s.origin === sender.origin);
  const recipe = site ? await activeRecipe(site.adapter) : undefined;
  if (!recipe || !recipe.extraOrigins.includes(url.origin)) return refuse('tms-page-refused', `The recipe of this site does not name ${url.origin}`);
  if (!(await browser.permissions.contains({ origins: [originPattern(url.origin)] }))) {
    return { ok: true, status: ACCESS_MISSING_STATUS, contentType: 'x-frachtbeleg/access-missing', text: '' };
  }
  try {
    // The frame itself would load with the user's cookies of that origin: so does this read.
    const response = await fetchImpl(url, { credentials: 'include', redirect: 'follow', headers: { accept: 'text/html, application/json;q=0.9' } });
    const contentType = (response.headers.get('content-type') ?? '').slice(0, 200);
    if (!/html|json/i.test(contentType)) return { ok: true, status: response.ok ? 415 : response.status, contentType, text: '' };
    const text = await response.text();
    return text.length > MAX_RESPONSE_CHARS ? { ok: true, status: 413, contentType, text: '' } : { ok: true, status: response.status, contentType, text };
  } catch {
    return refuse('tms-unreachable', 'The TMS did not answer');
  }
}
