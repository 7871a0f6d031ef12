/**
 * A recipe's write-back with a fake TMS: modes, the idempotency probe, same-origin only,
 * disabled and CSRF recipes refused, HTTP statuses mapped as the demo write-back maps them.
 */
import { describe, expect, it, vi } from 'vitest';
import type { InvoiceRecord } from '../adapter';
import { validateRecipe, type Recipe } from './schema';
import { writeBackFromRecipe } from './write-back';

const SITE = 'https://tms.example.com';

const invoice: InvoiceRecord = {
  provider: 'lexware',
  providerName: 'Lexware Office',
  invoiceId: 'inv-1',
  invoiceNumber: 'RE-2026-0042',
  url: 'https://app.lexware.de/permalink/invoices/view/inv-1',
};

function recipeWith(writeBack: unknown): Recipe {
  const checked = validateRecipe({
    format: 1,
    id: '0b7e4c8a-1d2e-4f3a-9b5c-6d7e8f9a0b1c',
    revision: 1,
    name: 'Test TMS',
    sites: [SITE],
    locale: { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR' },
    order: { read: ['detail'], fields: {} },
    detail: { url: { path: '/orders/:id' } },
    writeBack,
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return checked.recipe;
}

const http = (over: Record<string, unknown> = {}) =>
  recipeWith({
    mode: 'http',
    enabled: true,
    method: 'PATCH',
    url: '/api/orders/{id}',
    body: { invoiceReference: '{invoiceNumber}', 'link.url': '{invoiceUrl}', 'link.label': '{provider} {invoiceNumber}' },
    probe: { url: '/api/orders/{id}', json: '$.invoiceReference' },
    ...over,
  });

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A TMS whose probe answers `probe` and whose write answers `write`. */
function fakeTms(probe: () => Response | Promise<Response>, write: () => Response | Promise<Response> = () => json({ ok: true })) {
  return vi.fn<typeof fetch>(async (_input, init) => ((init?.method ?? 'GET') === 'GET' ? probe() : write()));
}

describe('ledger and instructions: no TMS call', () => {
  it.each([{ mode: 'ledger' }, { mode: 'instructions', field: { label: 'Rechnungs-Nr.' } }, undefined])('%o succeeds at once and calls nothing', async (writeBack) => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const result = await writeBackFromRecipe(recipeWith(writeBack)).recordInvoice(SITE, 'o-1', invoice, fetch);
    expect(result).toEqual({ ok: true, alreadyRecorded: false });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('is named after the recipe', () => {
    expect(writeBackFromRecipe(recipeWith(undefined)).id).toBe('recipe:0b7e4c8a-1d2e-4f3a-9b5c-6d7e8f9a0b1c');
  });
});

describe('http: probe, then one request', () => {
  it('sends the template with the values filled in, on the order\'s own origin, with the session', async () => {
    const fetch = fakeTms(() => json({ id: 'o 1', invoiceReference: null }));
    const result = await writeBackFromRecipe(http()).recordInvoice(SITE, 'o 1', invoice, fetch);
    expect(result).toEqual({ ok: true, alreadyRecorded: false });
    expect(fetch).toHaveBeenCalledTimes(2);
    const [probeUrl, probeInit] = fetch.mock.calls[0]!;
    expect(String(probeUrl)).toBe(`${SITE}/api/orders/o%201`);
    expect(probeInit).toMatchObject({ credentials: 'include' });
    const [url, init] = fetch.mock.calls[1]!;
    expect(String(url)).toBe(`${SITE}/api/orders/o%201`);
    expect(init).toMatchObject({ method: 'PATCH', credentials: 'include', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(String(init!.body))).toEqual({ invoiceReference: 'RE-2026-0042', link: { url: invoice.url, label: 'Lexware Office RE-2026-0042' } });
  });

  it.each([
    ['the invoice number', { invoiceReference: 'RE-2026-0042' }, '$.invoiceReference'],
    ['the invoice URL among the events', { events: [{ type: 'note' }, { type: 'invoice', link: { url: invoice.url } }] }, "$.events[?type=='invoice'].link.url"],
    ['the invoice id', { refs: ['x', 'inv-1'] }, '$.refs[*]'],
  ])('an order that already carries %s is left alone: alreadyRecorded, no second call', async (_name, state, path) => {
    const fetch = fakeTms(() => json(state));
    const result = await writeBackFromRecipe(http({ probe: { url: '/api/orders/{id}', json: path } })).recordInvoice(SITE, 'o-1', invoice, fetch);
    expect(result).toEqual({ ok: true, alreadyRecorded: true });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a repeated job makes no second write: the first wrote, the second finds it', async () => {
    let stored: string | null = null;
    const fetch = vi.fn<typeof globalThis.fetch>(async (_input, init) => {
      if ((init?.method ?? 'GET') === 'GET') return json({ invoiceReference: stored });
      stored = (JSON.parse(String(init!.body)) as { invoiceReference: string }).invoiceReference;
      return json({});
    });
    const writeBack = writeBackFromRecipe(http());
    expect(await writeBack.recordInvoice(SITE, 'o-1', invoice, fetch)).toEqual({ ok: true, alreadyRecorded: false });
    expect(await writeBack.recordInvoice(SITE, 'o-1', invoice, fetch)).toEqual({ ok: true, alreadyRecorded: true });
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'PATCH')).toHaveLength(1);
  });

  it('a similar but different number is not this invoice (exact comparison)', async () => {
    const fetch = fakeTms(() => json({ invoiceReference: 'RE-2026-00421' }));
    expect(await writeBackFromRecipe(http()).recordInvoice(SITE, 'o-1', invoice, fetch)).toEqual({ ok: true, alreadyRecorded: false });
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('http: what is refused before anything is sent', () => {
  it('a disabled write-back (as imported)', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const result = await writeBackFromRecipe(http({ enabled: false })).recordInvoice(SITE, 'o-1', invoice, fetch);
    expect(result).toMatchObject({ ok: false, retryable: false, reason: 'rejected', detail: expect.stringMatching(/disabled/) });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('an origin that is not one of the recipe\'s sites', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const result = await writeBackFromRecipe(http()).recordInvoice('https://evil.example', 'o-1', invoice, fetch);
    expect(result).toMatchObject({ ok: false, retryable: false, reason: 'rejected', detail: expect.stringMatching(/not a site/) });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a write-back that needs a CSRF token from the page (runs from a TMS tab, later)', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const result = await writeBackFromRecipe(http({ csrf: { header: 'X-CSRF-Token', from: { css: "meta[name='csrf-token']", attr: 'content' } } })).recordInvoice(SITE, 'o-1', invoice, fetch);
    expect(result).toMatchObject({ ok: false, retryable: false, reason: 'rejected', detail: expect.stringMatching(/X-CSRF-Token/) });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a template with the order number, which the background does not know', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const result = await writeBackFromRecipe(http({ url: '/api/orders/{number}' })).recordInvoice(SITE, 'o-1', invoice, fetch);
    expect(result).toMatchObject({ ok: false, retryable: false, reason: 'rejected' });
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('http: an invoice without a number (a draft in the billing system)', () => {
  const draft = (invoiceNumber: string | undefined): InvoiceRecord => {
    const { invoiceNumber: _number, ...rest } = invoice;
    return invoiceNumber === undefined ? rest : { ...rest, invoiceNumber };
  };

  it.each([
    ['no number at all', undefined],
    ['an empty number', ''],
    ['a blank number', '  '],
  ])('%s: nothing is sent and the problem is named, not retried', async (_name, number) => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const result = await writeBackFromRecipe(http()).recordInvoice(SITE, 'o-1', draft(number), fetch);
    expect(result).toMatchObject({ ok: false, retryable: false, reason: 'invoice-number-missing', detail: expect.stringMatching(/no number yet/) });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('the number in the URL only (not the body) is refused the same way', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const spec = http({ url: '/api/orders/{id}/invoices/{invoiceNumber}', body: { 'link.url': '{invoiceUrl}' } });
    expect(await writeBackFromRecipe(spec).recordInvoice(SITE, 'o-1', draft(undefined), fetch)).toMatchObject({ reason: 'invoice-number-missing' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a template without {invoiceNumber} records a draft invoice by its link', async () => {
    const fetch = fakeTms(() => json({ link: null }));
    const spec = http({ body: { 'link.url': '{invoiceUrl}', 'link.label': '{provider}' }, probe: { url: '/api/orders/{id}', json: '$.link.url' } });
    expect(await writeBackFromRecipe(spec).recordInvoice(SITE, 'o-1', draft(undefined), fetch)).toEqual({ ok: true, alreadyRecorded: false });
    expect(JSON.parse(String(fetch.mock.calls[1]![1]!.body))).toEqual({ link: { url: invoice.url, label: 'Lexware Office' } });
  });

  it('a text that mentions the number records a draft without it; the field for the number alone still waits for one', async () => {
    const fetch = fakeTms(() => json({ events: [] }));
    const spec = http({ method: 'POST', url: '/api/orders/{id}/events', body: { text: 'Invoice {invoiceNumber} created in {provider}', 'link.url': '{invoiceUrl}', 'link.label': '{provider} {invoiceNumber}' }, probe: { url: '/api/orders/{id}', json: '$.events[*].link.url' } });
    expect(await writeBackFromRecipe(spec).recordInvoice(SITE, 'o-1', draft(undefined), fetch)).toEqual({ ok: true, alreadyRecorded: false });
    expect(JSON.parse(String(fetch.mock.calls[1]![1]!.body))).toEqual({ text: 'Invoice created in Lexware Office', link: { url: invoice.url, label: 'Lexware Office' } });
    // With a number, the same texts carry it.
    const numbered = fakeTms(() => json({ events: [] }));
    await writeBackFromRecipe(spec).recordInvoice(SITE, 'o-1', invoice, numbered);
    expect(JSON.parse(String(numbered.mock.calls[1]![1]!.body))).toMatchObject({ text: `Invoice ${invoice.invoiceNumber} created in Lexware Office`, link: { label: `Lexware Office ${invoice.invoiceNumber}` } });
  });

  it('a ledger write-back records a draft invoice (the badge needs no number)', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    expect(await writeBackFromRecipe(recipeWith({ mode: 'ledger' })).recordInvoice(SITE, 'o-1', draft(undefined), fetch)).toEqual({ ok: true, alreadyRecorded: false });
  });
});

describe('http: statuses and failures', () => {
  it.each([
    [401, { ok: false, retryable: true, reason: 'session-expired' }],
    [403, { ok: false, retryable: true, reason: 'session-expired' }],
    [404, { ok: false, retryable: false, reason: 'not-found' }],
    [429, { ok: false, retryable: true, reason: 'unreachable' }],
    [503, { ok: false, retryable: true, reason: 'unreachable' }],
  ])('probe answers %i', async (status, expected) => {
    const fetch = fakeTms(() => json({ error: 'x' }, status));
    expect(await writeBackFromRecipe(http()).recordInvoice(SITE, 'o-1', invoice, fetch)).toMatchObject(expected);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it.each([
    [401, { ok: false, retryable: true, reason: 'session-expired' }],
    [404, { ok: false, retryable: false, reason: 'not-found' }],
    [422, { ok: false, retryable: false, reason: 'rejected', detail: '{"error":"x"}' }],
    [500, { ok: false, retryable: true, reason: 'unreachable' }],
  ])('the write answers %i', async (status, expected) => {
    const fetch = fakeTms(
      () => json({}),
      () => json({ error: 'x' }, status),
    );
    expect(await writeBackFromRecipe(http()).recordInvoice(SITE, 'o-1', invoice, fetch)).toMatchObject(expected);
  });

  it('the network fails: unreachable, retryable', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await writeBackFromRecipe(http()).recordInvoice(SITE, 'o-1', invoice, fetch)).toEqual({ ok: false, retryable: true, reason: 'unreachable' });
  });

  it('a probe answer that is not JSON (a login page): unreachable, nothing written', async () => {
    const fetch = fakeTms(() => new Response('<h1>Sign in</h1>', { status: 200, headers: { 'content-type': 'text/html' } }));
    expect(await writeBackFromRecipe(http()).recordInvoice(SITE, 'o-1', invoice, fetch)).toMatchObject({ ok: false, retryable: true, reason: 'unreachable' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
