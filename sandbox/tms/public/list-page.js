/**
 * The order list: filters, a table with row checkboxes, pagination. Filter and page live in
 * the URL. Every load builds a fresh <tbody>, so selections do not survive a filter or page
 * change (no selection memory, like many SPAs).
 */
import { getCustomers, listOrders } from './api.js';
import { h, replaceContent } from './dom.js';
import { STATUS_LABELS, formatDate, formatMoney, pluralize } from './format.js';
import { deliveryStop, orderHref, pickupStop, routeText, statusBadge } from './order-bits.js';

/** Like many TMS: small pages by default, big ones for dispatchers who bill in bulk. */
export const PAGE_SIZES = [25, 50, 100, 250, 500, 1000];
const SEARCH_DELAY_MS = 300;

let lastQuery = '';
/** The list URL the user last saw, so "back to orders" keeps their filters. */
export const lastListUrl = () => `/orders${lastQuery}`;

function readState(search) {
  const params = new URLSearchParams(search);
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  const status = params.get('status') ?? '';
  return {
    customer: params.get('customer') ?? '',
    status: Object.hasOwn(STATUS_LABELS, status) ? status : '',
    q: params.get('q') ?? '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: PAGE_SIZES.includes(size) ? size : PAGE_SIZES[0],
  };
}

function toQuery(state) {
  const params = new URLSearchParams();
  if (state.customer) params.set('customer', state.customer);
  if (state.status) params.set('status', state.status);
  if (state.q) params.set('q', state.q);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.size !== PAGE_SIZES[0]) params.set('size', String(state.size));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function field(id, label, control) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

function orderRow(order) {
  const pickup = pickupStop(order);
  const delivery = deliveryStop(order);
  return h(
    'tr',
    {},
    h('td', { class: 'col-select' }, h('input', { type: 'checkbox', 'aria-label': `Select order ${order.number}` })),
    h('td', { class: 'col-order' }, h('a', { href: orderHref(order) }, order.number)),
    h('td', { class: 'col-customer' }, order.customer?.name ?? order.customerId),
    h('td', { class: 'col-route' }, routeText(order)),
    h('td', { class: 'col-date col-pickup' }, pickup ? formatDate(pickup.date) : ''),
    h('td', { class: 'col-date col-delivery' }, delivery ? formatDate(delivery.date) : ''),
    h('td', { class: 'col-price' }, formatMoney(order.price)),
    h('td', { class: 'col-status' }, statusBadge(order.status)),
  );
}

export async function renderListPage(root, ctx) {
  const state = readState(location.search);
  lastQuery = toQuery(state);
  document.title = 'Orders · DemoTMS';

  const heading = h('h1', { tabindex: '-1' }, 'Orders');
  const customerSelect = h('select', { id: 'filter-customer', name: 'customer' }, h('option', { value: '' }, 'All customers'));
  const statusSelect = h(
    'select',
    { id: 'filter-status', name: 'status' },
    h('option', { value: '' }, 'All statuses'),
    Object.entries(STATUS_LABELS).map(([value, label]) => h('option', { value }, label)),
  );
  const sizeSelect = h('select', { id: 'page-size', name: 'size' }, PAGE_SIZES.map((n) => h('option', { value: n }, String(n))));
  const searchInput = h('input', { type: 'search', id: 'filter-search', name: 'q', placeholder: 'Number, reference, city…', autocomplete: 'off' });
  const count = h('p', { class: 'result-count', 'aria-live': 'polite' });
  const selectAll = h('input', { type: 'checkbox', 'aria-label': 'Select all orders on this page' });
  let tbody = h('tbody');
  const columns = ['Order', 'Customer', 'Route', 'Pickup', 'Delivery', 'Price', 'Status'];
  const table = h(
    'table',
    { class: 'orders-table' },
    h('caption', { class: 'visually-hidden' }, 'Orders'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'col-select' }, selectAll),
        columns.map((name) => h('th', { scope: 'col', class: `col-${name.toLowerCase()}` }, name)),
      ),
    ),
    tbody,
  );
  const tableStatus = h('p', { class: 'table-status', role: 'status' });
  const previous = h('button', { type: 'button', class: 'btn' }, 'Previous');
  const next = h('button', { type: 'button', class: 'btn' }, 'Next');
  const pageInfo = h('span', { class: 'page-info' });
  const pager = h('nav', { class: 'pagination', 'aria-label': 'Pagination' }, previous, pageInfo, next);

  statusSelect.value = state.status;
  sizeSelect.value = String(state.size);
  searchInput.value = state.q;

  replaceContent(
    root,
    h('div', { class: 'page-header' }, h('div', { class: 'title-group' }, heading)),
    h(
      'div',
      { class: 'toolbar' },
      field('filter-search', 'Search', searchInput),
      field('filter-customer', 'Customer', customerSelect),
      field('filter-status', 'Status', statusSelect),
      field('page-size', 'Rows per page', sizeSelect),
      count,
    ),
    h('div', { class: 'table-card' }, h('div', { class: 'table-scroll' }, table), tableStatus),
    pager,
  );

  let loading = null;
  let totalPages = 1;

  function syncSelectAll() {
    const boxes = [...tbody.querySelectorAll('input[type="checkbox"]')];
    const checked = boxes.filter((b) => b.checked).length;
    selectAll.checked = boxes.length > 0 && checked === boxes.length;
    selectAll.indeterminate = checked > 0 && checked < boxes.length;
    for (const box of boxes) box.closest('tr')?.classList.toggle('is-selected', box.checked);
  }

  async function load() {
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    const freshBody = h('tbody');
    table.replaceChild(freshBody, tbody);
    tbody = freshBody;
    selectAll.checked = false;
    selectAll.indeterminate = false;
    selectAll.disabled = true;
    table.setAttribute('aria-busy', 'true');
    tableStatus.textContent = 'Loading orders…';
    tableStatus.classList.add('is-loading');
    tableStatus.hidden = false;

    const result = await listOrders(
      { customerId: state.customer, status: state.status, q: state.q, page: state.page, pageSize: state.size },
      controller.signal,
    );
    if (controller !== loading || ctx.signal.aborted) return;

    totalPages = Math.max(1, Math.ceil(result.total / state.size));
    if (state.page > totalPages) {
      // A bookmarked page that no longer exists: show the last one instead of an empty table.
      state.page = totalPages;
      lastQuery = toQuery(state);
      history.replaceState(null, '', lastListUrl());
      return load();
    }
    const filled = h('tbody', {}, result.items.map(orderRow));
    table.replaceChild(filled, tbody);
    tbody = filled;
    table.removeAttribute('aria-busy');
    tableStatus.classList.remove('is-loading');
    selectAll.disabled = result.items.length === 0;
    count.textContent = pluralize(result.total, 'order', 'orders');
    tableStatus.textContent = result.total === 0 ? 'No orders match these filters.' : '';
    tableStatus.hidden = result.total !== 0;
    pageInfo.textContent = `Page ${state.page} of ${totalPages}`;
    previous.disabled = state.page <= 1;
    next.disabled = state.page >= totalPages;
  }

  /** Filters replace the history entry; paging pushes one, so Back returns to the previous page. */
  function update(changes, { push = false } = {}) {
    Object.assign(state, changes);
    lastQuery = toQuery(state);
    if (push) history.pushState(null, '', lastListUrl());
    else history.replaceState(null, '', lastListUrl());
    load().catch(ctx.fail);
  }

  customerSelect.addEventListener('change', () => update({ customer: customerSelect.value, page: 1 }));
  statusSelect.addEventListener('change', () => update({ status: statusSelect.value, page: 1 }));
  sizeSelect.addEventListener('change', () => update({ size: Number(sizeSelect.value), page: 1 }));
  let searchTimer;
  searchInput.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => update({ q: searchInput.value.trim(), page: 1 }), SEARCH_DELAY_MS);
  });
  previous.addEventListener('click', () => state.page > 1 && update({ page: state.page - 1 }, { push: true }));
  next.addEventListener('click', () => state.page < totalPages && update({ page: state.page + 1 }, { push: true }));

  selectAll.addEventListener('change', () => {
    for (const box of tbody.querySelectorAll('input[type="checkbox"]')) box.checked = selectAll.checked;
    syncSelectAll();
  });
  table.addEventListener('change', (event) => {
    if (event.target !== selectAll && tbody.contains(event.target)) syncSelectAll();
  });
  ctx.signal.addEventListener('abort', () => {
    loading?.abort();
    clearTimeout(searchTimer);
  });

  const customersLoaded = getCustomers().then(({ items }) => {
    if (ctx.signal.aborted) return;
    for (const customer of items) customerSelect.append(h('option', { value: customer.id }, customer.name));
    customerSelect.value = items.some((c) => c.id === state.customer) ? state.customer : '';
  });
  await Promise.all([load(), customersLoaded]);
  return heading;
}
