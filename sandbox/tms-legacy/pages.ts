/**
 * Altmann's server-rendered pages: no JavaScript at all, German labels and formats.
 * Every value from data goes through escapeHtml.
 */
import { escapeHtml as e } from '../kit/http';
import { deliveryStop, pickupStop } from '../tms/store';
import type { Stop } from '../tms/seed';
import { STATUS_DE, dateDe, loadingMetersDe, moneyDe, postcodeDe, tonnesDe } from '../tms-kit/format-de';
import { INVOICE_REF_RULE, type BookOrder } from '../tms-kit/orders';
import { listColumns, type Mutation } from './mutate';

export const PAGE_SIZE = 25;

const STYLE = `body{font:14px Verdana,sans-serif;margin:0;background:#eef}header{background:#235;color:#fff;padding:6px 12px}
header a{color:#fff}main{padding:12px}table{border-collapse:collapse;background:#fff}th,td{border:1px solid #99a;padding:3px 6px;text-align:left}
th{background:#dde}.meldung{background:#ffd;border:1px solid #cc8;padding:6px}.fehler{background:#fdd;border:1px solid #c66;padding:6px}`;

/** Keeps `?mutate=` on links so a mutated session stays mutated while clicking around. */
export function withMutate(href: string, m: Mutation): string {
  if (m.seed === null) return href;
  return `${href}${href.includes('?') ? '&' : '?'}mutate=${m.seed}`;
}

export function layout(title: string, body: string, m: Mutation, user: string | null = 'dispo'): string {
  return `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>${e(title)} - Altmann Spedition</title><style>${STYLE}</style></head>
<body><header id="${m.id('kopf')}" class="${m.cls('kopf')}"><b>Altmann Spedition · Auftragsverwaltung</b>${
    user ? ` · <a href="${withMutate('/auftraege', m)}">Aufträge</a> · angemeldet als ${e(user)} · <a href="/abmelden">Abmelden</a>` : ''
  }</header>
<main id="${m.id('inhalt')}" class="${m.cls('inhalt')}">${m.wrap(body)}</main></body></html>`;
}

export function loginPage(m: Mutation, next: string, failed: boolean): string {
  return layout(
    'Anmeldung',
    `<h1>Anmeldung</h1>${failed ? '<p class="fehler" role="alert">Benutzername oder Passwort falsch.</p>' : ''}
<form method="post" action="/anmelden"><input type="hidden" name="weiter" value="${e(next)}">
<table><tr><th><label for="benutzer">Benutzer</label></th><td><input id="benutzer" name="benutzer" autocomplete="username"></td></tr>
<tr><th><label for="passwort">Passwort</label></th><td><input id="passwort" name="passwort" type="password" autocomplete="current-password"></td></tr></table>
<p><button type="submit">Anmelden</button></p></form>`,
    m,
    null,
  );
}

const place = (s: Stop | undefined) => (s ? `${e(postcodeDe(s.countryCode, s.zip))} ${e(s.city)}` : '');

function cell(order: BookOrder, key: string, m: Mutation): string {
  const pickup = pickupStop(order);
  const delivery = deliveryStop(order);
  switch (key) {
    case 'auftrag':
      return `<a href="${withMutate(`/auftraege/${encodeURIComponent(order.id)}`, m)}">${e(order.number)}</a>`;
    case 'kunde':
      return e(order.customer.name);
    case 'abholung':
      return pickup ? `${e(dateDe(pickup.date))}<br>${place(pickup)}` : '';
    case 'zustellung':
      return delivery ? `${e(dateDe(delivery.date))}<br>${place(delivery)}` : '';
    case 'gewicht':
      return order.load.weightKg != null ? e(tonnesDe(order.load.weightKg)) : '';
    case 'lademeter':
      return order.load.loadingMeters != null ? e(loadingMetersDe(order.load.loadingMeters)) : '';
    case 'betrag':
      return e(moneyDe(order.price.amount, order.price.currency));
    case 'status':
      return e(STATUS_DE[order.status]);
    case 'rechnung':
      return e(order.invoiceRef ?? '');
    case 'fahrzeug':
      return e(`HB-AS ${100 + (order.number.length * 37 + Number(order.number.replace(/\D/g, '').slice(-3) || 0)) % 900}`);
    default:
      return '';
  }
}

export interface ListView {
  orders: BookOrder[];
  page: number;
  pages: number;
  total: number;
}

export function listPage(view: ListView, m: Mutation): string {
  const cols = listColumns(m);
  const head = cols.map((c) => `<th class="${m.cls(`sp-${c.key}`)}">${e(c.header)}</th>`).join('');
  const rows = view.orders
    .map(
      (o) =>
        `<tr class="${m.cls('zeile')} ${m.cls(`status-${o.status}`)}"><td><input type="checkbox" name="auswahl" value="${e(o.id)}" aria-label="Auftrag ${e(o.number)} auswählen"></td>${cols
          .map((c) => `<td class="${m.cls(`sp-${c.key}`)}">${m.wrap(cell(o, c.key, m))}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const link = (page: number, text: string, rel: string) =>
    `<a rel="${rel}" href="${withMutate(`/auftraege?seite=${page}`, m)}">${text}</a>`;
  const nav = `<p class="${m.cls('blaettern')}" id="${m.id('blaettern')}">${view.page > 1 ? link(view.page - 1, '« Zurück', 'prev') : '« Zurück'} · Seite ${
    view.page
  } von ${view.pages} (${view.total} Aufträge) · ${view.page < view.pages ? link(view.page + 1, 'Weiter »', 'next') : 'Weiter »'}</p>`;
  return layout(
    `Aufträge, Seite ${view.page}`,
    `<h1>Aufträge</h1>${nav}<form id="${m.id('auftragsliste')}" action="#" onsubmit="return false">
<table id="${m.id('auftraege')}" class="${m.cls('liste')}"><thead><tr><th><span title="Auswahl">✓</span></th>${head}</tr></thead>
<tbody>${rows}</tbody></table></form>${nav}`,
    m,
  );
}

interface DetailRow {
  label: string;
  value: string;
}

function stopText(s: Stop): string {
  return `${e(s.name)}<br>${e(s.street)}<br>${place(s)}<br>${e(dateDe(s.date))}`;
}

export function detailPage(order: BookOrder, m: Mutation, notice: { saved?: boolean; error?: string; entered?: string } = {}): string {
  const c = order.customer;
  const rows: DetailRow[] = [
    { label: 'Auftrag', value: e(order.number) },
    { label: 'Status', value: e(STATUS_DE[order.status]) },
    { label: 'Kunde', value: e(c.name) },
    { label: 'Kundennummer', value: e(c.customerNumber) },
    { label: 'USt-IdNr.', value: e(c.vatId ?? '') },
    { label: 'E-Mail', value: e(c.email ?? '') },
    {
      label: 'Rechnungsanschrift',
      value: `${e(c.billingAddress.street)}<br>${e(postcodeDe(c.billingAddress.countryCode, c.billingAddress.zip))} ${e(c.billingAddress.city)}`,
    },
    { label: 'Kundenreferenz', value: e(order.customerReference ?? '') },
    ...order.stops.map((s) => ({ label: s.type === 'pickup' ? 'Abholung' : 'Zustellung', value: stopText(s) })),
    { label: 'Ware', value: e(order.load.goods ?? '') },
    { label: 'Gewicht', value: order.load.weightKg != null ? e(tonnesDe(order.load.weightKg)) : '' },
    { label: 'Lademeter', value: order.load.loadingMeters != null ? e(loadingMetersDe(order.load.loadingMeters)) : '' },
    { label: 'Paletten', value: order.load.pallets != null ? e(String(order.load.pallets)) : '' },
    { label: 'Betrag', value: e(moneyDe(order.price.amount, order.price.currency)) },
    { label: 'Ablieferbeleg', value: order.podUrl ? `<a href="${e(order.podUrl)}">Ablieferbeleg (PDF)</a>` : 'liegt nicht vor' },
    { label: 'Rechnungs-Nr.', value: e(order.invoiceRef ?? '') },
  ];
  // Stops keep their order among themselves; the mutation moves the other rows around.
  const shown = m.seed === null ? rows : m.permute(rows);
  if (m.extraColumn) shown.splice(1, 0, { label: 'Sachbearbeiter', value: 'K. Altmann' });
  const table = shown.map((r) => `<tr><th scope="row">${e(r.label)}</th><td>${m.wrap(r.value)}</td></tr>`).join('\n');
  const message = notice.error
    ? `<p class="fehler" role="alert">${e(notice.error)}</p>`
    : notice.saved
      ? `<p class="meldung" role="status">Rechnungs-Nr. gespeichert.</p>`
      : '';
  const action = withMutate(`/auftraege/${encodeURIComponent(order.id)}/rechnung`, m);
  return layout(
    `Auftrag ${order.number}`,
    `<h1>Auftrag ${e(order.number)}</h1>${message}
<table id="${m.id('auftragsdaten')}" class="${m.cls('daten')}">${table}</table>
<h2>Rechnung</h2><form method="post" action="${e(action)}" id="${m.id('rechnungsformular')}" class="${m.cls('formular')}">
<p><label for="${m.id('rechnungsnr')}">Rechnungs-Nr.</label> <input id="${m.id('rechnungsnr')}" name="rechnungsnr" maxlength="40" value="${e(
      notice.entered ?? order.invoiceRef ?? '',
    )}" title="${e(INVOICE_REF_RULE)}"> <button type="submit">Speichern</button></p></form>
<p><a href="${withMutate('/auftraege', m)}">Zurück zur Liste</a></p>`,
    m,
  );
}

export function errorPage(m: Mutation, title: string, text: string): string {
  return layout(title, `<h1>${e(title)}</h1><p class="fehler">${e(text)}</p><p><a href="/auftraege">Zur Auftragsliste</a></p>`, m);
}
