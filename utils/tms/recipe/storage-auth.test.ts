/**
 * `storage` auth: the token the TMS page keeps in web storage is read in the tab when a
 * request is sent, sent as the Authorization header of fetch sources and of the HTTP
 * write-back, and kept nowhere else. Without one nothing is sent: `token-missing`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adapterFromRecipe } from './adapter';
import { validateRecipe, type Recipe } from './schema';
import { storageAuthorization, type PageStorage } from './storage-auth';
import { writeBackFromRecipe, writeBackNeedsPage } from './write-back';

const SITE = 'https://tms.example.com';
const area = (items: Record<string, string>) => ({ getItem: (key: string) => items[key] ?? null });
const stored = (session: Record<string, string>, local: Record<string, string> = {}): PageStorage => ({ session: area(session), local: area(local) });

function recipeWith(auth: unknown, writeBack: unknown = { mode: 'ledger' }): Recipe {
  const checked = validateRecipe({
    format: 1,
    id: '0b7e4c8a-1d2e-4f3a-9b5c-6d7e8f9a0b1c',
    revision: 1,
    name: 'Token TMS',
    sites: [SITE],
    locale: { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR' },
    sources: { fetch: { api: { url: '/api/orders/{id}' } }, auth },
    order: { read: ['fetch:api'], fields: { number: { json: '$.number' }, 'customer.name': { json: '$.customer' }, status: { json: '$.status' }, price: { json: { amount: '$.priceCents', unit: 'minor' } } } },
    writeBack,
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return checked.recipe;
}

describe('the stored token', () => {
  it.each([
    ['a bare token in sessionStorage', { storageKey: 'token' }, stored({ token: 'abc.def.ghi' }), 'Bearer abc.def.ghi'],
    ['a value with its scheme', { storageKey: 'token' }, stored({ token: 'Bearer abc' }), 'Bearer abc'],
    ['inside a JSON value', { storageKey: 'auth', storagePath: '$.access_token' }, stored({}, { auth: '{"access_token":"t-1","expires":3600}' }), 'Bearer t-1'],
    ['localStorage only when asked', { storageKey: 'token', storageArea: 'local' as const }, stored({ token: 'session-one' }, { token: 'local-one' }), 'Bearer local-one'],
  ])('%s', (_name, auth, storage, expected) => {
    expect(storageAuthorization({ mode: 'storage', ...auth }, storage)).toBe(expected);
  });

  it.each([
    ['nothing stored yet', { storageKey: 'token' }, stored({})],
    ['a JSON path that leads nowhere', { storageKey: 'auth', storagePath: '$.access_token' }, stored({ auth: '{"user":"x"}' })],
    ['a value that is no JSON', { storageKey: 'auth', storagePath: '$.access_token' }, stored({ auth: 'not json' })],
    ['a value a header can\'t carry', { storageKey: 'token' }, stored({ token: 'line\nbreak' })],
    ['storage the page forbids', { storageKey: 'token' }, { session: { getItem: () => { throw new DOMException('denied', 'SecurityError'); } }, local: null }],
  ])('none: %s', (_name, auth, storage) => {
    expect(storageAuthorization({ mode: 'storage', ...auth }, storage)).toBeNull();
  });

  it('the recipe names its key, or is refused', () => {
    expect(() => recipeWith({ mode: 'storage' })).toThrow(/storageKey/);
  });
});

describe('fetch sources and the write-back with `storage` auth', () => {
  afterEach(() => sessionStorage.clear());

  it('send the page\'s stored token; without one, nothing is sent and the order says why', async () => {
    const recipe = recipeWith({ mode: 'storage', storageKey: 'tms.token' });
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(JSON.stringify({ number: 'A-1', customer: 'Kunde A', status: 'delivered', priceCents: 125000 }), { headers: { 'content-type': 'application/json' } }));

    const before = await adapterFromRecipe(recipe).readOrders(['o-1'], { origin: SITE, fetch });
    expect(before).toEqual([expect.objectContaining({ ok: false, problems: [expect.objectContaining({ code: 'token-missing' })] })]);
    expect(fetch).not.toHaveBeenCalled();

    sessionStorage.setItem('tms.token', 'eyJ.secret.sig');
    const [read] = await adapterFromRecipe(recipe).readOrders(['o-1'], { origin: SITE, fetch });
    expect(fetch).toHaveBeenCalledOnce();
    expect(String(fetch.mock.calls[0]![0])).toBe(`${SITE}/api/orders/o-1`);
    expect(fetch.mock.calls[0]![1]!.headers).toMatchObject({ authorization: 'Bearer eyJ.secret.sig' });
    // Read from the answer (this recipe teaches no stops, so the order names that, not the token).
    expect(read!.ok ? [] : read!.problems.map((p) => p.code)).not.toContain('token-missing');
  });

  it('an HTTP write-back runs in a TMS tab, with the token the page holds then', async () => {
    const recipe = recipeWith({ mode: 'storage', storageKey: 'tms.token' }, {
      mode: 'http', enabled: true, method: 'PATCH', url: '/api/orders/{id}', body: { invoiceReference: '{invoiceNumber}' }, probe: { url: '/api/orders/{id}', json: '$.invoiceReference' },
    });
    expect(writeBackNeedsPage(recipe)).toBe(true);
    const invoice = { provider: 'lexware' as const, providerName: 'Lexware Office', invoiceId: 'inv-1', invoiceNumber: 'RE-1', url: 'https://app.lexware.de/permalink/invoices/view/inv-1' };
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response('{}', { headers: { 'content-type': 'application/json' } }));
    // In the background: no page, so nothing is sent; the job waits for a TMS tab.
    expect(await writeBackFromRecipe(recipe, fetch).recordInvoice(SITE, 'o-1', invoice)).toMatchObject({ ok: false, retryable: true, reason: 'unreachable' });
    expect(fetch).not.toHaveBeenCalled();
    const page = { value: () => null, authorization: () => storageAuthorization(recipe.sources?.auth, stored({ 'tms.token': 't-9' })) };
    expect(await writeBackFromRecipe(recipe, fetch, page).recordInvoice(SITE, 'o-1', invoice)).toEqual({ ok: true, alreadyRecorded: false });
    expect(fetch.mock.calls.map(([, init]) => (init!.headers as Record<string, string>).authorization)).toEqual(['Bearer t-9', 'Bearer t-9']);
  });
});
