/**
 * One order: header with status and an Actions menu, tabs for the overview and the event log.
 * Actions write through the API and re-render the whole page from the answer, as SPAs do.
 */
import { getOrder, setOrderStatus } from './api.js';
import { h, replaceContent, safeHref } from './dom.js';
import {
  countryName,
  formatDate,
  formatDateTime,
  formatLoadingMeters,
  formatMoney,
  formatPallets,
  formatWeight,
} from './format.js';
import { lastListUrl } from './list-page.js';
import { menuButton } from './menu.js';
import { statusBadge } from './order-bits.js';
import { tabView } from './tabs.js';
import { renderOrderNotFound } from './views.js';

const OPEN_STATUSES = ['open', 'planned', 'in_transit'];
const EVENT_TYPE_LABELS = { note: 'Note', invoice: 'Invoice', status: 'Status', pod: 'Proof of delivery' };

const present = (value) => value !== undefined && value !== null && value !== '';

/** A <dl> of label/value rows; rows without a value are left out rather than shown empty. */
function fieldList(rows, className = 'fields') {
  return h(
    'dl',
    { class: className },
    rows.filter(([, value]) => present(value)).map(([label, value]) => h('div', { class: 'field-row' }, h('dt', {}, label), h('dd', {}, value))),
  );
}

/** `<section id="section-customer">` titled by its `<h2 id="section-customer-title">`. */
function card(id, title, ...content) {
  return h('section', { class: 'card', id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...content);
}

function addressLines(address, prefix) {
  return h(
    'address',
    { class: `${prefix}-address` },
    h('span', { class: `${prefix}-street` }, address.street),
    h('span', { class: `${prefix}-city` }, `${address.zip} ${address.city}`),
    h('span', { class: `${prefix}-country` }, countryName(address.countryCode)),
  );
}

function customerCard(order) {
  const c = order.customer;
  const email = present(c.email) ? h('a', { href: `mailto:${c.email}` }, c.email) : null;
  return card(
    'section-customer',
    'Customer',
    fieldList([
      ['Name', c.name],
      ['Customer number', c.customerNumber],
      ['VAT ID', c.vatId],
      ['E-mail', email],
      ['Billing address', addressLines(c.billingAddress, 'billing')],
      ['Customer reference', order.customerReference],
    ]),
  );
}

function stopsCard(order) {
  return card(
    'section-stops',
    'Stops',
    h(
      'ol',
      { class: 'stops' },
      order.stops.map((stop) =>
        h(
          'li',
          { class: `stop stop-${stop.type}` },
          h(
            'div',
            { class: 'stop-head' },
            h('span', { class: 'stop-type' }, stop.type === 'pickup' ? 'Pickup' : 'Delivery'),
            h('time', { class: 'stop-date', datetime: stop.date }, formatDate(stop.date)),
          ),
          h('p', { class: 'stop-name' }, stop.name),
          addressLines(stop, 'stop'),
        ),
      ),
    ),
  );
}

function loadCard(order) {
  const load = order.load ?? {};
  const list = fieldList(
    [
      ['Goods', load.goods],
      ['Weight', typeof load.weightKg === 'string' ? load.weightKg : present(load.weightKg) ? formatWeight(load.weightKg) : null],
      ['Loading metres', present(load.loadingMeters) ? formatLoadingMeters(load.loadingMeters) : null],
      ['Pallets', present(load.pallets) ? formatPallets(load.pallets) : null],
    ],
    'fields load-fields',
  );
  return card('section-load', 'Load', list.childElementCount > 0 ? list : h('p', { class: 'muted' }, 'No load details'));
}

function priceCard(order) {
  return card(
    'section-price',
    'Price',
    h('p', { class: 'price-amount' }, order.priceText ?? formatMoney(order.price)),
    h('p', { class: 'muted' }, 'Agreed freight, net'),
  );
}

function documentsCard(order) {
  const href = safeHref(order.podUrl);
  // Freight papers a dispatcher records on the order (CMR, truck, Frankatur, customs MRN).
  const references = fieldList(
    [
      ['CMR number', order.cmrNumber],
      ['Vehicle', order.vehicle],
      ['Freight terms', order.freightTerms],
      ['Export reference (MRN)', order.exportReference],
    ],
    'fields freight-fields',
  );
  return card(
    'section-documents',
    'Documents',
    href
      ? h('p', {}, h('a', { class: 'document-link', href, target: '_blank', rel: 'noopener' }, 'Proof of delivery (PDF)'))
      : h('p', { class: 'muted' }, 'No proof of delivery yet'),
    ...(references.childElementCount > 0 ? [references] : []),
  );
}

function eventList(order) {
  // Newest first; events with the same time keep their recorded order, latest on top.
  const events = order.events.map((event, index) => ({ event, index }));
  events.sort((a, b) => Date.parse(b.event.at) - Date.parse(a.event.at) || b.index - a.index);
  if (events.length === 0) return h('p', { class: 'muted' }, 'No events yet');
  return h(
    'ol',
    { class: 'events' },
    events.map(({ event }) => {
      const href = event.link ? safeHref(event.link.url) : null;
      return h(
        'li',
        { class: `event event-${event.type}` },
        h(
          'div',
          { class: 'event-head' },
          h('time', { class: 'event-time', datetime: event.at }, formatDateTime(event.at)),
          h('span', { class: 'event-type' }, EVENT_TYPE_LABELS[event.type] ?? event.type),
        ),
        h('p', { class: 'event-text' }, event.text),
        href ? h('a', { class: 'event-link', href, target: '_blank', rel: 'noopener' }, event.link.label) : null,
      );
    }),
  );
}

/** Asks before cancelling; resolves true when the user confirms. */
function confirmCancel(order) {
  const dialog = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': 'cancel-title', 'aria-describedby': 'cancel-text' },
    h(
      'form',
      { method: 'dialog' },
      h('h2', { id: 'cancel-title' }, `Cancel order ${order.number}?`),
      h('p', { id: 'cancel-text' }, 'The transport is called off and the order can no longer be planned or billed.'),
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { class: 'btn', value: 'keep', autofocus: true }, 'Keep order'),
        h('button', { class: 'btn btn-danger', value: 'cancel' }, 'Yes, cancel order'),
      ),
    ),
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'cancel');
    });
    dialog.showModal();
  });
}

export async function renderDetailPage(root, id, ctx) {
  document.title = 'Order · DemoTMS';
  replaceContent(root, h('p', { class: 'loading', role: 'status' }, 'Loading order…'));
  let order;
  try {
    order = await getOrder(id, ctx.signal);
  } catch (error) {
    if (error?.status === 404) return renderOrderNotFound(root, id);
    throw error;
  }
  if (ctx.signal.aborted) return undefined;

  let selectedTab = 'overview';
  let flash = null;

  async function changeStatus(status, done) {
    try {
      order = await setOrderStatus(order.id, status);
      flash = { kind: 'success', text: done };
    } catch (error) {
      if (error?.sessionExpired) return ctx.fail(error);
      flash = { kind: 'error', text: `The order could not be updated. ${error?.message ?? ''}` };
    }
    if (!ctx.signal.aborted) draw().querySelector('.menu-button')?.focus();
  }

  function actions() {
    const items = [];
    if (OPEN_STATUSES.includes(order.status)) {
      items.push({ label: 'Mark as delivered', onSelect: () => changeStatus('delivered', 'Order marked as delivered.') });
    }
    if (OPEN_STATUSES.includes(order.status) || order.status === 'delivered') {
      items.push({
        label: 'Cancel order',
        danger: true,
        onSelect: async () => {
          if (await confirmCancel(order)) await changeStatus('cancelled', 'Order cancelled.');
          else root.querySelector('.menu-button')?.focus();
        },
      });
    }
    items.push({ label: 'Print', onSelect: () => window.print() });
    return menuButton('Actions', items);
  }

  function draw() {
    document.title = `Order ${order.number} · DemoTMS`;
    const heading = h('h1', { tabindex: '-1' }, `Order ${order.number}`);
    const message = flash
      ? h('div', { class: `alert alert-${flash.kind}`, role: flash.kind === 'error' ? 'alert' : 'status' }, flash.text)
      : null;
    flash = null;
    replaceContent(
      root,
      h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('ol', {}, h('li', {}, h('a', { href: lastListUrl() }, 'Orders')), h('li', { 'aria-current': 'page' }, order.number))),
      h(
        'div',
        { class: 'page-header' },
        h('div', { class: 'title-group' }, heading, statusBadge(order.status)),
        h('div', { class: 'page-actions' }, actions()),
      ),
      message,
      tabView(
        'Order details',
        [
          {
            id: 'overview',
            label: 'Overview',
            content: h(
              'div',
              { class: 'overview-grid' },
              h('div', { class: 'overview-main' }, customerCard(order), stopsCard(order)),
              h('div', { class: 'overview-side' }, loadCard(order), priceCard(order), documentsCard(order)),
            ),
          },
          { id: 'events', label: `Events (${order.events.length})`, content: eventList(order) },
        ],
        selectedTab,
        (tab) => (selectedTab = tab),
      ),
    );
    return root;
  }

  draw();
  return root.querySelector('h1');
}
