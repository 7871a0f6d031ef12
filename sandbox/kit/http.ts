/**
 * A tiny HTTP toolkit shared by the three sandbox servers (demo TMS, Lexware Office emulator,
 * sevdesk emulator). It gives each server the same test-only inspection API under
 * `/__sandbox/`: a request log, reset, and fault injection.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface EmuRequest {
  method: string;
  /** Path without the query string, percent-decoding left to the handler. */
  path: string;
  url: URL;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  /** Set when the body claimed to be JSON but could not be parsed. */
  bodyError?: string;
  params: Record<string, string>;
  /** The server's own origin as the client addressed it, e.g. http://127.0.0.1:4411 */
  origin: string;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  html?: string;
}

export type Handler = (req: EmuRequest) => EmuResponse | Promise<EmuResponse>;

export const json = (status: number, body: unknown, headers?: Record<string, string>): EmuResponse => ({
  status,
  json: body,
  ...(headers ? { headers } : {}),
});

export const html = (status: number, body: string): EmuResponse => ({ status, html: body });

/** Escapes text for HTML. Everything a sandbox page shows from data goes through this. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

/** Routes by method and path pattern (`/v1/contacts/:id`). */
export class Router {
  private routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), segments: split(pattern), handler });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.on('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler): this {
    return this.on('POST', pattern, handler);
  }

  put(pattern: string, handler: Handler): this {
    return this.on('PUT', pattern, handler);
  }

  /**
   * Finds the handler for a request. `methodMismatch` is true when the path exists under
   * another method, so servers can answer 405 the way their vendor does.
   */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | { methodMismatch: boolean } {
    const parts = split(path);
    let methodMismatch = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { handler: route.handler, params };
      methodMismatch = true;
    }
    return { methodMismatch };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | null {
  const last = pattern[pattern.length - 1];
  const rest = last === '*';
  if (rest ? parts.length < pattern.length - 1 : parts.length !== pattern.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === '*') {
      params['*'] = parts.slice(i).map(safeDecode).join('/');
      return params;
    }
    const part = parts[i]!;
    if (p.startsWith(':')) params[p.slice(1)] = safeDecode(part);
    else if (p !== part) return null;
  }
  return params;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Faults

export interface FaultSpec {
  /** Which requests the fault hits; omitted fields match anything. `path` is a prefix. */
  match?: { method?: string; path?: string };
  /** How many matching requests fail before the fault is used up. */
  count?: number;
  /**
   * - `status`: answer `status` (500, 429, 503, 504, …) with the vendor's error body, without
   *   handling the request;
   * - `timeout`: hold the request for `delayMs`, then answer 504 (the vendor's gateway timeout);
   * - `drop`: destroy the connection without an answer.
   */
  kind: 'status' | 'timeout' | 'drop';
  status?: number;
  delayMs?: number;
  /** Handle (store) the request first, then fail: the outcome is unknown to the client. */
  afterHandling?: boolean;
}

interface ActiveFault extends Required<Pick<FaultSpec, 'kind' | 'afterHandling'>> {
  match: { method?: string; path?: string };
  remaining: number;
  status: number;
  delayMs: number;
}

export function parseFault(input: unknown): ActiveFault | string {
  if (typeof input !== 'object' || input === null) return 'fault must be a JSON object';
  const f = input as Record<string, unknown>;
  // Shorthands the issue tracker speaks in: {"status":500}, {"kind":"drop-after-store"}.
  let kind = f.kind;
  let afterHandling = f.afterHandling === true;
  if (kind === 'drop-after-store') {
    kind = 'drop';
    afterHandling = true;
  }
  if (kind === undefined && typeof f.status === 'number') kind = 'status';
  if (kind !== 'status' && kind !== 'timeout' && kind !== 'drop') return 'kind must be status, timeout, drop or drop-after-store';
  const count = f.count === undefined ? 1 : f.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return 'count must be a positive integer';
  const status = f.status === undefined ? (kind === 'timeout' ? 504 : 500) : f.status;
  if (typeof status !== 'number' || status < 400 || status > 599) return 'status must be an HTTP error status';
  const delayMs = f.delayMs === undefined ? 30_000 : f.delayMs;
  if (typeof delayMs !== 'number' || delayMs < 0) return 'delayMs must be a non-negative number';
  const m = (f.match ?? {}) as Record<string, unknown>;
  if (typeof m !== 'object' || m === null) return 'match must be an object';
  const match: { method?: string; path?: string } = {};
  if (typeof m.method === 'string') match.method = m.method.toUpperCase();
  if (typeof m.path === 'string') match.path = m.path;
  return { kind, afterHandling, remaining: count, status, delayMs, match };
}

// ---------------------------------------------------------------------------------------------
// The server

export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: unknown;
  /**
   * The status answered, once answered; absent while in flight and when the connection was
   * dropped or timed out (an injected fault). A 429 did nothing: tests that count what the
   * client caused leave those out, because a client repeats a refused request unchanged.
   */
  status?: number;
}

export interface EmulatorDefinition {
  name: string;
  routes: Router;
  /** Runs before routing for every non-sandbox request: auth, rate limits, content types. */
  before?: (req: EmuRequest) => EmuResponse | undefined | Promise<EmuResponse | undefined>;
  /** The body the vendor sends with an injected error status. */
  faultResponse: (status: number, req: EmuRequest) => EmuResponse;
  /** The vendor's answer for an unknown path (or a known path under another method). */
  notFound: (req: EmuRequest, methodMismatch: boolean) => EmuResponse;
  /** What `GET /__sandbox/<name>` returns, e.g. `{ invoices: () => [...] }`. */
  inspect: Record<string, () => unknown>;
  /** Back to the initial state (seed data, empty stores). The kit clears log and faults itself. */
  reset: () => void;
  /** Extra test-only routes under `/__sandbox/`. */
  sandboxRoutes?: Router;
  /** Paths that are not logged nor subject to `before` (static assets, web pages). */
  isPassive?: (req: EmuRequest) => boolean;
}

export interface RunningServer {
  name: string;
  url: string;
  port: number;
  close: () => Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;

export function createRequestHandler(def: EmulatorDefinition) {
  const log: RecordedRequest[] = [];
  let faults: ActiveFault[] = [];
  const sandbox = buildSandboxRouter(def, log, () => faults, (f) => (faults = f));

  return async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const emuReq = await readRequest(req);
    if (emuReq === null) {
      send(res, json(413, { message: 'Request body too large' }));
      return;
    }

    if (emuReq.path.startsWith('/__sandbox/')) {
      const found = sandbox.match(emuReq.method, emuReq.path);
      if ('handler' in found) {
        emuReq.params = found.params;
        send(res, await found.handler(emuReq));
      } else send(res, json(404, { message: `no sandbox route ${emuReq.method} ${emuReq.path}` }));
      return;
    }

    const passive = def.isPassive?.(emuReq) ?? false;
    const entry = passive ? undefined : record(emuReq);
    if (entry) log.push(entry);

    const fault = passive ? undefined : takeFault(faults, emuReq);
    if (fault && !fault.afterHandling) {
      await failWith(fault, emuReq, res, def, entry);
      return;
    }

    let response: EmuResponse;
    try {
      response = (!passive && (await def.before?.(emuReq))) || (await route(def, emuReq));
    } catch (error) {
      console.error(`[${def.name}] handler failed:`, error);
      response = def.faultResponse(500, emuReq);
    }

    if (fault) {
      await failWith(fault, emuReq, res, def, entry);
      return;
    }
    if (entry) entry.status = response.status;
    send(res, response);
  };
}

/**
 * A server's answer to one request, without a socket: what `createRequestHandler` sends for a
 * request that is not under `/__sandbox/` and meets no injected fault (auth and the like in
 * `before`, then the routes). For in-process tests that serve a sandbox TMS to a page window.
 */
export async function answerInProcess(def: EmulatorDefinition, req: EmuRequest): Promise<EmuResponse> {
  const passive = def.isPassive?.(req) ?? false;
  return (!passive && (await def.before?.(req))) || (await route(def, req));
}

async function route(def: EmulatorDefinition, req: EmuRequest): Promise<EmuResponse> {
  const found = def.routes.match(req.method, req.path);
  if ('handler' in found) {
    req.params = found.params;
    return found.handler(req);
  }
  return def.notFound(req, found.methodMismatch);
}

function takeFault(faults: ActiveFault[], req: EmuRequest): ActiveFault | undefined {
  const fault = faults.find(
    (f) =>
      f.remaining > 0 &&
      (f.match.method === undefined || f.match.method === req.method) &&
      (f.match.path === undefined || req.path.startsWith(f.match.path)),
  );
  if (fault) fault.remaining -= 1;
  return fault;
}

async function failWith(fault: ActiveFault, req: EmuRequest, res: http.ServerResponse, def: EmulatorDefinition, entry: RecordedRequest | undefined) {
  if (fault.kind === 'drop') {
    res.socket?.destroy();
    return;
  }
  if (fault.kind === 'timeout') {
    await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.socket?.destroyed) return;
  }
  const response = def.faultResponse(fault.status, req);
  if (entry) entry.status = response.status;
  send(res, response);
}

function buildSandboxRouter(
  def: EmulatorDefinition,
  log: RecordedRequest[],
  getFaults: () => ActiveFault[],
  setFaults: (f: ActiveFault[]) => void,
): Router {
  const r = new Router();
  r.get('/__sandbox/requests', () => json(200, log));
  r.post('/__sandbox/reset', () => {
    log.length = 0;
    setFaults([]);
    def.reset();
    return json(200, { ok: true });
  });
  r.post('/__sandbox/faults', (req) => {
    const specs = Array.isArray(req.body) ? req.body : [req.body];
    const parsed = specs.map(parseFault);
    const bad = parsed.find((p): p is string => typeof p === 'string');
    if (bad) return json(400, { message: bad });
    setFaults([...getFaults(), ...(parsed as ActiveFault[])]);
    return json(201, { active: getFaults().filter((f) => f.remaining > 0) });
  });
  r.get('/__sandbox/faults', () => json(200, getFaults().filter((f) => f.remaining > 0)));
  r.on('DELETE', '/__sandbox/faults', () => {
    setFaults([]);
    return json(200, { ok: true });
  });
  for (const [name, read] of Object.entries(def.inspect)) r.get(`/__sandbox/${name}`, () => json(200, read()));
  if (def.sandboxRoutes) {
    for (const route of (def.sandboxRoutes as unknown as { routes: Route[] }).routes) {
      r.on(route.method, '/' + route.segments.join('/'), route.handler);
    }
  }
  return r;
}

function record(req: EmuRequest): RecordedRequest {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(req.query.keys())) {
    const all = req.query.getAll(key);
    query[key] = all.length === 1 ? all[0]! : all;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return {
    at: new Date().toISOString(),
    method: req.method,
    path: req.path,
    query,
    headers,
    body: req.body !== undefined ? req.body : req.rawBody || undefined,
  };
}

async function readRequest(req: http.IncomingMessage): Promise<EmuRequest | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const host = req.headers.host ?? 'localhost';
  const url = new URL(req.url ?? '/', `http://${host}`);
  let body: unknown;
  let bodyError: string | undefined;
  const type = req.headers['content-type'] ?? '';
  // Parse whatever looks like JSON; each server decides itself whether a missing or wrong
  // Content-Type is an error (Lexware answers 415), so the sandbox API stays easy to call.
  if (rawBody.length > 0) {
    try {
      body = JSON.parse(rawBody);
    } catch (e) {
      if (type.includes('json')) bodyError = (e as Error).message;
    }
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    url,
    query: url.searchParams,
    headers: req.headers,
    rawBody,
    body,
    ...(bodyError ? { bodyError } : {}),
    params: {},
    origin: url.origin,
  };
}

export function send(res: http.ServerResponse, r: EmuResponse): void {
  if (res.writableEnded || res.socket?.destroyed) return;
  // One connection per request. Chromium silently re-sends a request whose *reused*
  // HTTP/1.1 keep-alive connection closes without an answer, even a POST; over HTTP/2,
  // which the real APIs serve, it does not. Without keep-alive the sandbox behaves like
  // HTTP/2 here, so a dropped connection tests the extension's handling, not the browser's.
  const headers: Record<string, string> = { connection: 'close', ...r.headers };
  let payload = '';
  if (r.json !== undefined) {
    payload = JSON.stringify(r.json);
    headers['content-type'] ??= 'application/json;charset=UTF-8';
  } else if (r.html !== undefined) {
    payload = r.html;
    headers['content-type'] ??= 'text/html; charset=utf-8';
  } else if (r.text !== undefined) {
    payload = r.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  res.writeHead(r.status, headers);
  res.end(payload);
}

/** Starts a server; port 0 picks a free port (tests). */
export async function listen(
  name: string,
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>,
  port: number,
  host = '127.0.0.1',
): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      console.error(`[${name}]`, error);
      if (!res.headersSent) send(res, json(500, { message: 'sandbox server error' }));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    name,
    port: actual,
    url: `http://${host}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function startEmulator(def: EmulatorDefinition, port: number, host?: string): Promise<RunningServer> {
  return listen(def.name, createRequestHandler(def), port, host);
}
