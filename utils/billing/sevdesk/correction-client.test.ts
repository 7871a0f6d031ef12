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

const creditNotePosts = async (api: TestClient) => ((await api.get('/__sandbox/requests')).body as Logged[]).filter((r) => r.method === 'POST' && r.path === '/api/v1/CreditNote/Factory/saveCreditNote');

type SchemaNode = { required?: string[]; properties?: Record<string, SchemaNode>; $ref?: string; items?: SchemaNode };

describe('Correct invoice in sevdesk (credit note for chosen positions)', () => {
  it('lists the invoice positions to choose from', async () => {
    const api = await start();
    const { book } = freshBook();
    const invoice = await invoiceInBook(api, book);
    expect(await client(api).invoiceLines(invoice.id)).toEqual([
      { index: 0, name: 'Transport Hamburg – München', quantity: 1, unitName: expect.any(String), netMinor: 125_000, taxRatePercentage: 19 },
      { index: 1, name: 'Standzeit', quantity: 2.5, unitName: expect.any(String), netMinor: 11_250, taxRatePercentage: 19 },
    ]);
  });

  it('makes one draft credit note with the chosen positions in one saveCreditNote POST, its body field by field as the official OpenAPI has it', async () => {
    const api = await start();
    const { book } = freshBook();
    const invoice = await invoiceInBook(api, book);

    const outcome = await correctInvoice(book, client(api), invoice.key, { kind: 'correct', lines: [1] }, () => new Date('2026-11-23T10:00:00Z'));
    expect(outcome).toMatchObject({ ok: true, existing: false, correction: { kind: 'creditNote', full: false } });
    const posts = await creditNotePosts(api);
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as { creditNote: Record<string, unknown>; creditNotePosSave: Record<string, unknown>[] } & Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['creditNote', 'creditNotePosDelete', 'creditNotePosSave', 'discountDelete', 'discountSave', 'forCashRegister', 'takeDefaultAddress']);
    expect(body.creditNote).toEqual({
      objectName: 'CreditNote',
      mapAll: true,
      creditNoteDate: '23.11.2026',
      contact: { id: 74100231, objectName: 'Contact' },
      contactPerson: { id: 1273548, objectName: 'SevUser' },
      status: '100',
      header: `Rechnungskorrektur zu Rechnung ${invoice.number}`,
      headText: `Rechnungskorrektur zu Rechnung ${invoice.number}.`,
      address: 'Spedition Nordlicht GmbH\nHafenstraße 12\n20457 Hamburg',
      addressCountry: { id: 1, objectName: 'StaticCountry' },
      deliveryDate: '28.05.2026',
      taxRule: { id: '1', objectName: 'TaxRule' },
      taxText: 'Umsatzsteuer 19%',
      taxRate: 0,
      smallSettlement: false,
      bookingCategory: 'UNDERACHIEVEMENT',
      refSrcInvoice: { id: Number(invoice.id), objectName: 'Invoice' },
      currency: 'EUR',
      showNet: true,
      customerInternalNote: 'A-4711',
    });
    expect(body.creditNotePosSave).toEqual([{ objectName: 'CreditNotePos', mapAll: true, positionNumber: 0, name: 'Standzeit', quantity: 2.5, price: 45, taxRate: 19, unity: { id: expect.any(Number), objectName: 'Unity' } }]);
    expect(body.creditNotePosDelete).toBeNull();

    // In sevdesk: a draft, linked to the invoice, with the text naming it.
    const listed = (await api.get('/api/v1/CreditNote')).body.objects as Record<string, unknown>[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ status: '100', refSrcInvoice: { id: invoice.id }, header: `Rechnungskorrektur zu Rechnung ${invoice.number}`, sumNet: '112.5' });

    // The book: a draft correction, not settled; the invoice stays, its orders stay invoiced.
    const cn = listed[0] as { id: string; creditNoteNumber: string };
    expect(await book.get(`sevdesk|CreditNote-${cn.id}`)).toMatchObject({ documentType: 'creditNote', correctionOf: invoice.key, status: 'draft', paidMinor: 0, netMinor: 11_250, grossMinor: 13_388 });
    const row = await book.get(invoice.key);
    expect(row?.status).not.toBe('cancelled');
    expect(row?.correction).toMatchObject({ kind: 'creditNote', full: false, number: cn.creditNoteNumber, url: `${api.url}/fi/detail/type/GU/id/${cn.id}` });
    // sevdesk numbers credit notes apart from invoices: the book keeps the credit note under its own kind of id.
    expect(row?.correctedBy).toEqual([`sevdesk|CreditNote-${cn.id}`]);
    expect((await book.isInvoiced(TMS, ['o-1'])).get('o-1')?.invoiceKey).toBe(invoice.key);
  });

  it.skipIf(!existsSync(SPEC) || !yaml)('sends only what the official saveCreditNote schema defines, and every field Model_creditNote / Model_creditNotePos require that the API does not fill itself', async () => {
    const spec = yaml!.load(readFileSync(SPEC, 'utf8')) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: SchemaNode }> } }>>; components: { schemas: Record<string, SchemaNode> } };
    const schemas = spec.components.schemas;
    const resolve = (node: SchemaNode): SchemaNode => (node.$ref ? schemas[node.$ref.split('/').pop()!]! : node);
    const request = resolve(spec.paths['/CreditNote/Factory/saveCreditNote']!.post!.requestBody!.content['application/json']!.schema);
    const creditNote = resolve(request.properties!.creditNote!);
    const position = resolve(request.properties!.creditNotePosSave!.items!);

    const api = await start();
    const { book } = freshBook();
    const invoice = await invoiceInBook(api, book);
    await correctInvoice(book, client(api), invoice.key, { kind: 'correct' }, () => new Date('2026-11-23T10:00:00Z'));
    const body = (await creditNotePosts(api))[0]!.body as { creditNote: Record<string, unknown>; creditNotePosSave: Record<string, unknown>[] };

    // refSrcInvoice and the delivery dates are documented in the CreditNote attribute table (deliveryDate even
    // in Model_creditNote's required list), not among its properties.
    expect(Object.keys(body.creditNote).filter((k) => !creditNote.properties![k] && !['refSrcInvoice', 'deliveryDate', 'deliveryDateUntil'].includes(k))).toEqual([]);
    // Filled by sevdesk: the number; invoiceType is not defined as a property at all.
    expect(creditNote.required!.filter((k) => !(k in body.creditNote) && !['creditNoteNumber', 'invoiceType', 'taxType'].includes(k))).toEqual([]);
    expect(body.creditNotePosSave).toHaveLength(2);
    for (const p of body.creditNotePosSave) {
      expect(Object.keys(p).filter((k) => !position.properties![k])).toEqual([]);
      expect(position.required!.filter((k) => !(k in p))).toEqual([]);
    }
    expect(creditNote.properties!.bookingCategory).toMatchObject({ enum: expect.arrayContaining(['UNDERACHIEVEMENT']) });
  });

  it('finds the credit note whose answer was lost (by contact and refSrcInvoice) instead of making a second one', async () => {
    const api = await start();
    const { book } = freshBook();
    const invoice = await invoiceInBook(api, book);
    await api.post('/__sandbox/faults', { match: { method: 'POST', path: '/api/v1/CreditNote/Factory/saveCreditNote' }, kind: 'status', status: 500, afterHandling: true, count: 1 });

    const outcome = await correctInvoice(book, client(api), invoice.key, { kind: 'correct', lines: [0] }, () => new Date('2026-11-23T10:00:00Z'));
    expect(outcome).toMatchObject({ ok: true, existing: false, correction: { kind: 'creditNote', full: false } });
    expect(await creditNotePosts(api)).toHaveLength(1);
    expect(await correctionPending(book, invoice.key)).toBe(false);
    const gets = ((await api.get('/__sandbox/requests')).body as (Logged & { query?: Record<string, string> })[]).filter((r) => r.method === 'GET' && r.path === '/api/v1/CreditNote');
    expect(gets).toHaveLength(1);
  });
});
