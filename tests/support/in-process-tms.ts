/**
 * Sandbox TMSs served without a socket: a request (a page's document, its module scripts, its
 * fetch calls, or the recipe engine's own reads) is answered by the servers' own route
 * handlers in this process (`answerInProcess`), so a test sees exactly what the sandbox
 * serves, the SPA's own JavaScript included, and needs no port.
 */
import { Browser, type BrowserPage } from 'happy-dom';
import { answerInProcess, type EmulatorDefinition, type EmuRequest } from '@/sandbox/kit/http';

/** The sandbox servers of a test, by the origin they are addressed as. */
export type InProcessServers = Record<string, EmulatorDefinition>;

interface Served {
  status: number;
  headers: Record<string, string>;
  /** null for statuses that carry no body (204, redirects). */
  body: string | null;
}

interface RequestLike {
  method: string;
  url: string;
  headers: { forEach(cb: (value: string, key: string) => void): void };
  text(): Promise<string>;
}

async function serve(servers: InProcessServers, request: RequestLike): Promise<Served> {
  const url = new URL(request.url);
  const def = servers[url.origin];
  if (!def) return { status: 502, headers: { 'content-type': 'text/plain' }, body: `no sandbox server for ${url.origin} in this test` };
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
  const method = request.method.toUpperCase();
  const rawBody = method === 'GET' || method === 'HEAD' ? '' : await request.text();
  let body: unknown;
  try {
    body = rawBody ? (JSON.parse(rawBody) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  const req: EmuRequest = { method, path: url.pathname, url, query: url.searchParams, headers, rawBody, body, params: {}, origin: url.origin };
  const answer = await answerInProcess(def, req);
  const out: Record<string, string> = { ...answer.headers };
  let payload = '';
  if (answer.json !== undefined) {
    payload = JSON.stringify(answer.json);
    out['content-type'] ??= 'application/json;charset=UTF-8';
  } else if (answer.html !== undefined) {
    payload = answer.html;
    out['content-type'] ??= 'text/html; charset=utf-8';
  } else if (answer.text !== undefined) {
    payload = answer.text;
    out['content-type'] ??= 'text/plain; charset=utf-8';
  }
  const empty = answer.status === 204 || answer.status === 304 || (answer.status >= 300 && answer.status < 400);
  return { status: answer.status, headers: out, body: empty ? null : payload };
}

/** A `fetch` whose requests go to the sandbox servers (the recipe engine's ReadContext.fetch). */
export function inProcessFetch(servers: InProcessServers): typeof fetch {
  return async (input, init) => {
    const request = new Request(input instanceof URL ? input.href : input, init);
    const served = await serve(servers, request);
    return new Response(served.body, { status: served.status, headers: served.headers });
  };
}

/**
 * A happy-dom browser whose requests go to the sandbox servers; a request to any other origin
 * fails (nothing leaves the process). Scripts run (the SPA sandboxes need them); frames do
 * not load. `onAnswer` sees every answer a page got, as the capture script would.
 */
export function inProcessBrowser(servers: InProcessServers, onAnswer?: (url: string, status: number, body: string) => void): Browser {
  return new Browser({
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      navigation: { disableChildFrameNavigation: true, disableChildPageNavigation: true },
      fetch: {
        interceptor: {
          async beforeAsyncRequest({ request, window }) {
            const served = await serve(servers, request);
            onAnswer?.(request.url, served.status, served.body ?? '');
            return new window.Response(served.body, { status: served.status, headers: served.headers });
          },
        },
      },
    },
  });
}

/** Opens `url` in a new page of the browser and waits until its scripts and requests are done. */
export async function openPage(browser: Browser, url: string): Promise<{ page: BrowserPage; document: Document }> {
  const page = browser.newPage();
  await page.goto(url);
  await page.waitUntilComplete();
  return { page, document: page.mainFrame.document as unknown as Document };
}

/** The DOM classes the recipe engine names as globals (`instanceof Element`, `new Event`, `CSS.escape`, `DOMParser`). */
const DOM_GLOBALS = ['Element', 'HTMLElement', 'HTMLInputElement', 'HTMLTextAreaElement', 'HTMLSelectElement', 'Node', 'Event', 'DOMParser', 'CSS'] as const;

/**
 * Makes a page's DOM classes this test's globals until the returned function is called: in the
 * extension the engine runs in the page's own window (a content script's world), where
 * `row instanceof Element` holds; a node test reading a happy-dom page needs the same.
 */
export function usePageGlobals(page: BrowserPage): () => void {
  const window = page.mainFrame.window as unknown as Record<string, unknown>;
  const global = globalThis as unknown as Record<string, unknown>;
  const before = DOM_GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(global, name)] as const);
  for (const name of DOM_GLOBALS) Object.defineProperty(global, name, { value: window[name], configurable: true, writable: true });
  return () => {
    for (const [name, descriptor] of before) {
      if (descriptor) Object.defineProperty(global, name, descriptor);
      else delete global[name];
    }
  };
}
