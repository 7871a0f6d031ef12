import { describe, expect, it } from 'vitest';
import { createSevdeskEmulator } from './server';
import { TOKEN, useSevdesk } from './test-support';

const start = useSevdesk();

/** The one body every authentication failure gets, whatever the cause. */
function expectAuthError(res: { status: number; body: unknown; headers: Headers }, reason: string) {
  expect(res.status).toBe(401);
  expect(res.body).toEqual({
    objects: null,
    error: { message: 'Authentication required', code: null, exceptionUUID: expect.stringMatching(/^[0-9a-f-]{36}$/) },
  });
  expect(res.headers.get('x-sandbox-auth-failure')).toBe(reason);
}

describe('sevdesk authentication', () => {
  it('accepts the raw token in the Authorization header', async () => {
    const api = await start();
    const res = await api.get('/api/v1/Tools/bookkeepingSystemVersion');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ objects: { version: '2.0' } });
  });

  it('answers 401 without an Authorization header', async () => {
    const api = await start();
    const res = await api.raw('/api/v1/Contact');
    expectAuthError({ status: res.status, headers: res.headers, body: await res.json() }, 'missing-token');
  });

  it('answers 401 for a wrong token', async () => {
    const api = await start();
    expectAuthError(await api.get('/api/v1/Contact', { Authorization: 'ffffffffffffffffffffffffffffffff' }), 'wrong-token');
  });

  it('answers 401 for "Bearer <token>": sevdesk wants the raw token', async () => {
    const api = await start();
    expectAuthError(await api.get('/api/v1/Contact', { Authorization: `Bearer ${TOKEN}` }), 'bearer-prefix');
  });

  it('no longer accepts the token in the query string', async () => {
    const api = await start();
    const res = await api.raw(`/api/v1/Contact?token=${TOKEN}`);
    expectAuthError({ status: res.status, headers: res.headers, body: await res.json() }, 'query-token');
  });

  it('checks authentication before routing, also for unknown resources', async () => {
    const api = await start();
    const res = await api.raw('/api/v1/NoSuchThing');
    expect(res.status).toBe(401);
  });

  it('fails with 401 when the request also carries a sevdesk web-session cookie (Sitzungskonflikt)', async () => {
    const api = await start();
    const page = await api.raw('/');
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^PHPSESSID=[0-9a-f]+; Path=\/; HttpOnly; SameSite=Lax$/);
    const session = cookie.split(';')[0]!;

    expectAuthError(await api.get('/api/v1/Contact', { Cookie: session }), 'session-conflict');
    expectAuthError(await api.get('/api/v1/Contact', { Cookie: `theme=dark; ${session}` }), 'session-conflict');
    // The same call without the cookie (credentials: 'omit') works.
    expect((await api.get('/api/v1/Contact')).status).toBe(200);
  });

  it('ignores cookies it did not issue, such as other sandbox servers on the same host', async () => {
    const api = await start();
    expect((await api.get('/api/v1/Contact', { Cookie: 'PHPSESSID=abc123; tms_session=xyz' })).status).toBe(200);
  });

  it('keeps web sessions across a data reset and ends them on request', async () => {
    const api = await start();
    const session = ((await api.raw('/')).headers.get('set-cookie') ?? '').split(';')[0]!;
    await api.raw('/__sandbox/reset', { method: 'POST' });
    expect((await api.get('/api/v1/Contact', { Cookie: session })).status).toBe(401);
    expect(await (await api.raw('/__sandbox/web-sessions')).json()).toEqual([session.split('=')[1]]);

    expect((await api.raw('/__sandbox/web-sessions', { method: 'DELETE' })).status).toBe(200);
    expect((await api.get('/api/v1/Contact', { Cookie: session })).status).toBe(200);
  });

  it('does not issue a second session to a browser that has one', async () => {
    const api = await start();
    const session = ((await api.raw('/')).headers.get('set-cookie') ?? '').split(';')[0]!;
    const again = await api.raw('/', { headers: { Cookie: session } });
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('refuses to start with a token that is not 32 hex characters', () => {
    expect(() => createSevdeskEmulator({ apiKey: 'not-a-token' })).toThrow(/32 hexadecimal/);
  });
});
