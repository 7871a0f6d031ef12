/**
 * The Lexware Office emulator: the public API under `/v1` (gateway, contacts, invoices,
 * voucherlist, profile) and the web app's deep-link pages, on one origin that plays both
 * `https://api.lexware.io` and `https://app.lexware.de`.
 */
import { Router, json, type EmulatorDefinition } from '../kit/http';
import type { LexwareContext, LexwareSettings } from './context';
import { registerContactRoutes } from './contacts';
import { creditNoteResponse, registerCreditNoteRoutes } from './credit-notes';
import { registerDunningRoutes } from './dunnings';
import { gatewayForbidden, lexwareFault } from './errors';
import { createGateway, isApiPath } from './gateway';
import { registerInvoiceRoutes } from './invoices';
import { pageNotFound, registerPages } from './pages';
import { profile } from './profile';
import { parseOrganizationPatch } from './organization';
import { paymentsResponse, registerPaymentRoutes, sandboxBookPayment, sandboxVoid } from './payments';
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
  /** How long every admitted `/v1` request takes before it is handled; default 0. */
  latencyMs?: number;
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
    latencyMs: options.latencyMs ?? 0,
  };
  const problem = settingsProblem(initial);
  if (problem) throw new Error(`lexware emulator: ${problem}`);

  let settings: LexwareSettings = { ...initial };
  const now = options.now ?? (() => new Date());
  const store = new LexwareStore();
  const ctx: LexwareContext = { store, settings: () => settings, now };

  const routes = new Router();
  routes.get('/v1/profile', () => profile(store.organization));
  registerContactRoutes(routes, ctx);
  registerInvoiceRoutes(routes, ctx);
  registerCreditNoteRoutes(routes, ctx);
  registerDunningRoutes(routes, ctx);
  registerPaymentRoutes(routes, ctx);
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
    })
    // The organisation's e-invoice settings, company data and print layout (organization.ts).
    .get('/__sandbox/organization', () => json(200, store.organization))
    .post('/__sandbox/organization', (req) => {
      const patch = parseOrganizationPatch(req.body);
      if (typeof patch === 'string') return json(400, { message: patch });
      store.organization = { ...store.organization, ...patch };
      return json(200, store.organization);
    })
    // What the user does in the web app: book a payment, cancel an invoice, delete a draft.
    .post('/__sandbox/invoices/:id/payments', (req) => sandboxBookPayment(ctx, req))
    .post('/__sandbox/invoices/:id/void', (req) => sandboxVoid(ctx, req))
    .get('/__sandbox/invoices/:id/payments', (req) => {
      const invoice = store.invoices.get(req.params.id ?? '');
      return invoice ? json(200, paymentsResponse(ctx, invoice, 'invoice')) : json(404, { message: `unknown invoice ${req.params.id ?? ''}` });
    })
    .on('DELETE', '/__sandbox/invoices/:id', (req) => {
      const invoice = store.invoices.get(req.params.id ?? '');
      if (!invoice) return json(404, { message: `unknown invoice ${req.params.id ?? ''}` });
      if (invoice.voucherStatus !== 'draft') return json(409, { message: 'only drafts can be deleted; finalized invoices are corrected with a credit note' });
      store.invoices.delete(invoice.id);
      return json(200, { deleted: invoice.id });
    });

  return {
    name: 'lexware',
    routes,
    // An admitted request waits out the configured latency, as a slow API would: a test
    // sees an invoice in flight long enough to pause or cancel around it.
    before: async (req) => {
      const refused = gateway.before(req);
      if (refused || settings.latencyMs === 0) return refused;
      await new Promise((resolve) => setTimeout(resolve, settings.latencyMs));
      return undefined;
    },
    faultResponse: (status, req) => lexwareFault(status, req, now()),
    notFound: (req) => (isApiPath(req.path) ? gatewayForbidden(req) : pageNotFound()),
    inspect: {
      invoices: () => [...store.invoices.values()],
      'credit-notes': () => [...store.creditNotes.values()].map(creditNoteResponse),
      dunnings: () => [...store.dunnings.values()],
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
