/**
 * Helpers for the emulator's tests: a server per test over real HTTP, a controllable clock,
 * and a valid invoice body to vary one rule at a time.
 */
import { startEmulator, type RunningServer } from '../kit/http';
import { SEEDED_CONTACT_IDS } from './seed';
import { createLexwareEmulator, type LexwareEmulatorOptions } from './server';

export const API_KEY = 'test-lexware-key-0815';

/** A clock that moves only when told to. Starts on a Tuesday morning in November (CET, UTC+1). */
export class FakeClock {
  constructor(public ms = Date.parse('2026-11-10T09:00:00.000Z')) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Reply {
  status: number;
  headers: Headers;
  // Test code inspects arbitrary JSON; a loose type keeps the assertions readable.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

export interface TestLexware {
  server: RunningServer;
  url: string;
  /** Calls the API with the valid key and JSON content type unless told otherwise. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** A raw request: nothing added. */
  raw(method: string, path: string, init?: { body?: string; headers?: Record<string, string>; redirect?: RequestRedirect }): Promise<Reply>;
  sandbox(name: string, body?: unknown): Promise<Reply>;
  close(): Promise<void>;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** Starts an emulator; by default without rate limit and sync delay, so tests of other rules stay fast. */
export async function startLexware(options: Partial<LexwareEmulatorOptions> = {}): Promise<TestLexware> {
  const server = await startEmulator(createLexwareEmulator({ apiKey: API_KEY, rateLimit: false, contactSyncDelayMs: 0, ...options }), 0);
  const raw: TestLexware['raw'] = async (method, path, init = {}) =>
    reply(await fetch(`${server.url}${path}`, { method, redirect: init.redirect ?? 'follow', ...(init.body !== undefined ? { body: init.body } : {}), headers: init.headers ?? {} }));
  return {
    server,
    url: server.url,
    raw,
    api: (method, path, body, headers = {}) =>
      raw(method, path, {
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
        headers: { authorization: `Bearer ${API_KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      }),
    sandbox: (name, body) =>
      raw(body === undefined ? 'GET' : 'POST', `/__sandbox/${name}`, body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    close: () => server.close(),
  };
}

export const NORDLICHT = SEEDED_CONTACT_IDS.nordlicht;

type Json = Record<string, unknown>;

export function customLine(overrides: Json = {}): Json {
  return {
    type: 'custom',
    name: 'Transport Hamburg – München',
    description: 'Auftrag A-4711, 12 Paletten',
    quantity: 1,
    unitName: 'Pauschale',
    unitPrice: { currency: 'EUR', netAmount: 1250, taxRatePercentage: 19 },
    ...overrides,
  };
}

/** The docs' trucking example, referencing a seeded customer. */
export function validInvoice(overrides: Json = {}): Json {
  return {
    voucherDate: '2026-11-10T00:00:00.000+01:00',
    address: { contactId: NORDLICHT },
    lineItems: [
      customLine(),
      customLine({ name: 'Standzeit', description: undefined, quantity: 2.5, unitName: 'Stunde', unitPrice: { currency: 'EUR', netAmount: 45, taxRatePercentage: 19 } }),
      { type: 'text', name: 'Hinweis', description: 'Leistungszeitraum laut Frachtbrief.' },
    ],
    totalPrice: { currency: 'EUR' },
    taxConditions: { taxType: 'net' },
    shippingConditions: { shippingType: 'serviceperiod', shippingDate: '2026-11-02T00:00:00.000+01:00', shippingEndDate: '2026-11-03T00:00:00.000+01:00' },
    ...overrides,
  };
}

/** A one-line invoice whose only line is changed by `line`. */
export function invoiceWithLine(line: Json, overrides: Json = {}): Json {
  return validInvoice({ lineItems: [customLine(line)], ...overrides });
}
