import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, FakeClock, startLexware, validInvoice, type TestLexware } from './test-support';

let lx: TestLexware | undefined;
afterEach(async () => {
  await lx?.close();
  lx = undefined;
});

describe('authentication', () => {
  it('answers 401 Unauthorized without a token and with a wrong one', async () => {
    lx = await startLexware();
    const missing = await lx.raw('GET', '/v1/profile');
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ message: 'Unauthorized' });
    const wrong = await lx.raw('GET', '/v1/profile', { headers: { authorization: 'Bearer not-the-key' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ message: 'Unauthorized' });
  });

  it('answers the gateway 403 when the Authorization header is not "Bearer <token>"', async () => {
    lx = await startLexware();
    const plain = await lx.raw('GET', '/v1/profile', { headers: { authorization: API_KEY } });
    expect(plain.status).toBe(403);
    expect(plain.body).toEqual({ message: `'${API_KEY}' not a valid key=value pair (missing equal-sign) in Authorization header: '${API_KEY}'.` });
    const token = await lx.raw('GET', '/v1/profile', { headers: { authorization: `Token ${API_KEY}` } });
    expect(token.status).toBe(403);
    expect(token.body).toEqual({ message: `'${API_KEY}' not a valid key=value pair (missing equal-sign) in Authorization header: 'Token ${API_KEY}'.` });
  });

  it('accepts the scheme case-insensitively', async () => {
    lx = await startLexware();
    const r = await lx.raw('GET', '/v1/profile', { headers: { authorization: `bearer ${API_KEY}` } });
    expect(r.status).toBe(200);
  });
});

describe('gateway routing', () => {
  it('refuses unknown paths with the gateway 403, before looking at the key', async () => {
    lx = await startLexware();
    const withKey = await lx.api('GET', '/v1/nothing-here');
    expect(withKey.status).toBe(403);
    expect(withKey.body).toEqual({ message: `'${API_KEY}' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer ${API_KEY}'.` });
    const anonymous = await lx.raw('GET', '/v1/nothing-here');
    expect(anonymous.status).toBe(403);
    expect(anonymous.body).toEqual({ message: 'Missing Authentication Token' });
    const wrongKey = await lx.raw('GET', '/v1/nothing-here', { headers: { authorization: 'Bearer wrong' } });
    expect(wrongKey.status).toBe(403);
  });

  it('refuses methods the API does not have: no invoice list/update/delete, no contact delete', async () => {
    lx = await startLexware();
    const created = await lx.api('POST', '/v1/invoices', validInvoice());
    const id = created.body.id as string;
    for (const [method, path] of [
      ['GET', '/v1/invoices'],
      ['PUT', `/v1/invoices/${id}`],
      ['DELETE', `/v1/invoices/${id}`],
      ['DELETE', '/v1/contacts/3f0b6c1e-1d2a-4c5e-9a01-000000010001'],
    ] as const) {
      const r = await lx.api(method, path, method === 'PUT' ? { version: 1 } : undefined);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.message).toContain('not a valid key=value pair');
    }
  });
});

describe('content type and body', () => {
  it('answers 415 to POST/PUT without Content-Type application/json, in the service dialect', async () => {
    lx = await startLexware();
    const invoice = await lx.api('POST', '/v1/invoices', JSON.stringify(validInvoice()), { 'content-type': 'text/plain' });
    expect(invoice.status).toBe(415);
    expect(invoice.body).toMatchObject({ status: 415, error: 'Unsupported Media Type', path: '/v1/invoices' });
    expect(invoice.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);

    const contact = await lx.raw('POST', '/v1/contacts', { body: '{"version":0}', headers: { authorization: `Bearer ${API_KEY}` } });
    expect(contact.status).toBe(415);
    expect(contact.body.IssueList).toEqual([expect.objectContaining({ i18nKey: 'unsupported_media_type' })]);
    expect(typeof contact.body.requestId).toBe('string');
    expect(await lx.sandbox('invoices').then((r) => r.body)).toEqual([]);
  });

  it('accepts a charset parameter on the JSON content type', async () => {
    lx = await startLexware();
    const r = await lx.api('POST', '/v1/invoices', validInvoice(), { 'content-type': 'application/json; charset=utf-8' });
    expect(r.status).toBe(201);
  });

  it('answers 400 to malformed JSON', async () => {
    lx = await startLexware();
    const r = await lx.api('POST', '/v1/invoices', '{"voucherDate": "2026-11-10T00:00:00.000Z",');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ status: 400, error: 'Bad Request', path: '/v1/invoices' });
    expect(r.body.message).toMatch(/^JSON parse error/);
    const contact = await lx.api('POST', '/v1/contacts', '{nope');
    expect(contact.status).toBe(400);
    expect(contact.body.IssueList[0]).toMatchObject({ i18nKey: 'bad_request_error' });
  });
});

describe('rate limit (token bucket, 2 per second over all endpoints)', () => {
  it('refuses the third request within one second with 429, without performing it', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ rateLimit: undefined, now: clock.now });
    expect((await lx.api('GET', '/v1/profile')).status).toBe(200);
    expect((await lx.api('GET', '/v1/contacts')).status).toBe(200);
    const third = await lx.api('POST', '/v1/invoices', validInvoice());
    expect(third.status).toBe(429);
    expect(third.body).toEqual({ message: 'Too Many Requests' });
    expect((await lx.sandbox('invoices')).body).toEqual([]);

    clock.advance(499);
    expect((await lx.api('GET', '/v1/profile')).status).toBe(429);
    clock.advance(1);
    expect((await lx.api('POST', '/v1/invoices', validInvoice())).status).toBe(201);
    expect((await lx.sandbox('invoices')).body).toHaveLength(1);
  });

  it('refills continuously up to the capacity, so a client pacing at 2/s is never refused', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ rateLimit: undefined, now: clock.now });
    for (let i = 0; i < 10; i++) {
      expect((await lx.api('GET', '/v1/profile')).status).toBe(200);
      clock.advance(500);
    }
    clock.advance(60_000);
    const burst = [];
    for (let i = 0; i < 3; i++) burst.push((await lx.api('GET', '/v1/profile')).status);
    expect(burst).toEqual([200, 200, 429]);
  });

  it('counts with the real clock too: three back-to-back requests, the third is refused', async () => {
    lx = await startLexware({ rateLimit: undefined });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await lx.api('GET', '/v1/profile')).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('does not charge refused-by-gateway or unauthenticated requests, pages or sandbox routes', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ rateLimit: undefined, now: clock.now });
    await lx.raw('GET', '/v1/profile');
    await lx.api('GET', '/v1/unknown');
    await lx.raw('GET', '/vouchers');
    await lx.raw('GET', '/permalink/invoices/view/nope', { redirect: 'manual' });
    await lx.sandbox('requests');
    expect((await lx.api('GET', '/v1/profile')).status).toBe(200);
    expect((await lx.api('GET', '/v1/profile')).status).toBe(200);
    expect((await lx.api('GET', '/v1/profile')).status).toBe(429);
  });

  it('can be disabled at construction and changed at run time through /__sandbox/config', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ rateLimit: false, now: clock.now });
    for (let i = 0; i < 5; i++) expect((await lx.api('GET', '/v1/profile')).status).toBe(200);

    const set = await lx.sandbox('config', { rateLimit: { capacity: 1, refillPerSecond: 1 } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ rateLimit: { capacity: 1, refillPerSecond: 1 }, contactSyncDelayMs: 0, latencyMs: 0 });
    expect((await lx.api('GET', '/v1/profile')).status).toBe(200);
    expect((await lx.api('GET', '/v1/profile')).status).toBe(429);

    await lx.raw('POST', '/__sandbox/reset');
    expect((await lx.sandbox('config')).body).toEqual({ rateLimit: false, contactSyncDelayMs: 0, latencyMs: 0 });
    for (let i = 0; i < 3; i++) expect((await lx.api('GET', '/v1/profile')).status).toBe(200);
  });

  it('holds every admitted request for latencyMs when asked to (a run in flight for tests), and not after a reset', async () => {
    lx = await startLexware();
    expect((await lx.sandbox('config', { latencyMs: 300 })).status).toBe(200);
    const started = Date.now();
    expect((await lx.api('GET', '/v1/profile')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // A refused request is refused at once.
    const refused = Date.now();
    expect((await lx.raw('GET', '/v1/profile')).status).toBe(401);
    expect(Date.now() - refused).toBeLessThan(250);

    await lx.raw('POST', '/__sandbox/reset');
    const after = Date.now();
    expect((await lx.api('GET', '/v1/profile')).status).toBe(200);
    expect(Date.now() - after).toBeLessThan(250);
  });

  it('rejects unusable config with 400', async () => {
    lx = await startLexware();
    for (const body of [{ rateLimit: true }, { rateLimit: { capacity: 0, refillPerSecond: 1 } }, { contactSyncDelayMs: -1 }, { latencyMs: -5 }, { latencyMs: 'slow' }, { rateLimt: false }, []]) {
      const r = await lx.sandbox('config', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(typeof r.body.message).toBe('string');
    }
  });
});

describe('profile', () => {
  it('returns the documented profile of the demo account', async () => {
    lx = await startLexware();
    const r = await lx.api('GET', '/v1/profile');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      companyName: 'Fuhrunternehmen Sandmann GmbH',
      features: ['cashbox', 'eInvoicing'],
      businessFeatures: ['INVOICING', 'INVOICING_PRO', 'BOOKKEEPING'],
      subscriptionStatus: 'active',
      taxType: 'net',
      smallBusiness: false,
    });
    expect(r.body.organizationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.created).toMatchObject({ userName: expect.any(String), userEmail: expect.any(String) });
  });
});
