/**
 * "CargoGrid", the SPA sandbox TMS: a virtualised grid of 1,000 orders with generated class
 * names, a JSON API behind a bearer token that the app keeps in memory only, a drawer for
 * details, and a CSRF-protected PATCH for the invoice reference. README.md documents it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { Router, escapeHtml, json, type EmulatorDefinition, type EmuRequest, type EmuResponse } from '../kit/http';
import { describeIssue } from '../tms/seed';
import { podDocument } from '../tms-kit/documents';
import { INVOICE_REF_PATTERN, OrderBook } from '../tms-kit/orders';
import { GRID_STATES, toGridOrder } from './api-shape';
import { GRID_GEOMETRY, MutationSwitch, gridClasses, gridColumns, gridIds, setMutation, type Mutation } from './mutate';

export const GRID_ORDER_COUNT = 1000;
export const GRID_SEED = 15;
export const GRID_USER = { username: 'dispatch', password: 'cargogrid' };
export const MAX_LIMIT = 250;
const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

const apiError = (status: number, code: string, message: string): EmuResponse => json(status, { error: { code, message } });

const LoginSchema = v.strictObject({ username: v.string(), password: v.string() }, 'must be {"username", "password"}');
const PatchSchema = v.strictObject(
  {
    invoiceReference: v.nullable(
      v.pipe(v.string('must be a string or null'), v.regex(INVOICE_REF_PATTERN, 'must be 1 to 40 letters, digits, spaces or . / _ -')),
    ),
  },
  'must be an object with only "invoiceReference"',
);

/** Tokens the server issued; a bounded set so a long-running sandbox does not grow forever. */
class TokenSet {
  private readonly tokens = new Set<string>();
  issue(): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.add(token);
    if (this.tokens.size > 10_000) this.tokens.delete(this.tokens.values().next().value!);
    return token;
  }
  has(token: string | undefined): boolean {
    return token !== undefined && this.tokens.has(token);
  }
  clear(): number {
    const n = this.tokens.size;
    this.tokens.clear();
    return n;
  }
  get size(): number {
    return this.tokens.size;
  }
}

function bearer(req: EmuRequest): string | undefined {
  const m = /^Bearer ([\w-]+)$/.exec(String(req.headers.authorization ?? ''));
  return m?.[1];
}

/**
 * Where the app keeps its access token: in module memory (the default), or in the tab's
 * sessionStorage (`?token=session`), as many single-page apps do, for recipes with `storage` auth.
 */
type TokenStore = 'memory' | 'session';

function shell(m: Mutation, runSeed: number, csrf: string, tokenStore: TokenStore = 'memory'): EmuResponse {
  const cls = gridClasses(runSeed, m);
  const boot = {
    tokenStore,
    cls,
    ids: gridIds(m),
    columns: gridColumns(m),
    wrapDepth: m.seed === null ? 0 : 1 + (m.seed % 2),
    geometry: GRID_GEOMETRY,
    login: { username: 'dispatch', password: 'cargogrid' },
  };
  const css = `body{margin:0;font:13px system-ui,sans-serif;color:#1d2330;background:#f4f6fa}
.${cls.toolbar}{display:flex;gap:12px;align-items:center;padding:8px 14px;background:#1d2b4f;color:#fff}
.${cls.title}{font-weight:700;font-size:15px;margin:0}.${cls.count}{opacity:.85}
.${cls.button}{font:inherit;padding:4px 10px;border:1px solid #8896b8;border-radius:4px;background:#fff;color:#1d2b4f;cursor:pointer}
.${cls.grid}{margin:12px;border:1px solid #c9d0de;background:#fff;width:max-content;max-width:calc(100vw - 24px);overflow-x:auto}
.${cls.head}{display:flex;background:#e8ecf4;font-weight:600}.${cls.headCell},.${cls.cell}{flex:0 0 125px;padding:0 8px;line-height:28px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;box-sizing:border-box}
.${cls.headCell}{cursor:grab;border-right:1px solid #d5dbe7}.${cls.dragOver}{background:#cfe0ff}
.${cls.viewport}{height:${GRID_GEOMETRY.viewportHeight}px;overflow-y:auto;position:relative}.${cls.spacer}{position:relative}
.${cls.row}{position:absolute;left:0;right:0;height:${GRID_GEOMETRY.rowHeight}px;display:flex;border-bottom:1px solid #eef0f5;cursor:default}
.${cls.row}[hidden]{display:none}.${cls.row}:focus{outline:2px solid #3b6fe0;outline-offset:-2px}.${cls.selected}{background:#dbe7ff}
.${cls.drawer}{position:fixed;top:0;right:0;bottom:0;width:380px;background:#fff;box-shadow:-4px 0 16px #0003;padding:16px;overflow:auto}
.${cls.drawerHead}{display:flex;justify-content:space-between;align-items:center}.${cls.fields}{display:grid;grid-template-columns:auto 1fr;gap:4px 12px}
.${cls.field}{margin:0}.${cls.message}{padding:6px;background:#eef6e8;border:1px solid #9c8}
.${cls.menu}{position:absolute;top:44px;right:14px;background:#fff;color:#1d2330;border:1px solid #c9d0de;padding:8px;box-shadow:0 4px 12px #0002;z-index:2}
.${cls.menuItem}{display:flex;gap:6px;align-items:center;justify-content:space-between;padding:2px 0}`;
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${escapeHtml(csrf)}"><title>CargoGrid</title><style>${css}</style></head>
<body><div id="${escapeHtml(boot.ids.root)}" class="${cls.app}"></div>
<script type="application/json" id="cg-boot">${JSON.stringify(boot).replaceAll('<', '\\u003c')}</script>
<script type="module" src="/static/app.js"></script></body></html>`;
  return { status: 200, html: body, headers: { 'cache-control': 'no-store' } };
}

export function createGridTms(options: { book?: OrderBook; runSeed?: number; mutate?: number | null } = {}): EmulatorDefinition {
  const book = options.book ?? OrderBook.generated({ orders: GRID_ORDER_COUNT, seed: GRID_SEED });
  const runSeed = options.runSeed ?? GRID_SEED;
  const access = new TokenSet();
  const csrf = new TokenSet();
  const mutation = new MutationSwitch(options.mutate ?? null);

  const routes = new Router();
  routes.get('/', (req) => {
    const m = mutation.forRequest(req);
    if (typeof m === 'string') return { status: 400, text: m };
    const token = req.query.get('token');
    if (token !== null && token !== 'session' && token !== 'memory') return { status: 400, text: 'token must be "session" or "memory"' };
    return shell(m, runSeed, csrf.issue(), token ?? 'memory');
  });
  routes.get('/favicon.ico', () => ({ status: 204, text: '' }));
  routes.get('/static/app.js', () => staticFile('app.js'));
  routes.get('/static/virtual-window.js', () => staticFile('virtual-window.js'));
  routes.get('/documents/:file', (req) => podDocument(book, req.params.file ?? '', 'CargoGrid'));

  routes.post('/api/auth/session', (req) => {
    const body = v.safeParse(LoginSchema, req.body);
    if (!body.success) return apiError(400, 'invalid_request', `body ${body.issues.map(describeIssue).join('; ')}`);
    if (body.output.username !== GRID_USER.username || body.output.password !== GRID_USER.password) {
      return apiError(401, 'invalid_credentials', 'Wrong username or password.');
    }
    return json(201, { accessToken: access.issue(), tokenType: 'Bearer', user: { name: 'Dispatch' } });
  });

  routes.get('/api/orders', (req) => {
    const offset = intParam(req.query.get('offset'), 0);
    const limit = intParam(req.query.get('limit'), 50);
    if (offset === null || offset < 0) return apiError(400, 'invalid_request', 'offset must be a whole number of at least 0');
    if (limit === null || limit < 1 || limit > MAX_LIMIT) return apiError(400, 'invalid_request', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
    const state = req.query.get('state');
    const states = Object.values(GRID_STATES);
    if (state !== null && !states.includes(state)) return apiError(400, 'invalid_request', `state must be one of ${states.join(', ')}`);
    const all = book.all().map(toGridOrder).filter((o) => state === null || o.state === state);
    return json(200, { data: all.slice(offset, offset + limit), meta: { total: all.length, offset, limit } });
  });

  routes.get('/api/orders/:id', (req) => {
    const order = book.get(req.params.id ?? '');
    return order ? json(200, { data: toGridOrder(order) }) : apiError(404, 'not_found', `No order with id "${req.params.id ?? ''}".`);
  });

  routes.on('PATCH', '/api/orders/:id', (req) => {
    if (!csrf.has(String(req.headers['x-csrf-token'] ?? '') || undefined)) {
      return apiError(403, 'csrf_token_invalid', 'The X-CSRF-Token header is missing or not valid. Reload the page.');
    }
    const order = book.get(req.params.id ?? '');
    if (!order) return apiError(404, 'not_found', `No order with id "${req.params.id ?? ''}".`);
    if (req.bodyError !== undefined || typeof req.body !== 'object' || req.body === null) {
      return apiError(400, 'invalid_request', 'body must be a JSON object');
    }
    const body = v.safeParse(PatchSchema, req.body);
    if (!body.success) return apiError(400, 'invalid_request', body.issues.map(describeIssue).join('; '));
    const ref = body.output.invoiceReference;
    if (ref === null) order.invoiceRef = null;
    else book.setInvoiceRef(order, ref);
    return json(200, { data: toGridOrder(order) });
  });

  const isApi = (req: EmuRequest) => req.path.startsWith('/api/');
  const sandboxRoutes = new Router()
    .post('/__sandbox/tokens/expire', () => json(200, { ok: true, expired: access.clear() }))
    .post('/__sandbox/mutate', (req) => setMutation(mutation, req.body));

  return {
    name: 'grid-tms',
    routes,
    before: (req) =>
      req.path === '/api/auth/session' || access.has(bearer(req))
        ? undefined
        : apiError(401, 'unauthorized', 'Missing or expired access token. Sign in again.'),
    faultResponse: (status, req) =>
      isApi(req) ? apiError(status, 'server_error', `CargoGrid could not handle the request (HTTP ${status}).`) : { status, text: `CargoGrid error ${status}` },
    notFound: (req, methodMismatch) =>
      isApi(req)
        ? apiError(methodMismatch ? 405 : 404, methodMismatch ? 'method_not_allowed' : 'not_found', `${req.method} ${req.path} does not exist.`)
        : { status: 404, text: 'Not found' },
    inspect: {
      orders: () => book.all(),
      tokens: () => ({ access: access.size, csrf: csrf.size }),
      mutate: () => ({ seed: mutation.seed }),
    },
    reset: () => book.reset(),
    sandboxRoutes,
    isPassive: (req) => !isApi(req),
  };
}

function intParam(value: string | null, fallback: number): number | null {
  if (value === null || value === '') return fallback;
  return /^\d{1,7}$/.test(value) ? Number(value) : null;
}

function staticFile(name: string): EmuResponse {
  try {
    const text = readFileSync(path.join(PUBLIC_DIR, name), 'utf8');
    return { status: 200, text, headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' } };
  } catch {
    return { status: 404, text: 'Not found' };
  }
}

