/**
 * Redaction of saved Legacy TMS pages: what the recipe reads as personal is replaced the same
 * way everywhere, what patterns find is replaced or dropped, code and media go, and the
 * recipe still reads the same orders, prices and dates from what is left.
 */
import { describe, expect, it } from 'vitest';
import type { OrderSummary } from '../adapter';
import { checkVatId } from '../../domain/vat-id';
import { adapterFromRecipe } from './adapter';
import { createRedactor, isRedactedHtml, redactPage } from './redact';
import { LEGACY_DETAIL_URL, LEGACY_LIST_URL, legacyPage, legacyRecipe } from './testing/legacy-recipe';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
/** Every text and attribute value of a page, as a reader of the file would see it. */
const everything = (doc: Document) => [doc.documentElement.textContent ?? '', ...[...doc.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.value))].join('\n');

/** The detail page with what a real TMS page also carries: code, media, a token, bank and phone details. */
function detailWithExtras(): Document {
  const doc = legacyPage('legacy-detail.html');
  doc.querySelector('#auftragsdaten')!.insertAdjacentHTML(
    'afterend',
    '<table id="mehr"><tr><th scope="row">Bankverbindung</th><td>IBAN DE02 1203 0000 0000 2020 51 · Allgäu Spedition Sp. z o.o.</td></tr>' +
      '<tr><th scope="row">Ansprechpartner</th><td><a href="mailto:j.kowalski@allgaeu-spedition.example" onclick="track()">J. Kowalski</a>, Tel. +48 71 123 45 67, Fax 0821 4567 890</td></tr>' +
      '<tr><th scope="row">Notiz</th><td title="faktury@allgaeu-spedition.example">Rechnung an <b>Allgäu</b> Spedition Sp. z o.o., USt-IdNr. PL 589 177 70 27</td></tr></table>',
  );
  doc.head.insertAdjacentHTML('beforeend', '<meta name="csrf-token" content="s3cr3t-csrf"><script>window.token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghij";</script>');
  doc.body.insertAdjacentHTML(
    'beforeend',
    '<img src="/logo.png" alt="Logo"><iframe srcdoc="<p>Allgäu</p>"></iframe><!-- Kunde: Allgäu Spedition --><input type="hidden" name="_csrf" value="s3cr3t-csrf">' +
      '<frachtbeleg-ui></frachtbeleg-ui><a href="/auftraege?seite=2&amp;PHPSESSID=abc123">Weiter</a>',
  );
  return doc;
}

describe('redactPage on a Legacy detail page', () => {
  const recipe = legacyRecipe();
  const original = detailWithExtras();
  const before = original.documentElement.outerHTML;
  const page = redactPage(recipe, original, LEGACY_DETAIL_URL);
  const redacted = parse(page.html);
  const text = everything(redacted);

  it('leaves no customer name, e-mail, VAT ID, IBAN, street, phone or token anywhere in the file', () => {
    for (const gone of [
      'Allgäu', 'allgaeu', 'faktury@', 'kowalski@', 'PL5891777027', 'PL 589 177 70 27', 'DE02 1203', '2020 51', 'Kwidzyńska', 'Głogowska', 'Rokicińska', 'Friedberger',
      'Centrum Logistyczne', 'Baumarkt Augsburg-Ost', '123 45 67', '4567 890', 's3cr3t', 'eyJhbGci', 'abc123',
    ]) {
      expect(page.html, gone).not.toContain(gone);
      expect(text, gone).not.toContain(gone);
    }
  });

  it('removes code, media and the extension\'s own UI, and marks the page', () => {
    expect(redacted.querySelectorAll('script, img, iframe, frachtbeleg-ui, [onclick], meta[name="csrf-token"][content="s3cr3t-csrf"]')).toHaveLength(0);
    expect(page.html).not.toContain('<!--');
    expect(isRedactedHtml(page.html)).toBe(true);
    expect(page.url).toBe(LEGACY_DETAIL_URL.href);
  });

  it('replaces consistently: the customer is “Kunde A” in every place, with the matching e-mail', () => {
    const order = adapterFromRecipe(recipe).readDetail(redacted, LEGACY_DETAIL_URL);
    if (!order.ok) throw new Error(JSON.stringify(order.problems));
    expect(order.order.customer).toMatchObject({ name: 'Kunde A', email: 'kunde-a@example.invalid', billingAddress: { street: expect.stringMatching(/^Musterstraße \d+$/) } });
    // The bank line, the note and the title attribute name the same customer the same way.
    expect(redacted.body.textContent).toContain('· Kunde A');
    expect(redacted.body.textContent).toContain('Rechnung an Kunde A,');
    expect(redacted.querySelector('[title]')!.getAttribute('title')).toBe('kunde-a@example.invalid');
    // The VAT ID is a well-formed id of the same country, written out the same way twice.
    const vat = checkVatId(order.order.customer.vatId);
    expect(vat).toMatchObject({ ok: true, prefix: 'PL' });
    expect(order.order.customer.vatId).not.toBe('PL5891777027');
    expect(redacted.body.textContent).toContain(`USt-IdNr. ${order.order.customer.vatId}`);
  });

  it('the recipe reads the same order, price, load, stop places and dates from the redacted page', () => {
    const adapter = adapterFromRecipe(recipe);
    const was = adapter.readDetail(legacyPage('legacy-detail.html'), LEGACY_DETAIL_URL);
    const now = adapter.readDetail(redacted, LEGACY_DETAIL_URL);
    if (!was.ok || !now.ok) throw new Error('both pages must read');
    const kept = (o: typeof was.order) => ({
      id: o.id, number: o.number, price: o.price, status: o.status, load: o.load, reference: o.customerReference, customerNumber: o.customer.customerNumber,
      city: o.customer.billingAddress?.city, stops: o.stops.map((s) => [s.type, s.zip, s.city, s.countryCode, s.date]),
    });
    expect(kept(now.order)).toEqual(kept(was.order));
    expect(now.order.stops.map((s) => s.name)).toEqual(['Kunde B', 'Kunde C', 'Kunde D']);
    expect(new Set(now.order.stops.map((s) => s.street)).size).toBe(3);
  });

  it('leaves the page it was given as it was', () => {
    expect(original.documentElement.outerHTML).toBe(before);
  });
});

describe('redactPage on a Legacy list page', () => {
  const recipe = legacyRecipe();
  const adapter = adapterFromRecipe(recipe);
  const summaries = (doc: Document): OrderSummary[] => adapter.listRows(doc).map((r) => adapter.summariseRow(r));
  const was = summaries(legacyPage('legacy-list.html'));
  const page = redactPage(recipe, legacyPage('legacy-list.html'), LEGACY_LIST_URL);
  const now = summaries(parse(page.html));

  it('the recipe reads the same 25 rows with the same numbers, prices and statuses', () => {
    expect(now).toHaveLength(25);
    expect(now.map(({ id, number, price, status }) => ({ id, number, price, status }))).toEqual(was.map(({ id, number, price, status }) => ({ id, number, price, status })));
  });

  it('gives the same customer the same name on every row, and different customers different names', () => {
    const mapping = new Map<string, Set<string>>();
    was.forEach((row, i) => mapping.set(row.customerName, (mapping.get(row.customerName) ?? new Set()).add(now[i]!.customerName)));
    expect([...mapping.values()].every((names) => names.size === 1)).toBe(true);
    const replacements = [...mapping.values()].map((names) => [...names][0]!);
    expect(new Set(replacements).size).toBe(mapping.size);
    expect(replacements.every((name) => /^Kunde [A-Z]+$/.test(name))).toBe(true);
    expect(now[0]!.customerName).toBe('Kunde A');
    for (const name of mapping.keys()) expect(page.html).not.toContain(name.replace('&', '&amp;'));
  });

  it('keeps cities, postal codes, dates and weights, which invoices need', () => {
    for (const kept of ['PL-60-004 Poznań', 'Sa, 28.11.2026', 'DE-86163 Augsburg', '18,2 t', '13,6 LDM', 'A-2026-0289']) expect(page.html).toContain(kept);
  });
});

describe('createRedactor on text and captured JSON', () => {
  const redactor = createRedactor({ customers: [{ name: 'Spedition Nordlicht GmbH', email: 'rechnung@nordlicht.example' }], names: [], streets: ['Hafenstraße 12'], vatIds: ['DE123456789'], keep: ['0421-555123'] });

  it('replaces the same values the same way in the page and in the JSON captured with it', () => {
    expect(redactor.text('Spedition Nordlicht GmbH, Hafenstraße 12, rechnung@nordlicht.example')).toBe('Kunde A, Musterstraße 1, kunde-a@example.invalid');
    expect(redactor.json({ customer: { name: 'Spedition Nordlicht GmbH', vatId: 'DE123456789', email: 'RECHNUNG@nordlicht.example' }, priceCents: 125000, stops: [{ city: 'Hamburg', street: 'Hafenstraße 12' }] })).toEqual({
      customer: { name: 'Kunde A', vatId: 'DE000000001', email: 'kunde-a@example.invalid' },
      priceCents: 125000,
      stops: [{ city: 'Hamburg', street: 'Musterstraße 1' }],
    });
  });

  it('finds e-mails, VAT IDs, IBANs and phone numbers the recipe does not read, and keeps order data', () => {
    const out = redactor.text('Fragen: k.muster@kunde.example, +49 40 1234 5678 oder 040 / 1234 5678; USt-IdNr. ATU 123 456 78; IBAN AT61 1904 3002 3457 3201.');
    expect(out).toBe('Fragen: kunde-b@example.invalid, +49 000 0000001 oder +49 000 0000002; USt-IdNr. ATU00000001; IBAN .');
    const order = 'Auftrag 0421-555123 vom 01.12.2026, 1.298,50 €, 18,2 t, DE-86163 Augsburg, PLZ 01067, 08:00–16:00, Ref. 2026-000123';
    expect(redactor.text(order)).toBe(order);
  });

  it('replaces whole words only', () => {
    const short = createRedactor({ customers: [{ name: 'Lager' }], names: [], streets: [], vatIds: [], keep: [] });
    expect(short.text('Lager Nord, Umschlagerlaubnis')).toBe('Kunde A Nord, Umschlagerlaubnis');
  });
});
