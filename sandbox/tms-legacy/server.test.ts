import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningServer } from '../kit/http';
import { createLegacyTms } from './server';

let server: RunningServer;
let cookie: string;

beforeAll(async () => {
  server = await startEmulator(createLegacyTms(), 0);
});
afterAll(() => server.close());

async function login(user = 'dispo', password = 'altmann') {
  return fetch(`${server.url}/anmelden`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ benutzer: user, passwort: password, weiter: '/auftraege?seite=2' }).toString(),
  });
}

beforeEach(async () => {
  await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
  await fetch(`${server.url}/__sandbox/mutate`, { method: 'POST', body: JSON.stringify({ seed: null }) });
  cookie = (await login()).headers.get('set-cookie')!.split(';')[0]!;
});

const get = (path: string, extra: Record<string, string> = {}) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie, ...extra } });
const text = async (path: string) => (await get(path)).text();
const rows = (page: string) => [...page.matchAll(/<tr class="[^"]*"><td><input type="checkbox" name="auswahl" value="([^"]+)"/g)].map((m) => m[1]!);
const headers = (page: string) => [...page.matchAll(/<th class="[^"]*">([^<]+)<\/th>/g)].map((m) => m[1]!);

describe('login and session cookie', () => {
  it('sends visitors without a session to the login page, remembering where they wanted to go', async () => {
    const res = await fetch(`${server.url}/auftraege?seite=3`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/anmelden?weiter=%2Fauftraege%3Fseite%3D3');
    const form = await (await fetch(`${server.url}/anmelden?weiter=%2Fauftraege%3Fseite%3D3`)).text();
    expect(form).toContain('<label for="benutzer">Benutzer</label>');
    expect(form).toContain('value="/auftraege?seite=3"');
  });

  it('issues an HttpOnly session cookie for the right password and goes on to the wanted page', async () => {
    const res = await login();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/auftraege?seite=2');
    expect(res.headers.get('set-cookie')).toMatch(/^ALTSESSID=[\w-]{16,}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('refuses a wrong password with a German message and no cookie', async () => {
    const res = await login('dispo', 'falsch');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('Benutzername oder Passwort falsch.');
  });

  it('never redirects to another site after login', async () => {
    const res = await fetch(`${server.url}/anmelden`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ benutzer: 'dispo', passwort: 'altmann', weiter: '//evil.example/' }).toString(),
    });
    expect(res.headers.get('location')).toBe('/auftraege');
  });

  it('logs everyone out on request; forged cookies count as none', async () => {
    expect((await get('/auftraege', { cookie: 'ALTSESSID=forged' })).status).toBe(303);
    await fetch(`${server.url}/__sandbox/sessions/expire`, { method: 'POST' });
    expect((await get('/auftraege')).status).toBe(303);
  });
});

describe('order list', () => {
  it('shows 25 orders per page under German headers, with a checkbox per row', async () => {
    const page = await text('/auftraege');
    expect(headers(page)).toEqual(['Auftrag', 'Kunde', 'Abholung', 'Zustellung', 'Gewicht', 'Lademeter', 'Betrag', 'Status', 'Rechnungs-Nr.']);
    expect(rows(page)).toHaveLength(25);
    expect(page).toContain('Seite 1 von 12 (300 Aufträge)');
    expect(page).toContain('<a rel="next" href="/auftraege?seite=2">Weiter »</a>');
    expect(page).not.toMatch(/<script/i);
  });

  it('pages through all 300 orders exactly once with ?seite=N', async () => {
    const seen: string[] = [];
    for (let n = 1; n <= 12; n++) seen.push(...rows(await text(`/auftraege?seite=${n}`)));
    expect(seen).toHaveLength(300);
    expect(new Set(seen).size).toBe(300);
    const last = await text('/auftraege?seite=12');
    expect(last).toContain('<a rel="prev" href="/auftraege?seite=11">« Zurück</a>');
    expect(last).toContain('· Weiter »');
  });

  it('answers a page that does not exist with a German 404', async () => {
    for (const seite of ['0', '13', 'zwei']) {
      const res = await get(`/auftraege?seite=${seite}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain(`Seite &quot;${seite}&quot; gibt es nicht`);
    }
  });

  it('prints money, dates, weights, loading metres and postcodes the German way', async () => {
    const orders = (await (await fetch(`${server.url}/__sandbox/orders`)).json()) as { id: string; price: { amount: string; currency: string } }[];
    const page = await text('/auftraege');
    expect(page).toMatch(/<td class="sp-betrag">\d{1,3}(\.\d{3})*,\d{2} (€|CHF|PLN)<\/td>/);
    expect(page).toMatch(/(Mo|Di|Mi|Do|Fr|Sa|So), \d{2}\.\d{2}\.2026<br>[A-Z]{2}-[\w ]+ /);
    expect(page).toMatch(/<td class="sp-gewicht">\d+,\d t<\/td>/);
    expect(page).toMatch(/<td class="sp-lademeter">\d+,\d LDM<\/td>/);
    const currencies = new Set(orders.map((o) => o.price.currency));
    expect([...currencies].sort()).toEqual(expect.arrayContaining(['CHF', 'EUR', 'PLN']));
  });
});

describe('detail page and the Rechnungs-Nr. form', () => {
  it('shows an order as th/td label rows with a link to its POD', async () => {
    const orders = (await (await fetch(`${server.url}/__sandbox/orders`)).json()) as { id: string; number: string; podUrl: string | null; status: string }[];
    const withPod = orders.find((o) => o.podUrl)!;
    const page = await text(`/auftraege/${withPod.id}`);
    for (const label of ['Auftrag', 'Kunde', 'Kundennummer', 'USt-IdNr.', 'Rechnungsanschrift', 'Abholung', 'Zustellung', 'Betrag', 'Rechnungs-Nr.']) {
      expect(page).toContain(`<th scope="row">${label}</th>`);
    }
    expect(page).toContain(`<tr><th scope="row">Auftrag</th><td>${withPod.number}</td></tr>`);
    expect(page).toContain(`<a href="${withPod.podUrl}">Ablieferbeleg (PDF)</a>`);
    const pdf = await get(withPod.podUrl!);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await get('/auftraege/nope')).status).toBe(404);
  });

  it('stores an entered Rechnungs-Nr., redirects, and shows it in the detail and the list', async () => {
    const orders = (await (await fetch(`${server.url}/__sandbox/orders`)).json()) as { id: string; number: string; status: string }[];
    const order = orders.find((o) => o.status === 'delivered')!;
    const res = await fetch(`${server.url}/auftraege/${order.id}/rechnung`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'rechnungsnr=RE-2026-0999',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/auftraege/${order.id}?gespeichert=1`);
    const detail = await text(res.headers.get('location')!);
    expect(detail).toContain('Rechnungs-Nr. gespeichert.');
    expect(detail).toContain('<tr><th scope="row">Rechnungs-Nr.</th><td>RE-2026-0999</td></tr>');
    const index = orders.findIndex((o) => o.id === order.id);
    const list = await text(`/auftraege?seite=${Math.floor(index / 25) + 1}`);
    expect(list).toContain('<td class="sp-rechnung">RE-2026-0999</td>');
    const stored = (await (await fetch(`${server.url}/__sandbox/orders`)).json()) as { id: string; invoiceRef: string | null }[];
    expect(stored.find((o) => o.id === order.id)!.invoiceRef).toBe('RE-2026-0999');
  });

  it('rejects an empty or malformed number with a German message and keeps what was typed', async () => {
    const [order] = (await (await fetch(`${server.url}/__sandbox/orders`)).json()) as { id: string; invoiceRef: string | null }[];
    const post = (body: string) =>
      fetch(`${server.url}/auftraege/${order!.id}/rechnung`, { method: 'POST', redirect: 'manual', headers: { cookie }, body });
    const empty = await post('rechnungsnr=');
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Bitte eine Rechnungs-Nr. eingeben.');
    const bad = await post(`rechnungsnr=${encodeURIComponent('<b>x</b>')}`);
    expect(bad.status).toBe(422);
    const page = await bad.text();
    expect(page).toContain('Ungültige Rechnungs-Nr.');
    expect(page).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
    const stored = (await (await fetch(`${server.url}/__sandbox/orders`)).json()) as { id: string; invoiceRef: string | null }[];
    expect(stored[0]!.invoiceRef).toBe(order!.invoiceRef);
  });

  it('sends a form post without a session to the login page and stores nothing', async () => {
    const [order] = (await (await fetch(`${server.url}/__sandbox/orders`)).json()) as { id: string; invoiceRef: string | null }[];
    const res = await fetch(`${server.url}/auftraege/${order!.id}/rechnung`, { method: 'POST', redirect: 'manual', body: 'rechnungsnr=RE-1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/anmelden/);
    const log = (await (await fetch(`${server.url}/__sandbox/requests`)).json()) as { method: string; path: string }[];
    expect(log.at(-1)).toMatchObject({ method: 'POST', path: `/auftraege/${order!.id}/rechnung` });
  });
});

describe('mutation mode', () => {
  it('serves the same rows under churned classes, other column order, an extra column and renamed ids', async () => {
    const plain = await text('/auftraege');
    const mutated = await text('/auftraege?mutate=7');
    expect(rows(mutated)).toEqual(rows(plain));
    const cols = headers(mutated);
    expect(cols).toContain('Fahrzeug');
    expect(cols.filter((c) => c !== 'Fahrzeug')).not.toEqual(headers(plain));
    expect(cols.filter((c) => c !== 'Fahrzeug').sort()).toEqual(headers(plain).sort());
    expect(mutated).not.toContain('class="sp-betrag"');
    expect(mutated).not.toContain('id="auftraege"');
    expect(mutated).toMatch(/id="auftraege-[0-9a-z]{4}"/);
    expect(mutated).toContain('href="/auftraege?seite=2&mutate=7"');
  });

  it('is deterministic per seed and differs between seeds', async () => {
    expect(await text('/auftraege?mutate=7')).toBe(await text('/auftraege?mutate=7'));
    expect(headers(await text('/auftraege?mutate=8'))).not.toEqual(headers(await text('/auftraege?mutate=7')));
  });

  it('can be switched on for every page through the inspection API', async () => {
    const on = await fetch(`${server.url}/__sandbox/mutate`, { method: 'POST', body: JSON.stringify({ seed: 7 }) });
    expect(await on.json()).toEqual({ seed: 7 });
    expect(await text('/auftraege')).toBe(await text('/auftraege?mutate=7'));
    const bad = await fetch(`${server.url}/__sandbox/mutate`, { method: 'POST', body: JSON.stringify({ seed: 'x' }) });
    expect(bad.status).toBe(400);
  });
});
