/**
 * The demo TMS: a small order-management web app (SPA in ./public) with a JSON API, used by the
 * extension's demo, its end-to-end tests and benchmarks. README.md documents the API and DOM.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Router, json, type EmulatorDefinition, type EmuRequest } from '../kit/http';
import { registerApi } from './api';
import { SeedError, parseSeed, type Seed } from './seed';
import { OrderStore, SESSION_COOKIE, Sessions, readCookie } from './store';
import { errorPage, registerWeb } from './web';

export type { Seed } from './seed';

export const DEFAULT_SEED_PATH = fileURLToPath(new URL('./seed.json', import.meta.url));

/** Reads and validates a seed file; errors name the file and the offending field. */
export function loadSeed(path: string = DEFAULT_SEED_PATH): Seed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SeedError(path, [`cannot read the file (${(error as Error).message})`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SeedError(path, [`not valid JSON (${(error as Error).message})`]);
  }
  return parseSeed(data, path);
}

const isApi = (req: EmuRequest) => req.path === '/api' || req.path.startsWith('/api/');

const FAULT_CODES: Record<number, string> = { 429: 'rate_limited', 503: 'service_unavailable', 504: 'gateway_timeout' };

export function createDemoTms(options: { seed: Seed; now?: () => Date }): EmulatorDefinition {
  const now = options.now ?? (() => new Date());
  const store = new OrderStore(options.seed, now);
  const sessions = new Sessions();

  const routes = new Router();
  registerApi(routes, store);
  registerWeb(routes, store, sessions);

  const sandboxRoutes = new Router().post('/__sandbox/sessions/expire', () => json(200, { ok: true, expired: sessions.expireAll() }));

  return {
    name: 'demo-tms',
    routes,
    // Only API calls reach `before`: pages, assets and documents are passive.
    before: (req) =>
      sessions.isValid(readCookie(req.headers.cookie, SESSION_COOKIE))
        ? undefined
        : json(401, { error: 'session_expired', message: 'Your session has expired. Please sign in again.' }),
    faultResponse: (status, req) =>
      isApi(req)
        ? json(status, { error: FAULT_CODES[status] ?? 'server_error', message: `The TMS could not handle the request (HTTP ${status}).` })
        : errorPage(status, 'Something went wrong', `The TMS could not handle the request (HTTP ${status}).`),
    notFound: (req, methodMismatch) => {
      if (isApi(req)) {
        return methodMismatch
          ? json(405, { error: 'method_not_allowed', message: `${req.method} is not allowed on ${req.path}.` })
          : json(404, { error: 'not_found', message: `No API route ${req.path}.` });
      }
      return errorPage(methodMismatch ? 405 : 404, 'Page not found', 'This page does not exist in the demo TMS.');
    },
    inspect: {
      orders: () => store.all(),
      sessions: () => ({ active: sessions.size }),
    },
    // Sessions survive a reset on purpose: tests reset data between cases while a browser
    // stays logged in; `/__sandbox/sessions/expire` is the way to log everyone out.
    reset: () => store.reset(),
    sandboxRoutes,
    isPassive: (req) => !isApi(req),
  };
}
