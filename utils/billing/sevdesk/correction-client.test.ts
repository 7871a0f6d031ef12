// @vitest-environment node
/**
 * "Cancel invoice" against the sevdesk emulator, in-process over real HTTP: `cancelInvoice` as
 * the official OpenAPI describes it (POST, no request body, 201 with the SR), the SR recorded as
 * the invoice's correction, a draft refused before sevdesk is asked, and exactly once when
 * sevdesk's answer is lost (the SR is found by its origin).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoiceBody, SAVE_INVOICE, TOKEN, useSevdesk, type TestClient } from '../../../sandbox/sevdesk/test-support';
import { correctInvoice, correctionPending } from '../../book/correction';
import { pollSevdesk } from '../../book/poll';
import { createSevdeskBookClient } from './book-client';
import { TokenBucket } from '../rate-limit';
import { freshBook, invoiceInput, TMS } from '@/tests/support/book';
import { createSevdeskCorrectionClient } from './correction-client';

const start = useSevdesk({ now: () => new Date('2026-11-23T09:00:00Z') });

function client(api: TestClient) {
  return createSevdeskCorrectionClient({
    apiKey: () => TOKEN,
    endpoints: { api: `${api.url}/api/v1`, app: api.url },
    fetch: globalThis.fetch,
    backoffMs: 5,
    bucket: new TokenBucket({ capacity: 100, refillPerSecond: 100 }),
    errorStreak: { threshold: 100, pausesMs: [1] },
  });
}

async function invoiceInBook(api: TestClient, book: ReturnType<typeof freshBook>['book'], sent = true) {
  const saved = await api.post(SAVE_INVOICE, invoiceBody());
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  const id = String(saved.body.objects.invoice.id);
  if (sent) expect((await api.put(`/api/v1/Invoice/${id}/sendBy`, { sendType: 'VPR', sendDraft: false })).status).toBe(200);
  const invoice = (await api.get(`/api/v1/Invoice/${id}`)).body.objects[0];
  const grossMinor = Math.round(Number(invoice.sumGross) * 100);
  const netMinor = Math.round(Number(invoice.sumNet) * 100);
  await book.recordInvoice(
    invoiceInput({
      provider: 'sevdesk',
      invoiceId: id,
      invoiceNumber: invoice.invoiceNumber,
      netMinor,
      taxMinor: grossMinor - netMinor,
      grossMinor,
      customerKey: 'sevdesk|74100231',
      deepLink: `${api.url}/fi/detail/type/RE/id/${id}`,
      payment: sent ? undefined : { status: 'draft', paidMinor: 0, paidDate: null },
    }),
  );
  return { id, key: `sevdesk|${id}`, number: invoice.invoiceNumber as string, grossMinor, netMinor };
}

type Logged = { method: string; path: string; body?: unknown };
const cancelPosts = async (api: TestClient) => ((await api.get('/__sandbox/requests')).body as Logged[]).filter((r) => r.method === 'POST' && r.path.endsWith('/cancelInvoice'));

const SPEC = path.resolve(process.cwd(), '../shared/api/sevdesk-openapi.official.yaml');
const yaml = (() => {
  try {
    return createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
  } catch {
    return null;
  }
})();

describe('Cancel invoice in sevdesk', () => {
  it.skipIf(!existsSync(SPEC) || !yaml)('calls cancelInvoice as the official OpenAPI has it: POST on the invoice, no request body, 201 with the cancellation invoice', () => {
    const spec = yaml!.load(readFileSync(SPEC, 'utf8')) as { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }>> };
    const operation = spec.paths['/Invoice/{invoiceId}/cancelInvoice']?.post;
    expect(operation).toBeDefined();
    expect(operation!.requestBody).toBeUndefined();
    expect(operation!.parameters?.map((p) => [p.name, p.in])).toEqual([['invoiceId', 'path']]);
    expect(Object.keys(operation!.responses)).toContain('201');
  });

  it('cancels a sent invoice with one cancellation invoice (SR), sent without a body; the book links invoice → SR', async () => {
    const api = await start();
    const { book } = freshBook();
    const invoice = await invoiceInBook(api, book);

    const outcome = await correctInvoice(book, client(api), invoice.key, { kind: 'cancel' }, () => new Date('2026-11-23T10:00:00Z'));
    expect(outcome.ok).toBe(true);
    const posts = await cancelPosts(api);
    expect(posts.map((p) => p.path)).toEqual([`/api/v1/Invoice/${invoice.id}/cancelInvoice`]);
    expect(posts[0]!.body).toBeUndefined();

    const srs = (await api.get(`/api/v1/Invoice?invoiceType=SR&origin[id]=${invoice.id}&origin[objectName]=Invoice`)).body.objects as { id: string; invoiceNumber: string }[];
    expect(srs).toHaveLength(1);
    const sr = srs[0]!;
    const row = await book.get(invoice.key);
    expect(row).toMatchObject({
      status: 'cancelled',
      correctedBy: [`sevdesk|${sr.id}`],
      correction: { kind: 'cancellationInvoice', full: true, number: sr.invoiceNumber, url: `${api.url}/fi/detail/type/SR/id/${sr.id}` },
    });
    // The SR's amounts are negative in sevdesk; the book keeps the correction document's amounts as positive values.
    expect(await book.get(`sevdesk|${sr.id}`)).toMatchObject({ documentType: 'creditNote', correctionOf: invoice.key, grossMinor: invoice.grossMinor, netMinor: invoice.netMinor });
    expect((await book.isInvoiced(TMS, ['o-1'])).get('o-1')).toMatchObject({ status: 'cancelled' });

    // The next payment check reads the SR (negative amounts, paid) without a problem, and the invoice stays cancelled.
    const poll = await pollSevdesk(book, createSevdeskBookClient({ apiKey: () => TOKEN, endpoints: { api: `${api.url}/api/v1`, app: api.url }, fetch: globalThis.fetch, backoffMs: 5, bucket: new TokenBucket({ capacity: 100, refillPerSecond: 100 }), errorStreak: { threshold: 100, pausesMs: [1] } }), { lastPollAt: null }, new Date('2026-11-23T11:00:00Z'));
    expect(poll.problems).toEqual([]);
    expect(await book.get(`sevdesk|${sr.id}`)).toMatchObject({ status: 'paid', paidMinor: invoice.grossMinor });
    expect((await book.get(invoice.key))?.status).toBe('cancelled');

    // A second cancel is answered from the book; sevdesk itself would refuse it.
    expect(await correctInvoice(book, client(api), invoice.key, { kind: 'cancel' }, () => new Date())).toMatchObject({ ok: true, existing: true });
    expect((await api.post(`/api/v1/Invoice/${invoice.id}/cancelInvoice`, undefined)).status).toBe(400);
    expect(await cancelPosts(api)).toHaveLength(2);
  });

  it('refuses a draft without asking sevdesk (sevdesk cancels only sent invoices)', async () => {
    const api = await start();
    const { book } = freshBook();
    const invoice = await invoiceInBook(api, book, false);
    expect(await correctInvoice(book, client(api), invoice.key, { kind: 'cancel' }, () => new Date())).toEqual({ ok: false, reason: 'draft' });
    expect(await cancelPosts(api)).toHaveLength(0);
  });

  it('finds the cancellation invoice whose answer was lost instead of cancelling twice', async () => {
    const api = await start();
    const { book } = freshBook();
    const invoice = await invoiceInBook(api, book);
    await api.post('/__sandbox/faults', { match: { method: 'POST', path: `/api/v1/Invoice/${invoice.id}/cancelInvoice` }, kind: 'status', status: 500, afterHandling: true, count: 1 });

    const outcome = await correctInvoice(book, client(api), invoice.key, { kind: 'cancel' }, () => new Date());
    expect(outcome).toMatchObject({ ok: true, existing: false, correction: { kind: 'cancellationInvoice', full: true } });
    expect(await cancelPosts(api)).toHaveLength(1);
    expect(await correctionPending(book, invoice.key)).toBe(false);
  });
});
