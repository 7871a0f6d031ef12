import { describe, expect, it } from 'vitest';
import { ALPENTRANS_ID, invoiceBody, position, SAVE_INVOICE, type TestClient, UNITY_BLANKET, useSevdesk } from './test-support';

const start = useSevdesk();

async function page(api: TestClient, path: string) {
  // Pages are the web app: no API token, just a browser.
  const res = await api.raw(path);
  return { status: res.status, type: res.headers.get('content-type'), cookie: res.headers.get('set-cookie'), html: await res.text() };
}

describe('invoice deep link /fi/detail/type/RE/id/{id}', () => {
  it('shows the draft with contact, positions, totals and its status, and logs the browser in', async () => {
    const api = await start();
    const { id } = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice;
    const p = await page(api, `/fi/detail/type/RE/id/${id}`);
    expect(p.status).toBe(200);
    expect(p.type).toBe('text/html; charset=utf-8');
    expect(p.cookie).toMatch(/^PHPSESSID=[0-9a-f]{26}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(p.html).toContain('<title>Rechnung RE-1000 – sevdesk</title>');
    expect(p.html).toContain('<span class="badge" data-status="100">Entwurf</span>');
    expect(p.html).toContain('<strong>Spedition Nordlicht GmbH</strong>');
    expect(p.html).toContain('Transport Hamburg – München');
    expect(p.html).toContain('<td class="num">2,5</td>');
    expect(p.html).toContain('<span data-field="sumNet">1.362,50 EUR</span>');
    expect(p.html).toContain('<span>Umsatzsteuer 19 %</span><span>258,88 EUR</span>');
    expect(p.html).toContain('<span data-field="sumGross">1.621,38 EUR</span>');
    expect(p.html).toContain('<dd data-field="customerInternalNote">A-4711</dd>');
    expect(p.html).toContain('<dt>Rechnungsdatum</dt><dd>02.06.2026</dd>');

    // The cookie it set now conflicts with API calls that carry it.
    const conflict = await api.get('/api/v1/Invoice', { Cookie: p.cookie!.split(';')[0]! });
    expect(conflict.status).toBe(401);
  });

  it('puts the currency on every amount of a foreign-currency invoice', async () => {
    const api = await start();
    const body = invoiceBody({ contact: { id: ALPENTRANS_ID, objectName: 'Contact' }, taxRule: { id: '17', objectName: 'TaxRule' }, currency: 'CHF' }, [
      position({ price: 1840.5, taxRate: 0 }),
      position({ name: 'Zoll', price: 95, taxRate: 0, unity: { id: UNITY_BLANKET, objectName: 'Unity' } }),
    ]);
    const { id } = (await api.post(SAVE_INVOICE, body)).body.objects.invoice;
    const { html } = await page(api, `/fi/detail/type/RE/id/${id}`);
    const amounts = html.match(/-?[\d.]+,\d{2}(?: [A-Z]{3})?/g) ?? [];
    expect(amounts.length).toBeGreaterThanOrEqual(7);
    expect(amounts.every((a) => a.endsWith(' CHF'))).toBe(true);
    expect(html).not.toContain('EUR');
    expect(html).toContain('<td>Pauschale</td>');
  });

  it('escapes every piece of data and shows head and foot texts as plain text', async () => {
    const api = await start();
    const contact = (await api.post('/api/v1/Contact', { name: 'Frost & Frische <Kühllogistik> "Nord" GmbH', category: { id: 3, objectName: 'Category' } })).body.objects;
    const body = invoiceBody(
      {
        contact: { id: contact.id, objectName: 'Contact' },
        address: `Frost & Frische <Kühllogistik> "Nord" GmbH\n<img src=x onerror=alert(1)>`,
        headText: '<p>Für den Transport <b>stellen</b> wir in Rechnung:</p><script>alert(1)</script>',
        customerInternalNote: "PO-'7781'",
      },
      [position({ name: '<script>alert("pos")</script>', text: 'Lieferschein <123> & POD' })],
    );
    const { id } = (await api.post(SAVE_INVOICE, body)).body.objects.invoice;
    const { html } = await page(api, `/fi/detail/type/RE/id/${id}`);
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('<strong>Frost &amp; Frische &lt;Kühllogistik&gt; &quot;Nord&quot; GmbH</strong>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;pos&quot;)&lt;/script&gt;');
    expect(html).toContain('Lieferschein &lt;123&gt; &amp; POD');
    expect(html).toContain('Für den Transport stellen wir in Rechnung:');
    expect(html).toContain('PO-&#39;7781&#39;');
  });

  it('answers unknown ids and the wrong type with a friendly 404 page', async () => {
    const api = await start();
    const { id } = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice;
    for (const path of ['/fi/detail/type/RE/id/12345', `/fi/detail/type/AR/id/${id}`, '/fi/detail/type/RE/id/<x>']) {
      const p = await page(api, path);
      expect(p.status, path).toBe(404);
      expect(p.html).toContain('<h1>Rechnung nicht gefunden</h1>');
      expect(p.html).not.toContain('<x>');
    }
  });

  it('opens the same page under /fi/edit/…, lists invoices at /, and shows HTML 404s elsewhere', async () => {
    const api = await start();
    const { id } = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice;
    expect((await page(api, `/fi/edit/type/RE/id/${id}`)).html).toContain('data-field="invoiceNumber">RE-1000<');
    const list = await page(api, '/');
    expect(list.html).toContain(`<a href="/fi/detail/type/RE/id/${id}">RE-1000</a>`);
    expect(list.html).toContain('1.621,38 EUR');
    const missing = await page(api, '/nothing/here');
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('text/html; charset=utf-8');
  });

  it('shows the status change after the PDF was fetched without preventSendBy', async () => {
    const api = await start();
    const { id } = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice;
    await api.get(`/api/v1/Invoice/${id}/getPdf`);
    expect((await page(api, `/fi/detail/type/RE/id/${id}`)).html).toContain('<span class="badge" data-status="200">Offen</span>');
  });
});
