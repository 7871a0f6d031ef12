import { afterEach, describe, expect, it } from 'vitest';
import { SEEDED_CONTACT_IDS } from './seed';
import { FakeClock, customLine, startLexware, validInvoice, type TestLexware } from './test-support';

let lx: TestLexware | undefined;
afterEach(async () => {
  await lx?.close();
  lx = undefined;
});

async function createInvoice(body: unknown, query = ''): Promise<string> {
  const r = await lx!.api('POST', `/v1/invoices${query}`, body);
  expect(r.status, r.text).toBe(201);
  return r.body.id;
}

const page = (path: string) => lx!.raw('GET', path, { redirect: 'manual' });

describe('invoice deep links', () => {
  it('shows a draft as "Rechnung (Entwurf)" with contact, line items and German amounts', async () => {
    lx = await startLexware();
    const id = await createInvoice(validInvoice());
    const r = await page(`/permalink/invoices/view/${id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.text).toContain('<title>Rechnung (Entwurf) – Lexware Office</title>');
    expect(r.text).toContain('<h1 data-field="title">Rechnung (Entwurf)</h1>');
    expect(r.text).toContain('<span class="badge draft" data-field="status">Entwurf</span>');
    expect(r.text).toContain(`<a href="/permalink/contacts/view/${SEEDED_CONTACT_IDS.nordlicht}">Spedition Nordlicht GmbH</a>`);
    expect(r.text).toContain('Transport Hamburg – München');
    expect(r.text).toContain('Standzeit');
    expect(r.text).toContain('<td class="num">2,5</td>');
    expect(r.text).toContain('<td class="num" data-field="total-net">1.362,50 €</td>');
    expect(r.text).toContain('zzgl. Umsatzsteuer 19 %</td><td class="num">258,88 €</td>');
    expect(r.text).toContain('<td class="num" data-field="total-gross">1.621,38 €</td>');
    expect(r.text).toContain('Leistungszeitraum</dt><dd>02.11.2026 – 03.11.2026</dd>');
    expect(r.text).toContain('Lexware <b>Office</b>');
  });

  it('shows a finalized invoice with its number and status', async () => {
    lx = await startLexware();
    const id = await createInvoice(validInvoice(), '?finalize=true');
    const r = await page(`/permalink/invoices/view/${id}`);
    expect(r.text).toContain('<h1 data-field="title">Rechnung RE0001</h1>');
    expect(r.text).toContain('<span class="badge open" data-field="status">Offen</span>');
    expect(r.text).toContain('<dd data-field="voucher-number">RE0001</dd>');
  });

  it('opens drafts for editing and redirects finalized invoices from edit to view', async () => {
    lx = await startLexware();
    const draft = await createInvoice(validInvoice());
    const edit = await page(`/permalink/invoices/edit/${draft}`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('Bearbeitungsmodus');
    expect(edit.text).toContain('Rechnung (Entwurf)');

    const open = await createInvoice(validInvoice(), '?finalize=true');
    const redirected = await page(`/permalink/invoices/edit/${open}`);
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toBe(`/permalink/invoices/view/${open}`);
  });

  it('redirects unknown invoice ids to the voucher list', async () => {
    lx = await startLexware();
    for (const mode of ['view', 'edit']) {
      const r = await page(`/permalink/invoices/${mode}/00000000-0000-4000-8000-000000000000`);
      expect(r.status).toBe(302);
      expect(r.headers.get('location')).toBe('/vouchers');
    }
    const id = await createInvoice(validInvoice(), '?finalize=true');
    const list = await page('/vouchers');
    expect(list.status).toBe(200);
    expect(list.text).toContain('<h1>Belege</h1>');
    expect(list.text).toContain(`<a href="/permalink/invoices/view/${id}">RE0001</a>`);
  });

  it('escapes every piece of data', async () => {
    lx = await startLexware();
    const id = await createInvoice(
      validInvoice({
        address: { name: 'Frost & Frische <Kühllogistik> "Nord" GmbH', countryCode: 'DE' },
        lineItems: [customLine({ name: '<script>alert(1)</script>', description: "O'Brien & <b>Söhne</b>" })],
        introduction: '<img src=x onerror=alert(2)>',
      }),
    );
    const r = await page(`/permalink/invoices/view/${id}`);
    expect(r.text).not.toContain('<script>alert');
    expect(r.text).not.toContain('<img src=x');
    expect(r.text).not.toContain('<b>Söhne');
    expect(r.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.text).toContain('Frost &amp; Frische &lt;Kühllogistik&gt; &quot;Nord&quot; GmbH');
    expect(r.text).toContain('O&#39;Brien &amp; &lt;b&gt;Söhne&lt;/b&gt;');
  });
});

describe('contact deep links', () => {
  it('shows a contact with its numbers, address and invoices; unknown ids go to the contact list', async () => {
    lx = await startLexware();
    const id = await createInvoice(validInvoice({ address: { contactId: SEEDED_CONTACT_IDS.rheinfracht } }), '?finalize=true');
    const r = await page(`/permalink/contacts/view/${SEEDED_CONTACT_IDS.rheinfracht}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('<h1 data-field="name">Rheinfracht GmbH &amp; Co. KG</h1>');
    expect(r.text).toContain('<dt>Kundennummer</dt><dd>10003</dd>');
    expect(r.text).toContain('<dt>USt-IdNr.</dt><dd>DE345678912</dd>');
    expect(r.text).toContain('Deutzer Freiheit 77');
    expect(r.text).toContain(`/permalink/invoices/view/${id}`);

    const unknown = await page('/permalink/contacts/view/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(302);
    expect(unknown.headers.get('location')).toBe('/contacts');
    const list = await page('/contacts');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Holland Cargo B.V.');
  });
});

describe('pages are browser traffic', () => {
  it('need no key, are neither rate-limited nor logged, and unknown pages answer 404', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ rateLimit: undefined, now: clock.now });
    for (let i = 0; i < 5; i++) expect((await page('/vouchers')).status).toBe(200);
    expect((await page('/')).headers.get('location')).toBe('/vouchers');
    expect((await lx.api('GET', '/v1/profile')).status).toBe(200);
    expect((await lx.api('GET', '/v1/profile')).status).toBe(200);
    expect((await lx.sandbox('requests')).body.map((r: { path: string }) => r.path)).toEqual(['/v1/profile', '/v1/profile']);
    const missing = await page('/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Seite nicht gefunden');
  });
});
