// @vitest-environment node
/**
 * "Correct invoice" for a sevdesk invoice through the background's handler, against the sevdesk
 * emulator: sevdesk's answer to the one saveCreditNote POST is lost (500 after it made the credit
 * note), the handler looks it up by the invoice's contact and refSrcInvoice, records it, and never
 * POSTs a second one, also when the user asks again.
 */
import { describe, expect, it } from 'vitest';
import { invoiceBody, SAVE_INVOICE, TOKEN, useSevdesk, type TestClient } from '@/sandbox/sevdesk/test-support';
import { TokenBucket } from '@/utils/billing/rate-limit';
import { createSevdeskCorrectionClient } from '@/utils/billing/sevdesk/correction-client';
import { correctionPending } from '@/utils/book/correction';
import { freshBook, invoiceInput } from '@/tests/support/book';
import { correctInvoice, getCorrectionOptions, type CorrectionDeps } from './corrections';

const start = useSevdesk({ now: () => new Date('2026-11-23T09:00:00Z') });
type Logged = { method: string; path: string };
const SAVE_CREDIT_NOTE = '/api/v1/CreditNote/Factory/saveCreditNote';

async function setup(api: TestClient) {
  const { book, clock } = freshBook('2026-11-23T10:00:00.000Z');
  const saved = await api.post(SAVE_INVOICE, invoiceBody());
  const id = String(saved.body.objects.invoice.id);
  expect((await api.put(`/api/v1/Invoice/${id}/sendBy`, { sendType: 'VPR', sendDraft: false })).status).toBe(200);
  const invoice = (await api.get(`/api/v1/Invoice/${id}`)).body.objects[0];
  await book.recordInvoice(
    invoiceInput({ provider: 'sevdesk', invoiceId: id, invoiceNumber: invoice.invoiceNumber, netMinor: 136_250, taxMinor: 25_888, grossMinor: 162_138, customerKey: 'sevdesk|74100231', deepLink: `${api.url}/fi/detail/type/RE/id/${id}` }),
  );
  const client = createSevdeskCorrectionClient({
    apiKey: () => TOKEN,
    endpoints: { api: `${api.url}/api/v1`, app: api.url },
    fetch: globalThis.fetch,
    backoffMs: 5,
    bucket: new TokenBucket({ capacity: 100, refillPerSecond: 100 }),
    errorStreak: { threshold: 100, pausesMs: [1] },
  });
  const deps: CorrectionDeps = {
    book: async () => book,
    client: async () => client,
    adapterOfJob: async () => undefined,
    writeBack: async () => undefined,
    locale: async () => 'en',
    now: () => clock.now,
    invoicedOrders: (origin, orderIds) => book.isInvoiced(origin, orderIds),
  };
  return { deps, book, key: `sevdesk|${id}`, number: invoice.invoiceNumber as string };
}

const posts = async (api: TestClient) => ((await api.get('/__sandbox/requests')).body as Logged[]).filter((r) => r.method === 'POST' && r.path === SAVE_CREDIT_NOTE);

describe('correctInvoice for sevdesk', () => {
  it('offers the invoice positions to choose from', async () => {
    const api = await start();
    const { deps, key } = await setup(api);
    const options = await getCorrectionOptions(deps, { invoiceKey: key });
    expect(options).toMatchObject({ ok: true, pending: false, draftUrl: null });
    expect(options.ok && options.lines?.map((l) => l.name)).toEqual(['Transport Hamburg – München', 'Standzeit']);
  });

  it('exactly once when the answer is lost: the look finds the credit note it made, no second POST, the draft said plainly', async () => {
    const api = await start();
    const { deps, book, key } = await setup(api);
    await api.post('/__sandbox/faults', { match: { method: 'POST', path: SAVE_CREDIT_NOTE }, kind: 'status', status: 500, afterHandling: true, count: 1 });

    const answer = await correctInvoice(deps, { invoiceKey: key, kind: 'correct', lines: [1] });
    const made = (await api.get('/api/v1/CreditNote')).body.objects as { id: string; creditNoteNumber: string }[];
    expect(made).toHaveLength(1);
    expect(answer).toEqual({
      ok: true,
      correction: { number: made[0]!.creditNoteNumber, url: `${api.url}/fi/detail/type/GU/id/${made[0]!.id}`, kind: 'creditNote', full: false },
      existing: false,
      summary: `sevdesk made ${made[0]!.creditNoteNumber} as a draft: check, finalise and send it in sevdesk.`,
    });
    expect(await posts(api)).toHaveLength(1);
    expect(await correctionPending(book, key)).toBe(false);

    // Asked again (a second tab, a double click): answered from the book.
    expect(await correctInvoice(deps, { invoiceKey: key, kind: 'correct', lines: [0] })).toMatchObject({ ok: true, existing: true });
    expect(await posts(api)).toHaveLength(1);
    expect((await api.get('/api/v1/CreditNote')).body.objects).toHaveLength(1);
  });
});
