import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningServer } from '../kit/http';
import { createKombiTms } from './server';

let top: RunningServer;
let detail: RunningServer;

beforeAll(async () => {
  let detailUrl = '';
  const kombi = createKombiTms({ detailOrigin: () => detailUrl });
  detail = await startEmulator(kombi.detail, 0);
  detailUrl = detail.url;
  top = await startEmulator(kombi.top, 0);
});
afterAll(async () => {
  await top.close();
  await detail.close();
});

beforeEach(async () => {
  await fetch(`${top.url}/__sandbox/reset`, { method: 'POST' });
  await fetch(`${top.url}/__sandbox/mutate`, { method: 'POST', body: JSON.stringify({ seed: null }) });
});

const text = async (url: string) => (await fetch(url)).text();
const frameLinks = (html: string) => [...html.matchAll(/<a href="([^"]+)" target="detail">([^<]+)<\/a>/g)].map((m) => ({ href: m[1]!.replaceAll('&amp;', '&'), number: m[2]! }));
const headers = (html: string) => [...html.matchAll(/<th class="[^"]*">([^<]+)<\/th>/g)].map((m) => m[1]!);
const absolute = (base: string, href: string) => new URL(href, base).toString();

describe('list in the top document', () => {
  it('lists every order with links that open the detail in the iframe named "detail"', async () => {
    const html = await text(`${top.url}/kombi`);
    expect(html).toContain('<iframe name="detail" id="detailrahmen" title="Auftragsdetails" src="about:blank"></iframe>');
    expect(headers(html)).toEqual(['Auftragsnr.', 'Auftraggeber', 'Von', 'Nach', 'Liefertermin', 'Fracht', 'Status']);
    const links = frameLinks(html);
    expect(links).toHaveLength(60);
    expect(links.every((l) => l.href.startsWith('/rahmen/auftrag/'))).toBe(true);
  });

  it('points the frame at the second origin in the "fremd" variant', async () => {
    const links = frameLinks(await text(`${top.url}/kombi?ansicht=fremd`));
    expect(links.every((l) => l.href.startsWith(`${detail.url}/rahmen/auftrag/`))).toBe(true);
    expect(new URL(links[0]!.href).origin).not.toBe(top.url);
    expect((await fetch(`${top.url}/kombi?ansicht=quer`)).status).toBe(400);
  });

  it('opens a chosen order in the frame right away with ?auftrag=', async () => {
    const orders = (await (await fetch(`${top.url}/__sandbox/orders`)).json()) as { id: string }[];
    const html = await text(`${top.url}/kombi?auftrag=${orders[3]!.id}`);
    expect(html).toMatch(new RegExp(`<iframe name="detail"[^>]* src="/rahmen/auftrag/${orders[3]!.id}\\?sig=`));
  });
});

describe('detail in the frame', () => {
  it('shows the same order with dt/dd labels and an action area, on both origins', async () => {
    const plain = frameLinks(await text(`${top.url}/kombi`))[0]!;
    const foreign = frameLinks(await text(`${top.url}/kombi?ansicht=fremd`))[0]!;
    const same = await text(absolute(top.url, plain.href));
    const other = await text(foreign.href);
    expect(same).toBe(other);
    expect(same).toContain(`<h1>Auftrag ${plain.number}</h1>`);
    expect(same).toContain(`<dt>Auftragsnummer</dt><dd>${plain.number}</dd>`);
    for (const label of ['Auftraggeber', 'USt-IdNr.', 'Ladestelle', 'Entladestelle', 'Liefertermin', 'Frachtbetrag', 'Rechnungs-Nr.']) expect(same).toContain(`<dt>${label}</dt>`);
    expect(same).toMatch(/<section class="aktionen" id="aktionen" aria-label="Aktionen">/);
    expect(same).toMatch(/<dt>Frachtbetrag<\/dt><dd>\d{1,3}(\.\d{3})*,\d{2} (€|CHF|PLN)<\/dd>/);
  });

  it('refuses frame links without a valid signature', async () => {
    const orders = (await (await fetch(`${top.url}/__sandbox/orders`)).json()) as { id: string }[];
    for (const url of [`${detail.url}/rahmen/auftrag/${orders[0]!.id}`, `${detail.url}/rahmen/auftrag/${orders[0]!.id}?sig=AAAAAAAAAAAAAAAAAAAAAA`]) {
      const res = await fetch(url);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Dieser Link ist ungültig.');
    }
    expect((await fetch(`${detail.url}/kombi`)).status).toBe(404);
  });

  it('stores a Rechnungs-Nr. posted from the frame on the second origin and shows it', async () => {
    const link = frameLinks(await text(`${top.url}/kombi?ansicht=fremd`))[1]!;
    const detailHtml = await text(link.href);
    const action = /<form method="post" action="([^"]+)">/.exec(detailHtml)![1]!.replaceAll('&amp;', '&');
    const res = await fetch(absolute(detail.url, action), { method: 'POST', redirect: 'manual', body: 'rechnungsnr=RE-2026-0077' });
    expect(res.status).toBe(303);
    const after = await text(absolute(detail.url, res.headers.get('location')!));
    expect(after).toContain('Rechnungs-Nr. gespeichert.');
    expect(after).toContain('<dt>Rechnungs-Nr.</dt><dd>RE-2026-0077</dd>');
    const stored = (await (await fetch(`${top.url}/__sandbox/orders`)).json()) as { number: string; invoiceRef: string | null }[];
    expect(stored.find((o) => o.number === link.number)!.invoiceRef).toBe('RE-2026-0077');
    const log = (await (await fetch(`${detail.url}/__sandbox/requests`)).json()) as { method: string }[];
    expect(log.filter((r) => r.method === 'POST')).toHaveLength(1);
    const bad = await fetch(absolute(detail.url, action), { method: 'POST', body: 'rechnungsnr=' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Bitte eine Rechnungs-Nr. eingeben.');
  });
});

describe('mutation mode', () => {
  it('serves the same orders in another skin, deterministically, and keeps the mutation in frame links', async () => {
    const plain = await text(`${top.url}/kombi`);
    const mutated = await text(`${top.url}/kombi?mutate=5`);
    expect(mutated).toBe(await text(`${top.url}/kombi?mutate=5`));
    expect(frameLinks(mutated).map((l) => l.number)).toEqual(frameLinks(plain).map((l) => l.number));
    expect(headers(mutated)).toContain('Fahrer');
    expect(headers(mutated).filter((h) => h !== 'Fahrer')).not.toEqual(headers(plain));
    expect(mutated).not.toContain('id="detailrahmen"');
    const frame = await text(absolute(top.url, frameLinks(mutated)[0]!.href));
    expect(frameLinks(mutated)[0]!.href).toContain('&mutate=5');
    expect(frame).toContain('<dt>Disponent</dt>');
    expect(frame).not.toContain('id="aktionen"');
  });
});
