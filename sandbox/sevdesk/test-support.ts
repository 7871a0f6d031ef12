/**
 * Shared by the emulator's tests: starts it on a free port and talks to it over real HTTP,
 * the way the extension does.
 */
import { afterEach } from 'vitest';
import { startEmulator, type RunningServer } from '../kit/http';
import { createSevdeskEmulator, type SevdeskEmulatorOptions } from './server';

export const TOKEN = '0123456789abcdef0123456789abcdef';
/** A fixed clock: 23 Nov 2026, 10:00 in Berlin. */
export const NOW = new Date('2026-11-23T09:00:00Z');

export interface Reply {
  status: number;
  headers: Headers;
  // Response bodies are whatever the emulator sent; tests assert on them field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TestClient {
  url: string;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  raw(path: string, init?: RequestInit): Promise<Response>;
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML pages stay text.
  }
  return { status: res.status, headers: res.headers, body };
}

export async function startSevdesk(options: Partial<SevdeskEmulatorOptions> = {}): Promise<{ server: RunningServer; api: TestClient }> {
  const server = await startEmulator(createSevdeskEmulator({ apiKey: TOKEN, now: () => NOW, ...options }), 0);
  const call = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url + path, {
      method,
      headers: { Authorization: TOKEN, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    }).then(reply);
  return {
    server,
    api: {
      url: server.url,
      get: (path, headers) => call('GET', path, undefined, headers),
      post: (path, body, headers) => call('POST', path, body, headers),
      put: (path, body, headers) => call('PUT', path, body, headers),
      raw: (path, init) => fetch(server.url + path, init),
    },
  };
}

export const SEV_USER_ID = '1273548';
export const UNITY_PIECE = '8301';
export const UNITY_BLANKET = '8305';
export const NORDLICHT_ID = '74100231';
export const ALPENTRANS_ID = '74100232';

export function position(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    objectName: 'InvoicePos',
    mapAll: true,
    name: 'Transport Hamburg – München',
    quantity: 1,
    price: 1250,
    taxRate: 19,
    unity: { id: UNITY_PIECE, objectName: 'Unity' },
    ...overrides,
  };
}

/** The fact sheet's example body (§2.8), with this account's ids. */
export function invoiceBody(
  invoice: Record<string, unknown> = {},
  positions: Record<string, unknown>[] = [position(), position({ name: 'Standzeit', quantity: 2.5, price: 45, positionNumber: 1 })],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    invoice: {
      objectName: 'Invoice',
      mapAll: true,
      contact: { id: Number(NORDLICHT_ID), objectName: 'Contact' },
      contactPerson: { id: Number(SEV_USER_ID), objectName: 'SevUser' },
      invoiceDate: '02.06.2026',
      deliveryDate: '28.05.2026',
      header: 'Rechnung zu Auftrag A-4711',
      timeToPay: 14,
      discount: 0,
      address: 'Spedition Nordlicht GmbH\nHafenstraße 12\n20457 Hamburg',
      addressCountry: { id: 1, objectName: 'StaticCountry' },
      status: '100',
      smallSettlement: false,
      taxRate: 0,
      taxRule: { id: '1', objectName: 'TaxRule' },
      taxText: 'Umsatzsteuer 19%',
      invoiceType: 'RE',
      currency: 'EUR',
      showNet: true,
      customerInternalNote: 'A-4711',
      ...invoice,
    },
    invoicePosSave: positions,
    invoicePosDelete: null,
    takeDefaultAddress: false,
    ...extra,
  };
}

export const SAVE_INVOICE = '/api/v1/Invoice/Factory/saveInvoice';

/**
 * For a test file: `const start = useSevdesk();` gives a function that starts a fresh
 * emulator, closed again after each test.
 */
export function useSevdesk(options: Partial<SevdeskEmulatorOptions> = {}): () => Promise<TestClient> {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return async () => {
    const started = await startSevdesk(options);
    server = started.server;
    return started.api;
  };
}
