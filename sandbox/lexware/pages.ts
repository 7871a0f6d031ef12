/**
 * The web-app pages that deep links open (docs "Deeplink to an Invoice"): view and edit of an
 * invoice, the contact view, and the voucher and contact lists they fall back to. An unknown
 * invoice id redirects to the voucher list; editing a finalized invoice redirects to its view.
 * No auth and no rate limit: in reality these are the logged-in user's browser pages.
 */
import { escapeHtml, html, type EmuRequest, type EmuResponse, type Router } from '../kit/http';
import type { LexwareContext } from './context';
import { formatDate, formatEuro, formatNumber } from './format';
import { contactName, type Contact, type Invoice, type TaxType } from './model';
import { layout, statusBadge, statusLabel } from './page-layout';
import { openCents } from './payments';

const redirect = (location: string): EmuResponse => ({ status: 302, headers: { location } });

const TAX_TYPE_LABELS: Record<TaxType, string> = {
  net: 'Netto',
  gross: 'Brutto',
  vatfree: 'Steuerfrei',
  intraCommunitySupply: 'Innergemeinschaftliche Lieferung',
  constructionService13b: 'Bauleistungen nach § 13b UStG',
  externalService13b: 'Fremdleistungen innerhalb der EU nach § 13b UStG',
  thirdPartyCountryService: 'Dienstleistungen an Drittländer',
  thirdPartyCountryDelivery: 'Ausfuhrlieferungen an Drittländer',
  photovoltaicEquipment: 'Photovoltaikanlage (0 %)',
};

const SHIPPING_LABELS = { service: 'Leistungsdatum', serviceperiod: 'Leistungszeitraum', delivery: 'Lieferdatum', deliveryperiod: 'Lieferzeitraum' } as const;

type PageKind = 'invoice' | 'creditnote' | 'dunning';
const KIND_LABELS: Record<PageKind, { name: string; number: string; date: string; path: string }> = {
  invoice: { name: 'Rechnung', number: 'Rechnungsnummer', date: 'Rechnungsdatum', path: 'invoices' },
  creditnote: { name: 'Rechnungskorrektur', number: 'Belegnummer', date: 'Belegdatum', path: 'credit-notes' },
  dunning: { name: 'Mahnung', number: 'Belegnummer', date: 'Datum', path: 'dunnings' },
};

function invoiceHeading(invoice: Invoice, kind: PageKind = 'invoice'): string {
  const name = KIND_LABELS[kind].name;
  return invoice.voucherStatus === 'draft' ? `${name} (Entwurf)` : `${name} ${invoice.voucherNumber ?? ''}`.trim();
}

/** Links to the vouchers this one continues or is continued by. */
function relatedRow(invoice: Invoice): string {
  if (invoice.relatedVouchers.length === 0) return '';
  const links = invoice.relatedVouchers.map((r) => {
    const path = r.voucherType === 'creditnote' ? 'credit-notes' : 'invoices';
    return `<a href="/permalink/${path}/view/${encodeURIComponent(r.id)}">${escapeHtml(r.voucherNumber || r.voucherType)}</a>`;
  });
  return `<dt>Verknüpfte Belege</dt><dd data-field="related">${links.join(', ')}</dd>`;
}

function addressBlock(invoice: Invoice): string {
  const a = invoice.address;
  const lines = [a.name, a.supplement, a.street, [a.zip, a.city].filter(Boolean).join(' '), a.countryCode].filter((l): l is string => !!l);
  const name = a.contactId ? `<a href="/permalink/contacts/view/${encodeURIComponent(a.contactId)}">${escapeHtml(lines[0] ?? '')}</a>` : escapeHtml(lines[0] ?? '');
  return `<div class="address" data-field="contact">${name}\n${escapeHtml(lines.slice(1).join('\n'))}</div>`;
}

function shippingRow(invoice: Invoice): string {
  const s = invoice.shippingConditions;
  if (s.shippingType === 'none') return '';
  const value = s.shippingEndDate ? `${formatDate(s.shippingDate)} – ${formatDate(s.shippingEndDate)}` : formatDate(s.shippingDate);
  return `<dt>${escapeHtml(SHIPPING_LABELS[s.shippingType])}</dt><dd>${escapeHtml(value)}</dd>`;
}

function lineItemRows(invoice: Invoice): string {
  const gross = invoice.taxConditions.taxType === 'gross';
  let position = 0;
  return invoice.lineItems
    .map((item) => {
      const description = item.description ? `<div class="desc">${escapeHtml(item.description)}</div>` : '';
      if (item.type === 'text') return `<tr class="text-item"><td></td><td colspan="6">${escapeHtml(item.name ?? '')}${description}</td></tr>`;
      position += 1;
      const price = gross ? item.unitPrice?.grossAmount : item.unitPrice?.netAmount;
      return `<tr><td class="num">${position}</td><td>${escapeHtml(item.name ?? '')}${description}</td>
<td class="num">${escapeHtml(formatNumber(item.quantity))}</td><td>${escapeHtml(item.unitName ?? '')}</td>
<td class="num">${escapeHtml(formatEuro(price))}</td><td class="num">${escapeHtml(String(item.unitPrice?.taxRatePercentage ?? 0))} %</td>
<td class="num">${escapeHtml(formatEuro(item.lineItemAmount))}</td></tr>`;
    })
    .join('\n');
}

function totalsTable(invoice: Invoice): string {
  const t = invoice.totalPrice;
  const taxRows = invoice.taxAmounts
    .map((a) => `<tr><td>zzgl. Umsatzsteuer ${escapeHtml(String(a.taxRatePercentage))} %</td><td class="num">${escapeHtml(formatEuro(a.taxAmount))}</td></tr>`)
    .join('');
  const discount =
    t.totalDiscountAbsolute !== undefined || t.totalDiscountPercentage !== undefined
      ? `<tr><td>Gesamtrabatt</td><td class="num">${escapeHtml(t.totalDiscountPercentage !== undefined ? `${formatNumber(t.totalDiscountPercentage)} %` : formatEuro(t.totalDiscountAbsolute))}</td></tr>`
      : '';
  return `<table class="totals">${discount}
<tr><td>Summe netto</td><td class="num" data-field="total-net">${escapeHtml(formatEuro(t.totalNetAmount))}</td></tr>${taxRows}
<tr class="grand"><td>Gesamtbetrag</td><td class="num" data-field="total-gross">${escapeHtml(formatEuro(t.totalGrossAmount))}</td></tr></table>`;
}

function invoicePage(invoice: Invoice, mode: 'view' | 'edit', kind: PageKind = 'invoice', openAmount?: number): string {
  const heading = invoiceHeading(invoice, kind);
  const labels = KIND_LABELS[kind];
  const taxType = invoice.taxConditions.taxType;
  const notice =
    mode === 'edit'
      ? `<p class="notice">Bearbeitungsmodus: Entwürfe können vor dem Abschließen noch geändert werden. <a href="/permalink/${labels.path}/view/${encodeURIComponent(invoice.id)}">Zur Ansicht</a></p>`
      : '';
  const taxNote = taxType === 'net' || taxType === 'gross' ? '' : `<p class="text">${escapeHtml(invoice.taxConditions.taxTypeNote ?? TAX_TYPE_LABELS[taxType])}</p>`;
  return layout(
    heading,
    `<div class="head"><h1 data-field="title">${escapeHtml(heading)}</h1>${statusBadge(invoice.voucherStatus)}</div>
${notice}
<section class="meta">${addressBlock(invoice)}
<dl>
<dt>${labels.number}</dt><dd data-field="voucher-number">${escapeHtml(invoice.voucherNumber ?? '–')}</dd>
<dt>${labels.date}</dt><dd>${escapeHtml(formatDate(invoice.voucherDate))}</dd>
${kind === 'invoice' ? shippingRow(invoice) : ''}
${kind === 'invoice' ? `<dt>Fällig am</dt><dd>${escapeHtml(formatDate(invoice.dueDate))}</dd>` : ''}
${openAmount !== undefined ? `<dt>Offener Betrag</dt><dd data-field="open-amount">${escapeHtml(formatEuro(openAmount))}</dd>` : ''}
<dt>E-Rechnung</dt><dd data-field="e-invoice">${escapeHtml(invoice.electronicDocumentProfile === 'NONE' ? 'nein' : invoice.electronicDocumentProfile === 'EN16931' ? 'ZUGFeRD (EN 16931)' : 'XRechnung')}</dd>
${relatedRow(invoice)}
<dt>Besteuerung</dt><dd>${escapeHtml(TAX_TYPE_LABELS[taxType])}</dd>
</dl></section>
<h2 style="font-size:17px;margin:8px 0 4px">${escapeHtml(invoice.title)}</h2>
<p class="text">${escapeHtml(invoice.introduction)}</p>
<table class="items"><thead><tr><th class="num">Pos.</th><th>Bezeichnung</th><th class="num">Menge</th><th>Einheit</th>
<th class="num">Einzelpreis${taxType === 'gross' ? ' (brutto)' : ' (netto)'}</th><th class="num">USt.</th><th class="num">Betrag</th></tr></thead>
<tbody>
${lineItemRows(invoice)}
</tbody></table>
${totalsTable(invoice)}
${taxNote}
${kind === 'invoice' ? `<p class="text">${escapeHtml(invoice.paymentConditions.paymentTermLabel)}</p>` : ''}
<p class="text">${escapeHtml(invoice.remark)}</p>`,
  );
}

function contactPage(contact: Contact, invoices: Invoice[]): string {
  const name = contactName(contact);
  const billing = contact.addresses?.billing?.[0];
  const address = billing ? [billing.supplement, billing.street, [billing.zip, billing.city].filter(Boolean).join(' '), billing.countryCode].filter(Boolean).join('\n') : '';
  const emails = Object.values(contact.emailAddresses ?? {}).flat();
  const phones = Object.values(contact.phoneNumbers ?? {}).flat();
  const row = (label: string, value: string | number | undefined) =>
    value === undefined || value === '' ? '' : `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`;
  return layout(
    name,
    `<div class="head"><h1 data-field="name">${escapeHtml(name)}</h1>${contact.roles.customer ? '<span class="badge open">Kunde</span>' : ''}${contact.roles.vendor ? '<span class="badge draft">Lieferant</span>' : ''}</div>
<section class="meta"><div class="address">${escapeHtml(address)}</div>
<dl>
${row('Kundennummer', contact.roles.customer?.number)}
${row('Lieferantennummer', contact.roles.vendor?.number)}
${row('USt-IdNr.', contact.company?.vatRegistrationId)}
${row('Steuernummer', contact.company?.taxNumber)}
${row('E-Mail', emails.join(', '))}
${row('Telefon', phones.join(', '))}
</dl></section>
${contact.note ? `<p class="text">${escapeHtml(contact.note)}</p>` : ''}
<h2 style="font-size:17px">Belege</h2>
${voucherTable(invoices)}`,
  );
}

function voucherTable(invoices: Invoice[]): string {
  if (invoices.length === 0) return '<p class="empty">Keine Belege vorhanden.</p>';
  const rows = [...invoices]
    .reverse()
    .map(
      (i) => `<tr><td>${escapeHtml(statusLabel(i.voucherStatus))}</td><td>${escapeHtml(formatDate(i.voucherDate))}</td>
<td><a href="/permalink/invoices/view/${encodeURIComponent(i.id)}">${escapeHtml(i.voucherNumber ?? 'Entwurf')}</a></td>
<td>${escapeHtml(i.address.name ?? '')}</td><td class="num">${escapeHtml(formatEuro(i.totalPrice.totalGrossAmount))}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>Status</th><th>Datum</th><th>Nummer</th><th>Kunde</th><th class="num">Betrag</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

function contactsTable(contacts: Contact[]): string {
  const rows = [...contacts]
    .sort((a, b) => contactName(a).localeCompare(contactName(b), 'de'))
    .map((c) => {
      const billing = c.addresses?.billing?.[0];
      const number = c.roles.customer?.number ?? c.roles.vendor?.number ?? '';
      return `<tr><td><a href="/permalink/contacts/view/${encodeURIComponent(c.id)}">${escapeHtml(contactName(c))}</a></td>
<td>${escapeHtml(number)}</td><td>${escapeHtml(billing ? `${billing.zip ?? ''} ${billing.city ?? ''}`.trim() : '')}</td></tr>`;
    })
    .join('\n');
  return `<table><thead><tr><th>Name</th><th>Nummer</th><th>Ort</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

export function registerPages(router: Router, ctx: LexwareContext): void {
  const invoiceOf = (req: EmuRequest) => ctx.store.invoices.get(req.params.id ?? '');
  const contactOf = (req: EmuRequest) => ctx.store.contacts.get(req.params.id ?? '')?.contact;

  router.get('/permalink/invoices/view/:id', (req) => {
    const invoice = invoiceOf(req);
    return invoice ? html(200, invoicePage(invoice, 'view', 'invoice', invoice.voucherStatus === 'draft' ? undefined : openCents(ctx, invoice) / 100)) : redirect('/vouchers');
  });
  router.get('/permalink/invoices/edit/:id', (req) => {
    const invoice = invoiceOf(req);
    if (!invoice) return redirect('/vouchers');
    // Only drafts can be edited; finalized invoices open in the view.
    if (invoice.voucherStatus !== 'draft') return redirect(`/permalink/invoices/view/${encodeURIComponent(invoice.id)}`);
    return html(200, invoicePage(invoice, 'edit'));
  });
  // Credit notes and dunnings: view and edit (edit only for drafts), as for invoices.
  for (const [path, kind, map] of [
    ['credit-notes', 'creditnote', ctx.store.creditNotes],
    ['dunnings', 'dunning', ctx.store.dunnings],
  ] as const) {
    router.get(`/permalink/${path}/view/:id`, (req) => {
      const voucher = map.get(req.params.id ?? '');
      return voucher ? html(200, invoicePage(voucher, 'view', kind)) : redirect('/vouchers');
    });
    router.get(`/permalink/${path}/edit/:id`, (req) => {
      const voucher = map.get(req.params.id ?? '');
      if (!voucher) return redirect('/vouchers');
      if (voucher.voucherStatus !== 'draft') return redirect(`/permalink/${path}/view/${encodeURIComponent(voucher.id)}`);
      return html(200, invoicePage(voucher, 'edit', kind));
    });
  }
  const showContact = (req: EmuRequest) => {
    const contact = contactOf(req);
    if (!contact) return redirect('/contacts');
    const invoices = [...ctx.store.invoices.values()].filter((i) => i.address.contactId === contact.id);
    return html(200, contactPage(contact, invoices));
  };
  router.get('/permalink/contacts/view/:id', showContact);
  router.get('/permalink/contacts/edit/:id', showContact);
  router.get('/vouchers', () => html(200, layout('Belege', `<div class="head"><h1>Belege</h1></div>\n${voucherTable([...ctx.store.invoices.values()])}`)));
  router.get('/contacts', () => html(200, layout('Kontakte', `<div class="head"><h1>Kontakte</h1></div>\n${contactsTable([...ctx.store.contacts.values()].map((r) => r.contact))}`)));
  router.get('/', () => redirect('/vouchers'));
}

export function pageNotFound(): EmuResponse {
  return html(404, layout('Seite nicht gefunden', '<div class="head"><h1>Seite nicht gefunden</h1></div><p><a href="/vouchers">Zur Belegliste</a></p>'));
}
