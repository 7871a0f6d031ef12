/**
 * A recipe's `fetch` sources: the TMS's own JSON (or HTML pages) requested on the page's own
 * origin with the user's session (`credentials: 'same-origin'`, as the code adapters do).
 * Answers are bounded (size, items) and every failure is a named ReadProblem per order:
 * 401/403 → session-expired, other errors and the network → tms-unreachable, a 404 for one
 * order → order-not-found, an answer that is not what the recipe describes → field-invalid
 * on the response. Nothing is retried here: the preview says what happened.
 */
import type { ReadContext, ReadProblem } from '../adapter';
import { jsonValues, type RecipeSource } from './read-fields';
import type { Recipe } from './schema';
import { ACCESS_HEADER } from '../access-missing';

type FetchSpec = NonNullable<NonNullable<Recipe['sources']>['fetch']>[string];

/** An answer larger than this is not read (the design's capture limit, 5 MB). */
export const MAX_RESPONSE_CHARS = 5_000_000;
/** Items taken from one answer. */
export const MAX_ITEMS = 5_000;
/** Ids per request of a batch URL ({ids}) when the recipe does not say. */
export const DEFAULT_BATCH = 200;
/** Parallel requests of a one-order URL ({id}): a TMS is not to be flooded. */
const PARALLEL = 6;

export type SourceAnswer = Map<string, { source: RecipeSource } | { problem: ReadProblem }>;

const badResponse: ReadProblem = { code: 'field-invalid', field: 'response' };

function statusProblem(status: number, single: boolean): ReadProblem {
  if (status === 401 || status === 403) return { code: 'session-expired' };
  if (status === 404 && single) return { code: 'order-not-found' };
  return { code: 'tms-unreachable' };
}

async function bodyOf(response: Response): Promise<{ json: unknown } | { html: Document } | null> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_RESPONSE_CHARS) return null;
  const type = response.headers.get('content-type') ?? '';
  // A JSON answer of declared, bounded size is parsed straight from its bytes (text() first
  // costs a third of a 300-order read); one of unknown size is read as text and measured.
  if (declared > 0 && /json/i.test(type)) return response.json().then((json: unknown) => ({ json }), () => null);
  const text = await response.text().catch(() => null);
  if (text === null || text.length > MAX_RESPONSE_CHARS) return null;
  // A TMS without a JSON API: its detail pages are read as saved pages are (DOMParser runs no scripts).
  if (/html/i.test(type) && typeof DOMParser !== 'undefined') return { html: new DOMParser().parseFromString(text, 'text/html') };
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

/**
 * The items of an answer by their key. The path without its last `[*]` must reach a list
 * (or object): `{ "orders": [] }` where `$.items[*]` was promised is a wrong answer, not
 * "no orders".
 */
function itemsOf(body: unknown, spec: FetchSpec): Map<string, unknown> | null {
  const items = new Map<string, unknown>();
  if (!spec.items) return null;
  const container = spec.items.replace(/\[\*\]$/, '');
  if (container !== spec.items && container !== '$' && !jsonValues(body, container).some((x) => typeof x === 'object' && x !== null)) return null;
  if (typeof body !== 'object' || body === null) return null;
  for (const item of jsonValues(body, spec.items).slice(0, MAX_ITEMS)) {
    const key = spec.key ? jsonValues(item, spec.key)[0] : undefined;
    if ((typeof key === 'string' && key !== '') || typeof key === 'number') items.set(String(key), item);
  }
  return items;
}

/** Extra request headers: the page's captured Authorization (`captured` auth), held in the tab only. */
type AuthHeaders = { authorization: string } | undefined;

async function request(url: URL, context: ReadContext, auth: AuthHeaders): Promise<{ response: Response } | { problem: ReadProblem }> {
  try {
    return { response: await context.fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json, text/html;q=0.9', ...auth } }) };
  } catch {
    return { problem: { code: 'tms-unreachable' } };
  }
}

/** Where a source's URL template points for these ids: the page's own origin, nothing else. */
function urlFor(spec: FetchSpec, ids: readonly string[], origin: string): URL | null {
  const path = spec.url.replace('{ids}', encodeURIComponent(ids.join(','))).replace('{id}', encodeURIComponent(ids[0] ?? ''));
  const url = new URL(path, origin);
  return url.origin === new URL(origin).origin ? url : null;
}

/** A batch URL ({ids}): one request per `batch` ids, all in flight together, as the demo adapter does. */
async function readBatches(spec: FetchSpec, ids: readonly string[], context: ReadContext, out: SourceAnswer, auth: AuthHeaders): Promise<void> {
  const size = spec.batch ?? DEFAULT_BATCH;
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
  await Promise.all(
    batches.map(async (batch) => {
      const fail = (problem: ReadProblem) => batch.forEach((id) => out.set(id, { problem }));
      const url = urlFor(spec, batch, context.origin);
      if (!url) return fail({ code: 'tms-unreachable' });
      const answer = await request(url, context, auth);
      if ('problem' in answer) return fail(answer.problem);
      const { response } = answer;
      if (!response.ok) return fail(statusProblem(response.status, false));
      const body = await bodyOf(response);
      const items = body && 'json' in body ? itemsOf(body.json, spec) : null;
      if (!items) return fail(badResponse);
      for (const id of batch) {
        const item = items.get(id);
        out.set(id, item === undefined ? { problem: { code: 'order-not-found' } } : { source: { kind: 'json', item } });
      }
    }),
  );
}

/** A one-order URL ({id}): the answer is the order (or holds it at `items`/`key`), or its page. */
async function readOne(spec: FetchSpec, id: string, context: ReadContext, out: SourceAnswer, container: (doc: Document) => ParentNode | null, auth: AuthHeaders): Promise<void> {
  const url = urlFor(spec, [id], context.origin);
  if (!url) return void out.set(id, { problem: { code: 'tms-unreachable' } });
  const answer = await request(url, context, auth);
  if ('problem' in answer) return void out.set(id, { problem: answer.problem });
  const { response } = answer;
  if (!response.ok) return void out.set(id, { problem: statusProblem(response.status, true) });
  const body = await bodyOf(response);
  if (!body) return void out.set(id, { problem: badResponse });
  if ('html' in body) {
    const root = container(body.html);
    return void out.set(id, root ? { source: { kind: 'html', root } } : { problem: { code: 'order-not-found' } });
  }
  if (!spec.items) return void out.set(id, typeof body.json === 'object' && body.json !== null ? { source: { kind: 'json', item: body.json } } : { problem: badResponse });
  const items = itemsOf(body.json, spec);
  const item = items?.get(id);
  out.set(id, !items ? { problem: badResponse } : item === undefined ? { problem: { code: 'order-not-found' } } : { source: { kind: 'json', item } });
}

/**
 * Reads the orders `ids` from one fetch source. Every id gets an answer: its source (a JSON
 * item or a fetched page's detail view) or the problem that kept it from being read.
 */
export async function readFetchSource(spec: FetchSpec, ids: readonly string[], context: ReadContext, container: (doc: Document) => ParentNode | null, auth?: AuthHeaders): Promise<SourceAnswer> {
  const out: SourceAnswer = new Map();
  if (spec.url.includes('{ids}')) {
    await readBatches(spec, ids, context, out, auth);
    return out;
  }
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      await readOne(spec, id, context, out, container, auth);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, worker));
  return out;
}

/**
 * The `link` source: each order's detail page at the address its list row links to (signed
 * links, or a frame served by a second origin, where no URL can be made from the key). Links
 * off the recipe's origins are never opened (`access-missing`). A page on the page's own
 * origin is fetched with the session, as `fetch` sources are; one on a second origin goes
 * through `context.fetch` as well, which in the extension hands it to the background (a
 * content script's own cross-origin request is subject to the page's CORS, the background's
 * is not once the user granted the origin).
 */
export async function readLinkedPages(links: ReadonlyMap<string, URL>, allowed: ReadonlySet<string>, context: ReadContext, container: (doc: Document) => ParentNode | null): Promise<SourceAnswer> {
  const out: SourceAnswer = new Map();
  const queue = [...links.entries()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [id, url] = next;
      if (!/^https?:$/.test(url.protocol) || !allowed.has(url.origin)) {
        out.set(id, { problem: { code: 'access-missing', field: 'source', host: url.host } });
        continue;
      }
      // No captured sign-in goes along: the linked page may be on another origin.
      const answer = await request(url, context, undefined);
      if ('problem' in answer) {
        out.set(id, { problem: answer.problem });
        continue;
      }
      const { response } = answer;
      // The background answers 403 with this header when the user has not granted the origin.
      if (response.headers.get(ACCESS_HEADER) === 'missing') {
        out.set(id, { problem: { code: 'access-missing', field: 'source', host: url.host } });
        continue;
      }
      if (!response.ok) {
        out.set(id, { problem: statusProblem(response.status, true) });
        continue;
      }
      const body = await bodyOf(response);
      const root = body && 'html' in body ? container(body.html) : null;
      out.set(id, root ? { source: { kind: 'html', root } } : { problem: body ? { code: 'order-not-found' } : badResponse });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, links.size) }, worker));
  return out;
}
