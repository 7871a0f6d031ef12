import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../kit/http';
import { TOKEN, startSevdesk, type TestClient } from './test-support';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Parameters<typeof startSevdesk>[0] = {}): Promise<TestClient> {
  const started = await startSevdesk(options);
  server = started.server;
  return started.api;
}

describe('objects envelope, value types and paging', () => {
  it('wraps lists in objects and answers numbers as strings', async () => {
    const api = await start();
    const res = await api.get('/api/v1/Contact?customerNumber=10001');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['objects']);
    const [contact] = res.body.objects;
    expect(contact).toMatchObject({
      id: '74100231',
      objectName: 'Contact',
      name: 'Spedition Nordlicht GmbH',
      status: '1000',
      customerNumber: '10001',
      category: { id: '3', objectName: 'Category' },
      defaultTimeToPay: '14',
      exemptVat: '0',
      create: '2025-02-03T09:30:00+01:00',
    });
  });

  it('answers GET by id with an array of one', async () => {
    const api = await start();
    const res = await api.get('/api/v1/Contact/74100231');
    expect(res.status).toBe(200);
    expect(res.body.objects).toHaveLength(1);
    expect(res.body.objects[0].id).toBe('74100231');
  });

  it('answers an unknown contact id with 400 "Contact was not found"', async () => {
    const api = await start();
    const res = await api.get('/api/v1/Contact/1');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ objects: null, error: { message: 'Contact was not found', code: 151 } });
  });

  it('accepts limit 1..1000 and refuses anything else with 400', async () => {
    const api = await start();
    expect((await api.get('/api/v1/Contact?limit=1')).body.objects).toHaveLength(1);
    expect((await api.get('/api/v1/Unity?limit=1000')).status).toBe(200);
    for (const limit of ['0', '1001', '-5', 'ten']) {
      const res = await api.get(`/api/v1/Contact?limit=${limit}`);
      expect(res.status, `limit=${limit}`).toBe(400);
      expect(res.body.objects).toBeNull();
      expect(res.body.error.message).toBe(`The limit must be between 1 and 1000, '${limit}' given`);
    }
  });

  it('pages with offset and adds the total as a string with countAll=true', async () => {
    const api = await start();
    const all = (await api.get('/api/v1/Unity?limit=1000')).body.objects;
    expect(all).toHaveLength(12);
    const page = await api.get('/api/v1/Unity?limit=5&offset=10&countAll=true');
    expect(page.body.total).toBe('12');
    expect(page.body.objects.map((u: { id: string }) => u.id)).toEqual([all[10].id, all[11].id]);
    expect((await api.get('/api/v1/Unity?countAll=false')).body.total).toBeUndefined();
    expect((await api.get('/api/v1/Unity?offset=x')).status).toBe(400);
  });

  it('returns at most 100 objects when no limit is given', async () => {
    const api = await start();
    for (let i = 0; i < 100; i++) {
      const res = await api.post('/api/v1/Contact', { name: `Kunde ${i}`, category: { id: 3, objectName: 'Category' } });
      expect(res.status).toBe(201);
    }
    const res = await api.get('/api/v1/Contact?countAll=true');
    expect(res.body.total).toBe('106');
    expect(res.body.objects).toHaveLength(100);
  });

  it('answers unknown routes with 404 and wrong methods with 405, in the error envelope', async () => {
    const api = await start();
    const unknown = await api.get('/api/v1/Nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ objects: null, error: { message: 'Resource /api/v1/Nope does not exist' } });
    const wrongMethod = await api.post('/api/v1/Invoice/98100001/getPdf', {});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.error.message).toBe('Method POST is not allowed for /api/v1/Invoice/98100001/getPdf');
  });

  it('refuses a body that claims to be JSON but is not', async () => {
    const api = await start();
    const res = await api.post('/api/v1/Contact', '{"name":');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Request body is not valid JSON/);
  });
});

describe('lookups', () => {
  it('reports bookkeeping version 2.0 by default and 1.0 when configured', async () => {
    expect((await (await start()).get('/api/v1/Tools/bookkeepingSystemVersion')).body).toEqual({ objects: { version: '2.0' } });
    await server?.close();
    const old = await start({ bookkeepingVersion: '1.0' });
    expect((await old.get('/api/v1/Tools/bookkeepingSystemVersion')).body).toEqual({ objects: { version: '1.0' } });
  });

  it('lists one SevUser with an account-sized id', async () => {
    const api = await start();
    const res = await api.get('/api/v1/SevUser');
    expect(res.body.objects).toHaveLength(1);
    expect(res.body.objects[0]).toMatchObject({ id: '1273548', objectName: 'SevUser', fullname: 'Maren Albers', role: 'admin' });
  });

  it('lists units with account-specific ids, resolvable by translationCode', async () => {
    const api = await start();
    const units = (await api.get('/api/v1/Unity?limit=1000')).body.objects as { id: string; name: string; translationCode: string }[];
    const byCode = Object.fromEntries(units.map((u) => [u.translationCode, u]));
    expect(byCode.UNITY_PIECE).toMatchObject({ id: '8301', name: 'Stk', objectName: 'Unity' });
    expect(byCode.UNITY_BLANKET).toMatchObject({ id: '8305', name: 'Pauschale' });
    expect(byCode.UNITY_KILOGRAM?.id).toBe('8304');
    expect(units.map((u) => u.translationCode)).toEqual(
      expect.arrayContaining(['UNITY_HOUR', 'UNITY_DAYS', 'UNITY_KILOMETER', 'UNITY_METER', 'UNITY_SQUARE_METER', 'UNITY_CUBIC_METER', 'UNITY_MONTH', 'UNITY_MINUTE', 'UNITY_L']),
    );
    expect(units.some((u) => u.id === '1')).toBe(false);
  });

  it('lists the revenue tax rules with their codes', async () => {
    const api = await start();
    const rules = (await api.get('/api/v1/TaxRule?limit=1000')).body.objects as { id: string; code: string }[];
    expect(rules.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5', '11', '17', '18', '19', '20', '21']);
    expect(rules[0]).toEqual({ id: '1', objectName: 'TaxRule', name: 'Umsatzsteuerpflichtige Umsätze', code: 'USTPFL_UMS_EINN' });
    expect(rules.find((r) => r.id === '11')?.code).toBe('KLEINUNTERNEHMER_P19');
  });

  it('lists countries with sevdesk ids and lowercase ISO codes', async () => {
    const api = await start();
    const countries = (await api.get('/api/v1/StaticCountry?limit=1000')).body.objects as { id: string; code: string }[];
    const ids = Object.fromEntries(countries.map((c) => [c.code, c.id]));
    expect(ids).toMatchObject({ de: '1', ch: '2', at: '3', fr: '11', nl: '18', pl: '21', cz: '30', it: '14', es: '29', be: '6' });
    expect(countries[0]).toMatchObject({ objectName: 'StaticCountry', name: 'Deutschland', nameEn: 'Germany', translationCode: 'COUNTRY_DE' });
  });

  it('lists categories per object type', async () => {
    const api = await start();
    const contact = (await api.get('/api/v1/Category?objectType=Contact')).body.objects as { id: string; name: string }[];
    expect(contact.map((c) => [c.id, c.name])).toEqual([
      ['2', 'Lieferant'],
      ['3', 'Kunde'],
      ['4', 'Partner'],
      ['28', 'Interessent'],
    ]);
    const address = (await api.get('/api/v1/Category?objectType=ContactAddress')).body.objects as { id: string; name: string }[];
    expect(address.map((c) => c.id)).toEqual(['43', '44', '47', '48', '49']);
    expect(address.find((c) => c.id === '47')?.name).toBe('Rechnungsadresse');
    expect(address.find((c) => c.id === '48')?.name).toBe('Hauptadresse');
  });

  it('lists communication way keys', async () => {
    const api = await start();
    const keys = (await api.get('/api/v1/CommunicationWayKey')).body.objects as { id: string; name: string }[];
    expect(keys.map((k) => k.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(keys[1]).toMatchObject({ id: '2', objectName: 'CommunicationWayKey', name: 'Arbeit' });
  });
});

describe('injected faults', () => {
  it('answers sevdesk-style error bodies with the injected status, without handling the request', async () => {
    const api = await start();
    await api.raw('/__sandbox/faults', { method: 'POST', body: JSON.stringify([{ status: 500, match: { path: '/api/v1/Contact' } }, { status: 503 }]) });
    const first = await api.post('/api/v1/Contact', { name: 'Neu GmbH', category: { id: 3, objectName: 'Category' } });
    expect(first.status).toBe(500);
    expect(first.body).toMatchObject({ objects: null, error: { message: 'An internal server error has occurred', code: null } });
    const second = await api.get('/api/v1/Unity');
    expect(second.status).toBe(503);
    expect(second.body.error.message).toBe('Service temporarily unavailable');
    const contacts = (await (await api.raw('/__sandbox/contacts')).json()) as { name: string }[];
    expect(contacts.some((c) => c.name === 'Neu GmbH')).toBe(false);
  });

  it('also fails with 504 after handling when asked: the invoice exists but the client does not know', async () => {
    const api = await start();
    await api.raw('/__sandbox/faults', { method: 'POST', body: JSON.stringify({ status: 504, afterHandling: true }) });
    const res = await api.post('/api/v1/Contact', { name: 'Neu GmbH', category: { id: 3, objectName: 'Category' } });
    expect(res.status).toBe(504);
    expect(res.body.error.message).toBe('Gateway timeout');
    const contacts = (await (await api.raw('/__sandbox/contacts')).json()) as { name: string }[];
    expect(contacts.some((c) => c.name === 'Neu GmbH')).toBe(true);
  });

  it('logs API calls but not page views', async () => {
    const api = await start();
    await api.raw('/');
    await api.get('/api/v1/SevUser');
    const log = (await (await api.raw('/__sandbox/requests')).json()) as { path: string; headers: Record<string, string> }[];
    expect(log.map((r) => r.path)).toEqual(['/api/v1/SevUser']);
    expect(log[0]?.headers.authorization).toBe(TOKEN);
  });
});
