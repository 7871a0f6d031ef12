/**
 * The web app's pages that deep links open: `/fi/detail/type/RE/id/{id}` (the link clients
 * store next to an order) and a small invoice list at `/`. All data is escaped; head and foot
 * texts may hold "certain html tags" in sevdesk, which are shown as plain text here.
 */
import { escapeHtml } from '../kit/http';
import type { Context } from './context';
import { displayName } from './contacts';
import { countryById } from './countries';
import { germanDate } from './dates';
import { add, toGermanText, toText, ZERO, type Decimal } from './decimal';
import { STATUS_LABELS } from './invoices';
import { unityById } from './lookups';
import type { InvoiceRecord } from './store';
import { taxRuleById } from './tax-rules';

const STYLE = `
  :root { --ink:#1d2b36; --muted:#6a7a86; --line:#e3e8ec; --brand:#0a6e8a; --bg:#f4f6f8; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
  .bar { display:flex; align-items:center; gap:24px; padding:0 24px; height:52px; background:#fff; border-bottom:1px solid var(--line); }
  .logo { font-weight:700; font-size:20px; color:var(--brand); letter-spacing:-.5px; text-decoration:none; }
  .bar nav a { color:var(--ink); text-decoration:none; font-weight:500; }
  .sandbox { margin-left:auto; font-size:12px; color:var(--muted); border:1px dashed var(--line); padding:2px 8px; border-radius:10px; }
  main { max-width:980px; margin:24px auto; padding:0 24px; }
  .crumb { color:var(--muted); font-size:13px; }
  .doc-head { display:flex; justify-content:space-between; align-items:flex-end; margin-bottom:16px; }
  h1 { margin:4px 0 0; font-size:24px; }
  h2 { margin:0 0 8px; font-size:15px; }
  .badge { display:inline-block; padding:4px 12px; border-radius:12px; font-weight:600; font-size:13px; background:#e8eef2; }
  .badge[data-status="100"] { background:#fff4d6; color:#7a5a00; }
  .badge[data-status="200"] { background:#dcecff; color:#0b4a8b; }
  .badge[data-status="1000"] { background:#dcf5e6; color:#17663a; }
  .card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:20px; margin-bottom:16px; }
  .grid { display:grid; grid-template-columns:1fr 1fr; gap:24px; }
  dl { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; margin:0; }
  dt { color:var(--muted); }
  dd { margin:0; }
  .text { white-space:pre-line; color:var(--ink); }
  table { width:100%; border-collapse:collapse; margin:12px 0; }
  th { text-align:left; font-weight:600; color:var(--muted); font-size:12px; text-transform:uppercase; border-bottom:1px solid var(--line); padding:8px 6px; }
  td { border-bottom:1px solid var(--line); padding:8px 6px; vertical-align:top; }
  .num { text-align:right; white-space:nowrap; }
  .pos-text { color:var(--muted); font-size:13px; white-space:pre-line; }
  .totals { margin-left:auto; width:340px; }
  .totals div { display:flex; justify-content:space-between; padding:4px 0; }
  .totals .gross { border-top:2px solid var(--ink); font-weight:700; margin-top:4px; padding-top:8px; }
  .empty { text-align:center; padding:48px 24px; }
  a { color:var(--brand); }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – sevdesk</title><style>${STYLE}</style></head>
<body>
<header class="bar"><a class="logo" href="/">sevdesk</a><nav><a href="/">Rechnungen</a></nav><span class="sandbox">Sandbox-Emulator</span></header>
<main>${body}</main>
</body>
</html>`;
}

const FORMATTING_TAG = /<\/?(?:p|br|b|i|u|s|strong|em|span|div|ul|ol|li|a|font|h[1-6]|table|thead|tbody|tr|td|th)\b[^>]*>/gi;

/**
 * sevdesk's head, foot and position texts allow formatting tags; here they become plain text
 * with line breaks. Only formatting tags are dropped, so text such as "Lieferschein <123>"
 * survives (escaped).
 */
function plainText(value: string | null): string {
  if (!value) return '';
  const text = value
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(?:p|div|li)>/gi, '\n')
    .replace(FORMATTING_TAG, '')
    .trim();
  return escapeHtml(text);
}

export function invoicePage(ctx: Context, inv: InvoiceRecord): string {
  const money = (d: Decimal) => `${toGermanText(d)} ${escapeHtml(inv.currency)}`;
  const contact = inv.contactId ? ctx.store.contacts.get(inv.contactId) : undefined;
  const positions = ctx.store.positionsOf(inv.id);
  const status = STATUS_LABELS[inv.status] ?? inv.status;
  const rule = inv.taxRuleId ? taxRuleById(inv.taxRuleId) : undefined;

  const firstAddress = contact ? ctx.store.addressesOf(contact.id)[0] : undefined;
  const addressText =
    inv.address ??
    (firstAddress
      ? [firstAddress.street, [firstAddress.zip, firstAddress.city].filter(Boolean).join(' '), countryById(firstAddress.countryId)?.name].filter(Boolean).join('\n')
      : '');

  const taxByRate = new Map<string, Decimal>();
  for (const p of positions) {
    const rate = toText(p.taxRate);
    taxByRate.set(rate, add(taxByRate.get(rate) ?? ZERO, p.sumTax));
  }

  const delivery = inv.deliveryDate
    ? germanDate(inv.deliveryDate) + (inv.deliveryDateUntil ? ` – ${germanDate(inv.deliveryDateUntil)}` : '')
    : '–';

  const rows = positions
    .map(
      (p) => `<tr data-position="${escapeHtml(p.id)}">
  <td>${p.positionNumber + 1}</td>
  <td><div>${escapeHtml(p.name ?? '')}</div>${p.text ? `<div class="pos-text">${plainText(p.text)}</div>` : ''}</td>
  <td class="num">${toText(p.quantity).replace('.', ',')}</td>
  <td>${escapeHtml(unityById(p.unityId)?.name ?? '')}</td>
  <td class="num">${money(p.price)}</td>
  <td class="num">${escapeHtml(toText(p.taxRate))} %</td>
  <td class="num">${money(inv.showNet ? p.sumNet : p.sumGross)}</td>
</tr>`,
    )
    .join('\n');

  const taxRows = [...taxByRate.entries()]
    .map(([rate, tax]) => `<div><span>Umsatzsteuer ${escapeHtml(rate)} %</span><span>${money(tax)}</span></div>`)
    .join('');

  const body = `
<div class="doc-head">
  <div><div class="crumb"><a href="/">Rechnungen</a> › ${escapeHtml(inv.invoiceNumber)}</div>
  <h1>Rechnung <span data-field="invoiceNumber">${escapeHtml(inv.invoiceNumber)}</span></h1></div>
  <span class="badge" data-status="${escapeHtml(inv.status)}">${escapeHtml(status)}</span>
</div>
<section class="card grid">
  <div>
    <h2>Kontakt</h2>
    <div data-field="contact"><strong>${escapeHtml(contact ? displayName(contact) : 'Kein Kontakt')}</strong></div>
    <div class="text" data-field="address">${escapeHtml(addressText)}</div>
    ${contact?.customerNumber ? `<div>Kundennummer ${escapeHtml(contact.customerNumber)}</div>` : ''}
    ${contact?.vatNumber ? `<div>USt-IdNr. ${escapeHtml(contact.vatNumber)}</div>` : ''}
  </div>
  <dl>
    <dt>Rechnungsnummer</dt><dd>${escapeHtml(inv.invoiceNumber)}</dd>
    <dt>Rechnungsdatum</dt><dd>${germanDate(inv.invoiceDate)}</dd>
    <dt>Lieferdatum</dt><dd>${delivery}</dd>
    <dt>Referenz</dt><dd data-field="customerInternalNote">${escapeHtml(inv.customerInternalNote ?? '–')}</dd>
    <dt>Währung</dt><dd data-field="currency">${escapeHtml(inv.currency)}</dd>
    <dt>Steuerregel</dt><dd>${escapeHtml(rule?.name ?? inv.taxType ?? '–')}</dd>
    <dt>Zahlungsziel</dt><dd>${inv.timeToPay ? `${escapeHtml(inv.timeToPay)} Tage` : '–'}</dd>
    <dt>Preise</dt><dd>${inv.showNet ? 'netto' : 'brutto'}</dd>
  </dl>
</section>
<section class="card">
  <h2>${escapeHtml(inv.header ?? '')}</h2>
  ${inv.headText ? `<p class="text">${plainText(inv.headText)}</p>` : ''}
  <table>
    <thead><tr><th>Pos.</th><th>Bezeichnung</th><th class="num">Menge</th><th>Einheit</th><th class="num">Einzelpreis</th><th class="num">USt.</th><th class="num">Betrag</th></tr></thead>
    <tbody>${rows}</tbody>
  </table>
  <div class="totals">
    <div><span>Netto</span><span data-field="sumNet">${money(inv.sumNet)}</span></div>
    ${taxRows}
    <div class="gross"><span>Gesamt</span><span data-field="sumGross">${money(inv.sumGross)}</span></div>
  </div>
  ${inv.footText ? `<p class="text">${plainText(inv.footText)}</p>` : ''}
</section>`;
  return layout(`Rechnung ${inv.invoiceNumber}`, body);
}

export function invoiceNotFoundPage(id: string): string {
  return layout(
    'Rechnung nicht gefunden',
    `<section class="card empty">
  <h1>Rechnung nicht gefunden</h1>
  <p>Die Rechnung mit der ID ${escapeHtml(id)} existiert nicht oder wurde gelöscht.</p>
  <p><a href="/">Zur Rechnungsübersicht</a></p>
</section>`,
  );
}

export function pageNotFound(): string {
  return layout(
    'Seite nicht gefunden',
    `<section class="card empty"><h1>Seite nicht gefunden</h1><p><a href="/">Zur Rechnungsübersicht</a></p></section>`,
  );
}

export function invoiceListPage(ctx: Context): string {
  const invoices = [...ctx.store.invoices.values()].reverse();
  const rows = invoices
    .map((inv) => {
      const contact = inv.contactId ? ctx.store.contacts.get(inv.contactId) : undefined;
      return `<tr>
  <td><a href="/fi/detail/type/${escapeHtml(inv.invoiceType)}/id/${escapeHtml(inv.id)}">${escapeHtml(inv.invoiceNumber)}</a></td>
  <td>${escapeHtml(contact ? displayName(contact) : '–')}</td>
  <td>${germanDate(inv.invoiceDate)}</td>
  <td><span class="badge" data-status="${escapeHtml(inv.status)}">${escapeHtml(STATUS_LABELS[inv.status] ?? inv.status)}</span></td>
  <td class="num">${toGermanText(inv.sumGross)} ${escapeHtml(inv.currency)}</td>
</tr>`;
    })
    .join('\n');
  const body = `
<div class="doc-head"><h1>Rechnungen</h1></div>
<section class="card">
  ${
    invoices.length === 0
      ? '<p class="empty">Noch keine Rechnungen.</p>'
      : `<table><thead><tr><th>Nummer</th><th>Kontakt</th><th>Datum</th><th>Status</th><th class="num">Brutto</th></tr></thead><tbody>${rows}</tbody></table>`
  }
</section>`;
  return layout('Rechnungen', body);
}
