/**
 * The Lexware Office emulator: the public API under `/v1` (gateway, contacts, invoices,
 * voucherlist, profile) and the web app's deep-link pages, on one origin that plays both
 * `https://api.lexware.io` and `https://app.lexware.de`.
 */
import { Router, json, type EmulatorDefinition } from '../kit/http';
import type { LexwareContext, LexwareSettings } from './context';
import { registerContactRoutes } from './contacts';
import { gatewayForbidden, lexwareFault } from './errors';
import { createGateway, isApiPath } from './gateway';
import { registerInvoiceRoutes } from './invoices';
import { pageNotFound, registerPages } from './pages';
import { profile } from './profile';
import { parseSettingsPatch, settingsProblem } from './sandbox-config';
import { LexwareStore } from './store';
import { registerVoucherlistRoutes } from './voucherlist';

export interface LexwareEmulatorOptions {
  /** The only accepted Bearer token. */
  apiKey: string;
  /** Token bucket over all `/v1` endpoints; default 2 tokens, refilled at 2 per second. */
  rateLimit?: { capacity: number; refillPerSecond: number } | false;
  /** How long a new contact stays invisible to the invoice service ("clustersync"); default 500 ms. */
  contactSyncDelayMs?: number;
  /** The clock, for tests. */
  now?: () => Date;
}

export const DEFAULT_RATE_LIMIT = { capacity: 2, refillPerSecond: 2 } as const;
export const DEFAULT_CONTACT_SYNC_DELAY_MS = 500;

export function createLexwareEmulator(options: LexwareEmulatorOptions): EmulatorDefinition {
  if (options.apiKey.trim() === '') throw new Error('lexware emulator: apiKey must not be empty');
  const initial: LexwareSettings = {
    rateLimit: options.rateLimit === undefined ? { ...DEFAULT_RATE_LIMIT } : options.rateLimit,
    contactSyncDelayMs: options.contactSyncDelayMs ?? DEFAULT_CONTACT_SYNC_DELAY_MS,
  };
  const problem = settingsProblem(initial);
  if (problem) throw new Error(`lexware emulator: ${problem}`);

  let settings: LexwareSettings = { ...initial };
  const now = options.now ?? (() => new Date());
  const store = new LexwareStore();
  const ctx: LexwareContext = { store, settings: () => settings, now };

  const routes = new Router();
  routes.get('/v1/profile', () => profile());
  registerContactRoutes(routes, ctx);
  registerInvoiceRoutes(routes, ctx);
  registerVoucherlistRoutes(routes, ctx);
  registerPages(routes, ctx);
  const gateway = createGateway(ctx, routes, options.apiKey);

  const sandboxRoutes = new Router()
    .get('/__sandbox/config', () => json(200, settings))
    .post('/__sandbox/config', (req) => {
      const patch = parseSettingsPatch(req.body);
      if (typeof patch === 'string') return json(400, { message: patch });
      settings = { ...settings, ...patch };
      return json(200, settings);
    });

  return {
    name: 'lexware',
    routes,
    before: (req) => gateway.before(req),
    faultResponse: (status, req) => lexwareFault(status, req, now()),
    notFound: (req) => (isApiPath(req.path) ? gatewayForbidden(req) : pageNotFound()),
    inspect: {
      invoices: () => [...store.invoices.values()],
      contacts: () => [...store.contacts.values()].map((record) => record.contact),
    },
    reset: () => {
      store.reset();
      settings = { ...initial };
      gateway.resetRateLimit();
    },
    sandboxRoutes,
    // The web-app pages are the user's browser traffic: not logged, no gateway, no faults.
    isPassive: (req) => !isApiPath(req.path),
  };
}
