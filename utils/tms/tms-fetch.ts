/**
 * The `fetch` a TMS page's content script reads orders with: the page's own requests on its
 * own origin (with its session, as before), and a recipe's second origin (detail pages in a
 * frame served from another address) through the background, which may read a granted origin
 * where the page's CORS would stop the content script. The answer comes back as a Response,
 * so the recipe reads both alike; a named origin the user has not granted comes back as 403
 * with `x-frachtbeleg-access: missing`, which the recipe reports as `access-missing`.
 */
import { request } from '../messaging';
import { ACCESS_HEADER } from './access-missing';

export function tmsFetch(pageOrigin: string, pageFetch: typeof fetch = window.fetch.bind(window)): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), pageOrigin);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (url.origin === pageOrigin || method !== 'GET') return pageFetch(input, init);
    const answer = await request('fetchTmsPage', { url: url.href });
    if (!answer.ok) throw new TypeError(answer.error.message);
    if (answer.contentType === 'x-frachtbeleg/access-missing') return new Response(null, { status: 403, headers: { [ACCESS_HEADER]: 'missing' } });
    return new Response(answer.text, { status: answer.status, headers: { 'content-type': answer.contentType } });
  };
}
