/**
 * The capture script's logic, run in the page's own (main) world at document_start on TMS
 * sites whose recipe captures (recipes.md § 3.6). Read-only: it wraps `fetch` and
 * `XMLHttpRequest` to look at the page's own answers (`res.clone()`, the page gets its
 * response untouched) and forwards, by `window.postMessage` to the recipe engine in the
 * isolated world, only
 * - JSON answers of the page's own origin whose URL matches one of the patterns the engine
 *   sent (at most 5 MB each), and
 * - the page's own `Authorization` header, only when the engine asked for it (`captured`
 *   auth), from same-origin requests only, and only when it changed.
 * It gets nothing but URL patterns and that flag, and evaluates nothing from any data. The
 * page can see and forge everything on this channel (it is the page's own window): the
 * engine checks every envelope again, and what travels here is the page's own data.
 *
 * Until the patterns arrive (the engine starts at document_idle, after the TMS's first
 * requests) same-origin JSON answers are held, at most 2 MB for 10 s, and the patterns
 * then pick from them.
 */
import { CAPTURE_CHANNEL, MAX_AUTHORIZATION_CHARS, MAX_CAPTURED_CHARS, MAX_CAPTURE_PATTERNS, MAX_CAPTURE_URL_CHARS, capturePatternMatches } from './capture-pattern';

export const EARLY_BUFFER_CHARS = 2_000_000;
export const EARLY_BUFFER_MS = 10_000;

interface Config {
  patterns: string[];
  auth: boolean;
}

type PageWindow = Pick<Window, 'addEventListener' | 'postMessage' | 'location'> & { fetch: typeof fetch; XMLHttpRequest: typeof XMLHttpRequest };

function configOf(data: unknown): Config | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (d.channel !== CAPTURE_CHANNEL || d.kind !== 'config' || typeof d.auth !== 'boolean' || !Array.isArray(d.patterns)) return null;
  const patterns = d.patterns.filter((p): p is string => typeof p === 'string' && p.startsWith('/') && p.length <= 200).slice(0, MAX_CAPTURE_PATTERNS);
  return { patterns, auth: d.auth };
}

export function installPageCapture(win: PageWindow, now: () => number = Date.now): void {
  const origin = win.location.origin;
  const started = now();
  let config: Config | null = null;
  let early: { url: string; body: string }[] = [];
  let earlyChars = 0;
  let earlyAuth: string | null = null;
  let sentAuth: string | null = null;

  const post = (message: Record<string, unknown>) => win.postMessage({ channel: CAPTURE_CHANNEL, ...message }, origin);
  const holding = () => config === null && now() - started <= EARLY_BUFFER_MS;
  const matches = (url: URL) => !!config && config.patterns.some((p) => capturePatternMatches(p, url, origin));

  const urlOf = (input: unknown): URL | null => {
    try {
      const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : (input as Request).url;
      return raw.length <= MAX_CAPTURE_URL_CHARS ? new URL(raw, win.location.href) : null;
    } catch {
      return null;
    }
  };

  const sawAuthorization = (url: URL, value: string | null) => {
    if (!value || url.origin !== origin || value.length > MAX_AUTHORIZATION_CHARS) return;
    if (config === null) earlyAuth = value;
    else if (config.auth && value !== sentAuth) {
      sentAuth = value;
      post({ kind: 'auth', url: url.href, authorization: value });
    }
  };

  const sawAnswer = (url: URL, body: string) => {
    if (body.length > MAX_CAPTURED_CHARS) return;
    if (matches(url)) post({ kind: 'answer', url: url.href, body });
    else if (holding() && url.origin === origin && earlyChars + body.length <= EARLY_BUFFER_CHARS) {
      early.push({ url: url.href, body });
      earlyChars += body.length;
    }
  };
  /** Whether an answer to this URL is worth reading at all (before the patterns: any of the page's own). */
  const wanted = (url: URL) => matches(url) || (holding() && url.origin === origin);

  win.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== (win as unknown)) return;
    const next = configOf(event.data);
    if (!next) return;
    config = next;
    post({ kind: 'ready' });
    for (const answer of early) {
      const url = new URL(answer.url);
      if (matches(url)) post({ kind: 'answer', url: answer.url, body: answer.body });
    }
    early = [];
    earlyChars = 0;
    if (earlyAuth) sawAuthorization(new URL(origin), earlyAuth);
    earlyAuth = null;
  });

  // fetch: the page's call runs exactly as before; we look at a clone of the answer.
  const pageFetch = win.fetch;
  win.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
    // Called on the window, as a plain `fetch(…)` call is (any other `this` would be refused).
    const answer = pageFetch.call(win, input, init);
    try {
      const url = urlOf(input);
      if (url) {
        const headers = init?.headers ?? (typeof input === 'object' && 'headers' in input ? input.headers : undefined);
        sawAuthorization(url, headers ? new Headers(headers).get('authorization') : null);
        if (wanted(url)) {
          answer.then(
            (res) => {
              if (!res.ok || !/json/i.test(res.headers.get('content-type') ?? '')) return;
              if (Number(res.headers.get('content-length') ?? 0) > MAX_CAPTURED_CHARS) return;
              // Read as text to measure it before anything is parsed (the engine parses it as JSON).
              res.clone().text().then((body) => sawAnswer(url, body), () => undefined);
            },
            () => undefined,
          );
        }
      }
    } catch {
      // Looking never breaks the page's request.
    }
    return answer;
  } as typeof fetch;

  // XMLHttpRequest: the URL from open(), the header from setRequestHeader(), the text at loadend.
  const proto = win.XMLHttpRequest.prototype;
  const requestUrls = new WeakMap<XMLHttpRequest, URL>();
  const open = proto.open;
  proto.open = function (this: XMLHttpRequest, ...args: unknown[]) {
    const url = urlOf(args[1]);
    if (url) requestUrls.set(this, url);
    return (open as (...a: unknown[]) => void).apply(this, args);
  } as typeof proto.open;
  const setRequestHeader = proto.setRequestHeader;
  proto.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
    const url = requestUrls.get(this);
    if (url && typeof name === 'string' && name.toLowerCase() === 'authorization') sawAuthorization(url, String(value));
    return setRequestHeader.call(this, name, value);
  };
  const send = proto.send;
  proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const url = requestUrls.get(this);
    if (url && wanted(url)) {
      this.addEventListener('loadend', () => {
        try {
          if (this.status < 200 || this.status >= 300 || !/json/i.test(this.getResponseHeader('content-type') ?? '')) return;
          if (this.responseType === '' || this.responseType === 'text') sawAnswer(url, this.responseText);
          else if (this.responseType === 'json' && this.response !== null) sawAnswer(url, JSON.stringify(this.response));
        } catch {
          // An answer we can't look at is simply not captured.
        }
      });
    }
    return send.call(this, body);
  };
}
