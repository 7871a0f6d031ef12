// @vitest-environment node
/**
 * The write-back against the real demo TMS, in-process: it records the invoice as an event
 * with a link and sets the status, once, with the user's session cookie.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordedInvoice } from '@/tests/support/jobs';
import { startEmulator, type RunningServer } from '../../../sandbox/kit/http';
import { createDemoTms, loadSeed } from '../../../sandbox/tms/server';
import type { InvoiceRecord } from '../adapter';
import { createDemoWriteBack } from './write-back';

const NOW = new Date('2026-11-23T10:15:00Z');
let tms: RunningServer;
let cookie: string;

interface StoredOrder {
  id: string;
  status: string;
  events: { at: string; type: string; text: string; link?: { url: string; label: string } }[];
}
interface LoggedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

const invoice = recordedInvoice;

/** Visiting a page logs in, as the user's browser did. */
async function login(origin: string): Promise<string> {
  const res = await fetch(`${origin}/orders`);
  await res.text();
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** The fetch of a browser that holds the TMS session cookie. */
const browserFetch =
  (session: () => string): typeof fetch =>
  (input, init = {}) =>
    fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: session() } });

const sandbox = async <T>(path: string, init?: RequestInit): Promise<T> => (await (await fetch(`${tms.url}/__sandbox/${path}`, init)).json()) as T;
const order = async (id: string) => (await sandbox<StoredOrder[]>('orders')).find((o) => o.id === id)!;
const requests = () => sandbox<LoggedRequest[]>('requests');

beforeAll(async () => {
  tms = await startEmulator(createDemoTms({ seed: loadSeed(), now: () => NOW }), 0);
});
afterAll(() => tms.close());
beforeEach(async () => {
  await fetch(`${tms.url}/__sandbox/reset`, { method: 'POST' });
  cookie = await login(tms.url);
});

const writeBack = () => createDemoWriteBack(browserFetch(() => cookie));

describe('demo TMS write-back', () => {
  it('adds an invoice event with the link and sets the status to "Invoice created"', async () => {
    const before = await order('o-0001');
    expect(before.status).toBe('delivered');

    const result = await writeBack().recordInvoice(tms.url, 'o-0001', invoice);
    expect(result).toEqual({ ok: true, alreadyRecorded: false });

    const after = await order('o-0001');
    expect(after.status).toBe('invoice_created');
    expect(after.events.slice(before.events.length)).toEqual([
      { at: NOW.toISOString(), type: 'invoice', text: 'Invoice RE0001 created in Lexware Office', link: { url: invoice.url, label: 'Lexware Office RE0001' } },
      { at: NOW.toISOString(), type: 'status', text: 'Invoice created' },
    ]);
    const log = await requests();
    expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/orders/o-0001', 'POST /api/orders/o-0001/events', 'PATCH /api/orders/o-0001']);
    expect(log.every((r) => r.headers.cookie === cookie)).toBe(true);
    expect(log[2]!.body).toEqual({ status: 'invoice_created' });
    expect(log[1]!.headers['content-type']).toBe('application/json');
  });

  it('is idempotent: a second call adds no second event and says it was recorded already', async () => {
    const wb = writeBack();
    await wb.recordInvoice(tms.url, 'o-0001', invoice);
    const once = await order('o-0001');
    const logged = (await requests()).length;

    expect(await wb.recordInvoice(tms.url, 'o-0001', invoice)).toEqual({ ok: true, alreadyRecorded: true });
    expect(await order('o-0001')).toEqual(once);
    // The second call only looked.
    expect((await requests()).slice(logged).map((r) => r.method)).toEqual(['GET']);
  });

  it('finishes a half-done write-back without a second event (event posted, status not yet set)', async () => {
    await fetch(`${tms.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'status', status: 503, match: { method: 'PATCH', path: '/api/orders/o-0001' } }),
    });
    const first = await writeBack().recordInvoice(tms.url, 'o-0001', invoice);
    expect(first).toMatchObject({ ok: false, retryable: true, reason: 'unreachable' });
    expect((await order('o-0001')).status).toBe('delivered');

    expect(await writeBack().recordInvoice(tms.url, 'o-0001', invoice)).toEqual({ ok: true, alreadyRecorded: false });
    const after = await order('o-0001');
    expect(after.status).toBe('invoice_created');
    expect(after.events.filter((e) => e.type === 'invoice')).toHaveLength(1);
  });

  it('labels a draft without a number as a link to open it', async () => {
    const draft: InvoiceRecord = { ...invoice, invoiceNumber: undefined };
    expect(await writeBack().recordInvoice(tms.url, 'o-0002', draft)).toEqual({ ok: true, alreadyRecorded: false });
    const event = (await order('o-0002')).events.find((e) => e.type === 'invoice');
    expect(event).toMatchObject({ text: 'Invoice draft created in Lexware Office', link: { url: invoice.url, label: 'Open in Lexware Office' } });
  });

  it('an expired session → session-expired, retryable, and the order is unchanged', async () => {
    const before = await order('o-0001');
    await fetch(`${tms.url}/__sandbox/sessions/expire`, { method: 'POST' });
    expect(await writeBack().recordInvoice(tms.url, 'o-0001', invoice)).toEqual({ ok: false, retryable: true, reason: 'session-expired' });
    expect(await order('o-0001')).toEqual(before);
  });

  it('an unknown order → not-found, not retryable', async () => {
    expect(await writeBack().recordInvoice(tms.url, 'o-9999', invoice)).toEqual({ ok: false, retryable: false, reason: 'not-found' });
  });

  it('a link the TMS refuses → rejected with its reason, and the status stays', async () => {
    const result = await writeBack().recordInvoice(tms.url, 'o-0001', { ...invoice, url: 'javascript:alert(1)' });
    expect(result).toMatchObject({ ok: false, retryable: false, reason: 'rejected' });
    expect(!result.ok && result.detail).toContain('link.url');
    expect((await order('o-0001')).status).toBe('delivered');
  });

  it('a TMS that is down → unreachable, retryable', async () => {
    const gone = await startEmulator(createDemoTms({ seed: loadSeed() }), 0);
    const goneCookie = await login(gone.url);
    await gone.close();
    const result = await createDemoWriteBack(browserFetch(() => goneCookie)).recordInvoice(gone.url, 'o-0001', invoice);
    expect(result).toEqual({ ok: false, retryable: true, reason: 'unreachable' });
  });

  it('records a cancellation once: an event with the credit note link, the order back from "Invoice created" to "delivered"', async () => {
    expect(await writeBack().recordInvoice(tms.url, 'o-0001', invoice)).toEqual({ ok: true, alreadyRecorded: false });
    const correction = { providerName: 'Lexware Office', invoiceNumber: 'RE0001', correctionNumber: 'GS0001', url: 'https://app.lexware.de/permalink/credit-notes/view/cn-1', cancelled: true };
    expect(await writeBack().recordCorrection!(tms.url, 'o-0001', correction)).toEqual({ ok: true, alreadyRecorded: false });
    expect(await writeBack().recordCorrection!(tms.url, 'o-0001', correction)).toEqual({ ok: true, alreadyRecorded: true });
    const stored = await order('o-0001');
    expect(stored.status).toBe('delivered');
    const events = stored.events.filter((e) => e.link?.url === correction.url);
    expect(events).toEqual([expect.objectContaining({ type: 'invoice', text: 'Invoice RE0001 cancelled in Lexware Office: GS0001', link: { url: correction.url, label: 'Lexware Office GS0001' } })]);
  });

  it('records a partial correction as an event and leaves the status as it is', async () => {
    expect(await writeBack().recordInvoice(tms.url, 'o-0001', invoice)).toMatchObject({ ok: true });
    const correction = { providerName: 'Lexware Office', invoiceNumber: 'RE0001', correctionNumber: 'GS0002', url: 'https://app.lexware.de/permalink/credit-notes/view/cn-2', cancelled: false };
    expect(await writeBack().recordCorrection!(tms.url, 'o-0001', correction)).toEqual({ ok: true, alreadyRecorded: false });
    const stored = await order('o-0001');
    expect(stored.status).toBe('invoice_created');
    expect(stored.events.filter((e) => e.link?.url === correction.url).map((e) => e.text)).toEqual(['Invoice RE0001 corrected in Lexware Office: GS0002']);
  });

  it('prepared: reads the orders together, then only writes; an order already recorded gets no second event', async () => {
    const wb = writeBack();
    await wb.recordInvoice(tms.url, 'o-0002', invoice);
    const logged = (await requests()).length;

    const record = await wb.prepare!(tms.url, ['o-0001', 'o-0002']);
    expect(await record('o-0001', invoice)).toEqual({ ok: true, alreadyRecorded: false });
    expect(await record('o-0002', invoice)).toEqual({ ok: true, alreadyRecorded: true });

    expect((await requests()).slice(logged).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/orders',
      'POST /api/orders/o-0001/events',
      'PATCH /api/orders/o-0001',
    ]);
    expect((await order('o-0001')).status).toBe('invoice_created');
    expect((await order('o-0002')).events.filter((e) => e.type === 'invoice')).toHaveLength(1);
  });

  it('prepared: an order the batch read did not return is read on its own (not-found), and a state is used once', async () => {
    const record = await writeBack().prepare!(tms.url, ['o-0001', 'o-9999']);
    expect(await record('o-9999', invoice)).toEqual({ ok: false, retryable: false, reason: 'not-found' });
    expect(await record('o-0001', invoice)).toEqual({ ok: true, alreadyRecorded: false });
    // Asked again, it reads the order afresh and sees the link it just wrote.
    expect(await record('o-0001', invoice)).toEqual({ ok: true, alreadyRecorded: true });
    expect((await order('o-0001')).events.filter((e) => e.type === 'invoice')).toHaveLength(1);
  });

  const fault = (spec: object) => fetch(`${tms.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  const invoiceEvents = async (id: string) => (await order(id)).events.filter((e) => e.type === 'invoice' && e.link?.url === invoice.url);

  it('many at once: one read and one batch write; each order gets what it lacks, once, and a paid order stays paid', async () => {
    const wb = writeBack();
    await wb.recordInvoice(tms.url, 'o-0002', invoice);
    // o-0007: the event was posted, the status not yet set (a write-back stopped half-way).
    await fault({ kind: 'status', status: 503, match: { method: 'PATCH', path: '/api/orders/o-0007' } });
    await wb.recordInvoice(tms.url, 'o-0007', invoice);
    const paidBefore = await order('o-0003');
    const logged = (await requests()).length;

    const results = await wb.recordMany!(tms.url, ['o-0001', 'o-0002', 'o-0003', 'o-0007', 'o-9999'], invoice);
    expect(Object.fromEntries(results)).toEqual({
      'o-0001': { ok: true, alreadyRecorded: false },
      'o-0002': { ok: true, alreadyRecorded: true },
      'o-0003': { ok: true, alreadyRecorded: false },
      'o-0007': { ok: true, alreadyRecorded: false },
      'o-9999': { ok: false, retryable: false, reason: 'not-found' },
    });
    const log = (await requests()).slice(logged);
    expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/orders', 'POST /api/orders/batch']);
    expect(log[1]!.body).toEqual({
      orders: [
        { id: 'o-0001', event: { type: 'invoice', text: 'Invoice RE0001 created in Lexware Office', link: { url: invoice.url, label: 'Lexware Office RE0001' } }, status: 'invoice_created' },
        { id: 'o-0003', event: { type: 'invoice', text: 'Invoice RE0001 created in Lexware Office', link: { url: invoice.url, label: 'Lexware Office RE0001' } } },
        { id: 'o-0007', status: 'invoice_created' },
      ],
    });
    for (const id of ['o-0001', 'o-0002', 'o-0007']) {
      expect((await order(id)).status).toBe('invoice_created');
      expect(await invoiceEvents(id)).toHaveLength(1);
    }
    expect((await order('o-0003')).status).toBe(paidBefore.status);

    // A second pass reads afresh and writes nothing.
    const again = await wb.recordMany!(tms.url, ['o-0001', 'o-0002'], invoice);
    expect(Object.fromEntries(again)).toEqual({ 'o-0001': { ok: true, alreadyRecorded: true }, 'o-0002': { ok: true, alreadyRecorded: true } });
    expect((await requests()).slice(logged + 2).map((r) => r.method)).toEqual(['GET']);
  });

  it('many at once: a connection lost after the TMS stored the batch is repeated without a second event', async () => {
    await fault({ kind: 'drop-after-store', match: { method: 'POST', path: '/api/orders/batch' } });
    const first = await writeBack().recordMany!(tms.url, ['o-0001', 'o-0002'], invoice);
    expect([...first.values()]).toEqual([
      { ok: false, retryable: true, reason: 'unreachable' },
      { ok: false, retryable: true, reason: 'unreachable' },
    ]);
    const second = await writeBack().recordMany!(tms.url, ['o-0001', 'o-0002'], invoice);
    expect([...second.values()]).toEqual([
      { ok: true, alreadyRecorded: true },
      { ok: true, alreadyRecorded: true },
    ]);
    expect(await invoiceEvents('o-0001')).toHaveLength(1);
    expect(await invoiceEvents('o-0002')).toHaveLength(1);
  });

  it('many at once: a TMS without the batch write leaves the orders to write out of the answer, for the caller to record one by one', async () => {
    const wb = writeBack();
    await wb.recordInvoice(tms.url, 'o-0002', invoice);
    await fault({ kind: 'status', status: 404, match: { method: 'POST', path: '/api/orders/batch' } });
    const results = await wb.recordMany!(tms.url, ['o-0001', 'o-0002'], invoice);
    expect(Object.fromEntries(results)).toEqual({ 'o-0002': { ok: true, alreadyRecorded: true } });
    expect((await order('o-0001')).status).toBe('delivered');
  });

  it('many at once: a failed read answers every order with its reason and writes nothing', async () => {
    const before = await order('o-0001');
    await fetch(`${tms.url}/__sandbox/sessions/expire`, { method: 'POST' });
    const results = await writeBack().recordMany!(tms.url, ['o-0001', 'o-0002'], invoice);
    expect(Object.fromEntries(results)).toEqual({
      'o-0001': { ok: false, retryable: true, reason: 'session-expired' },
      'o-0002': { ok: false, retryable: true, reason: 'session-expired' },
    });
    expect(await order('o-0001')).toEqual(before);
  });

  it('many at once: a link the TMS refuses is rejected for the orders to write, with its reason', async () => {
    const results = await writeBack().recordMany!(tms.url, ['o-0001'], { ...invoice, url: 'javascript:alert(1)' });
    const result = results.get('o-0001');
    expect(result).toMatchObject({ ok: false, retryable: false, reason: 'rejected' });
    expect(result && !result.ok && result.detail).toContain('link.url');
    expect((await order('o-0001')).status).toBe('delivered');
  });

  it('prepared: a failed batch read throws, so the caller records order by order', async () => {
    await fetch(`${tms.url}/__sandbox/sessions/expire`, { method: 'POST' });
    await expect(writeBack().prepare!(tms.url, ['o-0001'])).rejects.toThrow(/401/);
  });
});
