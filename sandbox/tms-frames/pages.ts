/**
 * Kombi's pages: the order list in the top document with an iframe named "detail", and the
 * detail page that runs inside it (dt/dd labels and an action area).
 */
import { escapeHtml as e } from '../kit/http';
import type { Stop } from '../tms/seed';
import { deliveryStop, pickupStop } from '../tms/store';
import { STATUS_DE, dateDe, loadingMetersDe, moneyDe, postcodeDe, tonnesDe } from '../tms-kit/format-de';
import { INVOICE_REF_RULE, type BookOrder } from '../tms-kit/orders';
import { kombiColumns, type Mutation } from './mutate';

export type Variant = 'gleich' | 'fremd';

const STYLE = `body{font:14px Arial,sans-serif;margin:0}header{background:#064;color:#fff;padding:8px 14px}header a{color:#fff}
.teilung{display:flex;gap:12px;padding:12px}.liste{flex:1 1 55%;overflow:auto;max-height:85vh}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ccd;padding:4px 6px;text-align:left}th{background:#eef5f0}iframe{flex:1 1 45%;height:85vh;border:1px solid #9b9}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px}dt{font-weight:bold}section[aria-label="Aktionen"]{margin-top:14px;padding:10px;background:#f3f8f4;border:1px solid #ac9}
.hinweis{background:#ffd;padding:6px}.fehler{background:#fdd;padding:6px}`;

const doc = (title: string, body: string, m: Mutation) => `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>${e(title)}</title><style>${STYLE}</style></head><body>${m.wrap(body)}</body></html>`;

const mutateQuery = (m: Mutation) => (m.seed === null ? '' : `&mutate=${m.seed}`);
const town = (s: Stop | undefined) => (s ? `${e(postcodeDe(s.countryCode, s.zip))} ${e(s.city)}` : '');

function cell(o: BookOrder, key: string, frameHref: string): string {
  switch (key) {
    case 'nummer':
      return `<a href="${e(frameHref)}" target="detail">${e(o.number)}</a>`;
    case 'auftraggeber':
      return e(o.customer.name);
    case 'von':
      return town(pickupStop(o));
    case 'nach':
      return town(deliveryStop(o));
    case 'liefertermin': {
      const d = deliveryStop(o);
      return d ? e(dateDe(d.date)) : '';
    }
    case 'fracht':
      return e(moneyDe(o.price.amount, o.price.currency));
    case 'status':
      return e(STATUS_DE[o.status]);
    case 'fahrer':
      return e(['J. Petersen', 'M. Kowalski', 'S. Novák', 'T. Berger'][o.number.length % 4]!);
    default:
      return '';
  }
}

export interface ListPageInput {
  orders: BookOrder[];
  variant: Variant;
  /** The frame URL for an order (absolute on the detail origin in the "fremd" variant). */
  frameHref: (order: BookOrder) => string;
  shown: BookOrder | undefined;
}

export function listPage(input: ListPageInput, m: Mutation): string {
  const cols = kombiColumns(m);
  const other: Variant = input.variant === 'gleich' ? 'fremd' : 'gleich';
  const head = cols.map((c) => `<th class="${m.cls(`k-${c.key}`)}">${e(c.header)}</th>`).join('');
  const rows = input.orders
    .map((o) => `<tr class="${m.cls('auftrag')}">${cols.map((c) => `<td class="${m.cls(`k-${c.key}`)}">${m.wrap(cell(o, c.key, input.frameHref(o)))}</td>`).join('')}</tr>`)
    .join('\n');
  const first = input.shown ? input.frameHref(input.shown) : 'about:blank';
  return doc(
    'Kombi Disposition',
    `<header class="${m.cls('kopf')}" id="${m.id('kopf')}"><b>Kombi Disposition</b> · Detailansicht: ${
      input.variant === 'gleich' ? 'gleiche Herkunft' : 'zweite Herkunft'
    } · <a href="/kombi?ansicht=${other}${mutateQuery(m)}">Zur Ansicht „${other === 'gleich' ? 'gleiche Herkunft' : 'zweite Herkunft'}“</a></header>
<div class="teilung"><div class="liste"><table id="${m.id('auftragsliste')}"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>
<iframe name="detail" id="${m.id('detailrahmen')}" title="Auftragsdetails" src="${e(first)}"></iframe></div>`,
    m,
  );
}

export function detailPage(o: BookOrder, m: Mutation, formAction: string, notice: { saved?: boolean; error?: string; entered?: string } = {}): string {
  const c = o.customer;
  const pickup = pickupStop(o);
  const delivery = deliveryStop(o);
  const place = (s: Stop | undefined) => (s ? `${e(s.name)}, ${e(s.street)}, ${town(s)}` : '');
  const fields: [string, string][] = [
    ['Auftragsnummer', e(o.number)],
    ['Status', e(STATUS_DE[o.status])],
    ['Auftraggeber', e(c.name)],
    ['Kundennummer', e(c.customerNumber)],
    ['USt-IdNr.', e(c.vatId ?? '')],
    ['Rechnungsanschrift', `${e(c.billingAddress.street)}, ${e(postcodeDe(c.billingAddress.countryCode, c.billingAddress.zip))} ${e(c.billingAddress.city)}`],
    ['Referenz', e(o.customerReference ?? '')],
    ['Ladestelle', place(pickup)],
    ['Ladedatum', pickup ? e(dateDe(pickup.date)) : ''],
    ['Entladestelle', place(delivery)],
    ['Liefertermin', delivery ? e(dateDe(delivery.date)) : ''],
    ['Ware', e(o.load.goods ?? '')],
    ['Gewicht', o.load.weightKg != null ? e(tonnesDe(o.load.weightKg)) : ''],
    ['Lademeter', o.load.loadingMeters != null ? e(loadingMetersDe(o.load.loadingMeters)) : ''],
    ['Frachtbetrag', e(moneyDe(o.price.amount, o.price.currency))],
    ['Ablieferbeleg', o.podUrl ? `<a href="${e(o.podUrl)}" target="_blank" rel="noopener">PDF öffnen</a>` : 'fehlt'],
    ['Rechnungs-Nr.', e(o.invoiceRef ?? '')],
  ];
  const shown = m.permute(fields);
  if (m.extraColumn) shown.splice(2, 0, ['Disponent', 'R. Kombi']);
  const message = notice.error ? `<p class="fehler" role="alert">${e(notice.error)}</p>` : notice.saved ? '<p class="hinweis" role="status">Rechnungs-Nr. gespeichert.</p>' : '';
  return doc(
    `Auftrag ${o.number}`,
    `<main id="${m.id('detail')}" class="${m.cls('detail')}"><h1>Auftrag ${e(o.number)}</h1>${message}
<dl class="${m.cls('felder')}">${shown.map(([k, val]) => `<dt>${e(k)}</dt><dd>${m.wrap(val)}</dd>`).join('\n')}</dl>
<section class="${m.cls('aktionen')}" id="${m.id('aktionen')}" aria-label="Aktionen"><h2>Aktionen</h2>
<form method="post" action="${e(formAction)}"><label for="${m.id('rechnungsnr')}">Rechnungs-Nr.</label>
<input id="${m.id('rechnungsnr')}" name="rechnungsnr" maxlength="40" title="${e(INVOICE_REF_RULE)}" value="${e(notice.entered ?? o.invoiceRef ?? '')}">
<button type="submit">Speichern</button></form></section></main>`,
    m,
  );
}

export function framePageError(m: Mutation, status: number, text: string): string {
  return doc('Fehler', `<main><h1>Fehler ${status}</h1><p class="fehler">${e(text)}</p></main>`, m);
}
