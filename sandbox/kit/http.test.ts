import { afterEach, describe, expect, it } from 'vitest';
import { Router, json, startEmulator, type RunningServer } from './http';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  let stored = 0;
  const routes = new Router()
    .post('/things', () => {
      stored += 1;
      return json(201, { id: stored });
    })
    .get('/things/:id', (req) => json(200, { id: req.params.id }));
  server = await startEmulator(
    {
      name: 'test',
      routes,
      faultResponse: (status) => json(status, { message: `fault ${status}` }),
      notFound: (_req, mismatch) => json(mismatch ? 405 : 404, { message: 'nope' }),
      inspect: { stored: () => stored },
      reset: () => (stored = 0),
    },
    0,
  );
  return server;
}

describe('sandbox kit', () => {
  it('routes with params and answers 404/405 through the vendor hook', async () => {
    const s = await start();
    expect(await (await fetch(`${s.url}/things/a%20b`)).json()).toEqual({ id: 'a b' });
    expect((await fetch(`${s.url}/nothing`)).status).toBe(404);
    expect((await fetch(`${s.url}/things`)).status).toBe(405);
  });

  it('logs requests oldest first and forgets them on reset', async () => {
    const s = await start();
    await fetch(`${s.url}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    await fetch(`${s.url}/things/7?x=1&x=2`);
    const log = await (await fetch(`${s.url}/__sandbox/requests`)).json();
    expect(log.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual(['POST /things', 'GET /things/7']);
    expect(log[0].body).toEqual({ a: 1 });
    expect(log[1].query).toEqual({ x: ['1', '2'] });
    await fetch(`${s.url}/__sandbox/reset`, { method: 'POST' });
    expect(await (await fetch(`${s.url}/__sandbox/requests`)).json()).toEqual([]);
    expect(await (await fetch(`${s.url}/__sandbox/stored`)).json()).toBe(0);
  });

  it('fails the next N matching requests with an injected status, without handling them', async () => {
    const s = await start();
    const r = await fetch(`${s.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ status: 500, count: 2, match: { method: 'POST' } }) });
    expect(r.status).toBe(201);
    expect((await fetch(`${s.url}/things/1`)).status).toBe(200);
    expect((await fetch(`${s.url}/things`, { method: 'POST' })).status).toBe(500);
    expect((await fetch(`${s.url}/things`, { method: 'POST' })).status).toBe(500);
    expect((await fetch(`${s.url}/things`, { method: 'POST' })).status).toBe(201);
    expect(await (await fetch(`${s.url}/__sandbox/stored`)).json()).toBe(1);
  });

  it('drops the connection after handling when asked (the outcome is unknown to the client)', async () => {
    const s = await start();
    await fetch(`${s.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'drop-after-store', match: { path: '/things' } }) });
    await expect(fetch(`${s.url}/things`, { method: 'POST' })).rejects.toThrow();
    expect(await (await fetch(`${s.url}/__sandbox/stored`)).json()).toBe(1);
  });

  it('logs the status each request was answered with; a dropped connection has none', async () => {
    const s = await start();
    await fetch(`${s.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ status: 429, count: 1, match: { method: 'POST' } }) });
    await fetch(`${s.url}/things`, { method: 'POST' });
    await fetch(`${s.url}/things`, { method: 'POST' });
    await fetch(`${s.url}/nothing`);
    await fetch(`${s.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'drop-after-store', match: { path: '/things' } }) });
    await expect(fetch(`${s.url}/things`, { method: 'POST' })).rejects.toThrow();
    const log = await (await fetch(`${s.url}/__sandbox/requests`)).json();
    expect(log.map((r: { method: string; path: string; status?: number }) => [`${r.method} ${r.path}`, r.status ?? 'no answer'])).toEqual([
      ['POST /things', 429],
      ['POST /things', 201],
      ['GET /nothing', 404],
      ['POST /things', 'no answer'],
    ]);
  });

  it('holds a request and answers with the gateway timeout status', async () => {
    const s = await start();
    await fetch(`${s.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'timeout', delayMs: 50 }) });
    const t0 = Date.now();
    const r = await fetch(`${s.url}/things/1`);
    expect(r.status).toBe(504);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
  });

  it('refuses malformed fault specs with 400', async () => {
    const s = await start();
    const r = await fetch(`${s.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'explode' }) });
    expect(r.status).toBe(400);
  });
});

describe('connections', () => {
  it('closes the connection after every answer, so no keep-alive socket is reused', async () => {
    const s = await start();
    const r = await fetch(`${s.url}/things/1`);
    expect(r.headers.get('connection')).toBe('close');
  });
});
