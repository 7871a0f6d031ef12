/**
 * The sevdesk emulator: the API under /api/v1 and the web app's deep-link pages on the same
 * origin, which plays https://my.sevdesk.de. Built on the sandbox kit, which adds the
 * test-only /__sandbox/ routes (request log, reset, faults, inspection).
 */
import { Router, html, json, type EmuRequest, type EmuResponse, type EmulatorDefinition } from '../kit/http';
import { assertTokenFormat, checkAuth } from './auth';
import { contactResponse, contactRoutes, inspectContact, addressResponse, communicationWayResponse } from './contacts';
import type { BookkeepingVersion, Context, Resolver } from './context';
import { creditNoteResponse } from './corrections';
import { faultResponse, notFoundResponse } from './errors';
import { parseFormBody } from './form-body';
import { inspectInvoice, invoiceResponse, invoiceRoutes, positionResponse } from './invoices';
import { lookupRoutes } from './lookup-routes';
import {
  SEV_USER,
  categoryById,
  categoryResponse,
  communicationWayKeyById,
  communicationWayKeyResponse,
  countryResponse,
  taxRuleResponse,
  unityById,
  unityResponse,
} from './lookups';
import { invoiceListPage, invoiceNotFoundPage, invoicePage, pageNotFound } from './pages';
import { sandboxBook } from './payments';
import { parseSevClientPatch } from './sev-client';
import { Store } from './store';
import { WebSessions } from './web-session';

export interface SevdeskEmulatorOptions {
  /** The only accepted token (32 hex chars). */
  apiKey: string;
  /** What GET /Tools/bookkeepingSystemVersion reports and which rules saveInvoice applies. */
  bookkeepingVersion?: BookkeepingVersion;
  now?: () => Date;
}

const isApi = (req: EmuRequest) => req.path === '/api' || req.path.startsWith('/api/');

export function createSevdeskEmulator(options: SevdeskEmulatorOptions): EmulatorDefinition {
  assertTokenFormat(options.apiKey);
  const now = options.now ?? (() => new Date());
  const store = new Store(now);
  const sessions = new WebSessions();

  const resolve: Resolver = ({ id, objectName }) => {
    switch (objectName) {
      case 'Contact': {
        const c = store.contacts.get(id);
        return c && contactResponse(c);
      }
      case 'ContactAddress': {
        const a = store.addresses.get(id);
        return a && addressResponse(a);
      }
      case 'CommunicationWay': {
        const w = store.communicationWays.get(id);
        return w && communicationWayResponse(w);
      }
      case 'Invoice': {
        const inv = store.invoices.get(id);
        return inv && invoiceResponse(inv);
      }
      case 'InvoicePos': {
        const p = store.positions.get(id);
        return p && positionResponse(p);
      }
      case 'Category': {
        const c = categoryById(id);
        return c && categoryResponse(c);
      }
      case 'CommunicationWayKey': {
        const k = communicationWayKeyById(id);
        return k && communicationWayKeyResponse(k);
      }
      case 'Unity': {
        const u = unityById(id);
        return u && unityResponse(u);
      }
      case 'StaticCountry':
        return countryResponse(id);
      case 'TaxRule':
        return taxRuleResponse(id);
      case 'SevUser':
        return id === SEV_USER.id ? SEV_USER : undefined;
      default:
        return undefined;
    }
  };

  const ctx: Context = { store, version: options.bookkeepingVersion ?? '2.0', now, resolve, sevClient: () => store.sevClientData };

  const routes = new Router();
  lookupRoutes(routes, ctx);
  contactRoutes(routes, ctx);
  invoiceRoutes(routes, ctx);

  /** Web pages log the browser in, like a sevdesk session would be open in it. */
  const page = (req: EmuRequest, status: number, body: string): EmuResponse => {
    const session = sessions.ensure(req);
    return { ...html(status, body), ...(session.setCookie ? { headers: { 'set-cookie': session.setCookie } } : {}) };
  };
  const invoiceDeepLink = (req: EmuRequest): EmuResponse => {
    const id = req.params.id ?? '';
    const key = /^\d+$/.test(id) ? BigInt(id).toString() : '';
    // A credit note (GU) opens like an invoice (the link form is inferred from the invoices'), with its own positions.
    if (req.params.type === 'GU') {
      const creditNote = store.creditNotes.get(key);
      if (!creditNote) return page(req, 404, invoiceNotFoundPage(id));
      const view = { ...ctx, store: Object.assign(Object.create(Object.getPrototypeOf(store)), store, { positionsOf: (of: string) => store.creditNotePositionsOf(of) }) };
      return page(req, 200, invoicePage(view as typeof ctx, creditNote));
    }
    const invoice = store.invoices.get(key);
    if (!invoice || invoice.invoiceType !== req.params.type) return page(req, 404, invoiceNotFoundPage(id));
    return page(req, 200, invoicePage(ctx, invoice));
  };
  routes.get('/', (req) => page(req, 200, invoiceListPage(ctx)));
  routes.get('/fi/detail/type/:type/id/:id', invoiceDeepLink);
  // Whether /fi/edit/… opens a draft for editing is unconfirmed; here it shows the same page.
  routes.get('/fi/edit/type/:type/id/:id', invoiceDeepLink);

  const sandboxRoutes = new Router()
    .on('DELETE', '/__sandbox/web-sessions', () => {
      sessions.clear();
      return json(200, { ok: true });
    })
    // The own company's data an e-invoice needs (sev-client.ts).
    .get('/__sandbox/sev-client', () => json(200, store.sevClientData))
    .post('/__sandbox/sev-client', (req) => {
      const patch = parseSevClientPatch(req.body);
      if (typeof patch === 'string') return json(400, { message: patch });
      store.sevClientData = { ...store.sevClientData, ...patch };
      return json(200, store.sevClientData);
    })
    // A bank transaction matched to the invoice in sevdesk (payments.ts).
    .post('/__sandbox/invoices/:id/payments', (req) => {
      const invoice = /^\d+$/.test(req.params.id ?? '') ? store.invoices.get(req.params.id!) : undefined;
      if (!invoice) return json(404, { message: `unknown invoice ${req.params.id ?? ''}` });
      return sandboxBook(ctx, req, () => invoice);
    });

  return {
    name: 'sevdesk',
    routes,
    before: (req) => {
      if (!isApi(req)) return undefined;
      if (req.body === undefined && req.rawBody && String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
        req.body = parseFormBody(req.rawBody);
      }
      return checkAuth(req, options.apiKey, sessions);
    },
    faultResponse: (status) => faultResponse(status),
    notFound: (req, methodMismatch) => notFoundResponse(req, methodMismatch, pageNotFound),
    inspect: {
      invoices: () => [...store.invoices.values()].map((inv) => inspectInvoice(ctx, inv)),
      contacts: () => [...store.contacts.values()].map((c) => inspectContact(ctx, c)),
      'credit-notes': () => [...store.creditNotes.values()].map(creditNoteResponse),
      'web-sessions': () => sessions.list(),
    },
    // Web sessions survive a reset: a reset restores the account's data, not the browser's login.
    reset: () => store.reset(),
    sandboxRoutes,
    isPassive: (req) => !isApi(req),
  };
}
