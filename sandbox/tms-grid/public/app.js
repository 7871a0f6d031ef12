// CargoGrid: a deliberately "modern" TMS front end for the sandbox. The access token lives in
// this module's memory only (never in a cookie or storage); row elements are recycled on scroll.
import { assignSlots, poolSize, visibleRange } from '/static/virtual-window.js';

const boot = JSON.parse(document.getElementById('cg-boot').textContent);
const { cls, ids, geometry } = boot;
const COLUMN_KEY = 'cargogrid.columns.v1';
const csrfToken = document.querySelector('meta[name="csrf-token"]').content;

let accessToken = null;
let orders = [];
const selected = new Set();
let anchor = null;
let columns = loadColumns();
let drawerOrderId = null;

const money = (o) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: o.freight.currency }).format(o.freight.amountCents / 100);
const day = (iso) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' });
const firstLeg = (o, kind) => o.route.legs.find((l) => l.kind === kind);
const lastLeg = (o, kind) => o.route.legs.findLast((l) => l.kind === kind);
const STATE_TEXT = { NEW: 'New', PLANNED: 'Planned', ON_ROAD: 'On the road', DELIVERED: 'Delivered', INVOICED: 'Invoiced', SETTLED: 'Settled', CANCELLED: 'Cancelled' };

const CELL = {
  ref: (o) => o.ref,
  client: (o) => o.client.name,
  from: (o) => { const l = firstLeg(o, 'PICKUP'); return l ? `${l.site.town} (${l.site.country})` : ''; },
  to: (o) => { const l = lastLeg(o, 'DROP'); return l ? `${l.site.town} (${l.site.country})` : ''; },
  pickup: (o) => { const l = firstLeg(o, 'PICKUP'); return l ? day(l.date) : ''; },
  delivery: (o) => { const l = lastLeg(o, 'DROP'); return l ? day(l.date) : ''; },
  weight: (o) => (o.cargo.weightKg == null ? '' : `${o.cargo.weightKg.toLocaleString('en-GB')} kg`),
  amount: money,
  state: (o) => STATE_TEXT[o.state] ?? o.state,
  invoiceReference: (o) => o.invoiceReference ?? '',
  pallets: (o) => (o.cargo.pallets == null ? '' : String(o.cargo.pallets)),
};

function loadColumns() {
  const known = boot.columns.map((c) => c.key);
  try {
    const saved = JSON.parse(localStorage.getItem(COLUMN_KEY) ?? 'null');
    // Only a permutation of today's columns counts; anything else falls back to the default.
    if (Array.isArray(saved) && saved.length === known.length && known.every((k) => saved.includes(k))) {
      return saved.map((k) => boot.columns.find((c) => c.key === k));
    }
  } catch { /* a damaged entry means the default order */ }
  return [...boot.columns];
}

function saveColumns() {
  localStorage.setItem(COLUMN_KEY, JSON.stringify(columns.map((c) => c.key)));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

/** Wraps cell text in meaningless elements when the mutation asks for it. */
function wrapped(text) {
  let node = document.createTextNode(text);
  for (let i = 0; i < boot.wrapDepth; i++) node = el('div', {}, node);
  return node;
}

async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { Authorization: `Bearer ${accessToken}`, ...(init.headers ?? {}) } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}

/** With `?token=session` the app keeps its token in sessionStorage under this key, as JSON. */
const TOKEN_KEY = 'cargogrid.auth';

async function signIn() {
  if (boot.tokenStore === 'session') {
    const saved = JSON.parse(sessionStorage.getItem(TOKEN_KEY) ?? 'null');
    if (typeof saved?.accessToken === 'string') {
      accessToken = saved.accessToken;
      return;
    }
  }
  const res = await fetch('/api/auth/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(boot.login),
  });
  if (!res.ok) throw new Error('Sign-in failed');
  accessToken = (await res.json()).accessToken;
  if (boot.tokenStore === 'session') sessionStorage.setItem(TOKEN_KEY, JSON.stringify({ accessToken, user: { name: 'Dispatch' } }));
}

/** A kept token the server no longer knows: signed in afresh, once. */
async function withSession(work) {
  try {
    return await work();
  } catch (error) {
    if (boot.tokenStore !== 'session' || !/expired|Missing/.test(String(error?.message))) throw error;
    sessionStorage.removeItem(TOKEN_KEY);
    await signIn();
    return work();
  }
}

async function loadOrders() {
  const all = [];
  for (let offset = 0; ; offset += 250) {
    const page = await api(`/api/orders?offset=${offset}&limit=250`);
    all.push(...page.data);
    if (all.length >= page.meta.total || page.data.length === 0) break;
  }
  orders = all;
}

// ---------------------------------------------------------------------------------------------
// Layout

const root = document.getElementById(ids.root);
const countText = el('span', { class: cls.count }, 'Loading orders…');
const selectionText = el('span', { class: cls.count, 'aria-live': 'polite' }, '');
const columnsButton = el('button', { type: 'button', class: cls.button, 'aria-haspopup': 'true', 'aria-expanded': 'false', onclick: toggleMenu }, 'Columns');
const detailsButton = el('button', { type: 'button', class: cls.button, onclick: () => anchor !== null && openDrawer(orders[anchor].id) }, 'Details');
const toolbar = el('div', { class: cls.toolbar, role: 'toolbar', 'aria-label': 'Orders' }, el('h1', { class: cls.title }, 'CargoGrid'), countText, selectionText, detailsButton, columnsButton);
const head = el('div', { class: cls.head, role: 'row', 'aria-rowindex': '1' });
const spacer = el('div', { class: cls.spacer, role: 'rowgroup' });
const viewport = el('div', { class: cls.viewport, onscroll: () => requestAnimationFrame(renderRows) }, spacer);
const grid = el('div', { id: ids.grid, class: cls.grid, role: 'grid', 'aria-label': 'Orders', 'aria-multiselectable': 'true' }, head, viewport);
root.append(toolbar, grid);

const pool = poolSize(geometry.viewportHeight, geometry.rowHeight, geometry.overscan);
const rowEls = Array.from({ length: pool }, () => {
  const row = el('div', { class: cls.row, role: 'row', tabindex: '-1', 'aria-selected': 'false', hidden: '' });
  row.addEventListener('click', (event) => onRowClick(row, event));
  row.addEventListener('dblclick', () => openDrawer(orders[Number(row.dataset.index)].id));
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') openDrawer(orders[Number(row.dataset.index)].id);
    if (event.key === ' ') { event.preventDefault(); onRowClick(row, { ctrlKey: true }); }
  });
  spacer.append(row);
  return row;
});

function renderHead() {
  head.replaceChildren(
    ...columns.map((c) =>
      el('div', {
        class: cls.headCell, role: 'columnheader', draggable: 'true', 'data-column': c.key,
        ondragstart: (e) => e.dataTransfer.setData('text/plain', c.key),
        ondragover: (e) => { e.preventDefault(); e.currentTarget.classList.add(cls.dragOver); },
        ondragleave: (e) => e.currentTarget.classList.remove(cls.dragOver),
        ondrop: (e) => { e.preventDefault(); e.currentTarget.classList.remove(cls.dragOver); moveColumnTo(e.dataTransfer.getData('text/plain'), c.key); },
      }, c.title),
    ),
  );
}

/** What each row element currently shows, so unchanged rows keep their cells. */
const shownData = new WeakMap();

/** Renders the rows under the viewport into the recycled row elements. */
function renderRows() {
  spacer.style.height = `${orders.length * geometry.rowHeight}px`;
  const range = visibleRange(viewport.scrollTop, geometry.viewportHeight, geometry.rowHeight, orders.length, geometry.overscan);
  assignSlots(pool, range).forEach((index, slot) => {
    const row = rowEls[slot];
    if (index === null) { row.hidden = true; return; }
    const order = orders[index];
    row.hidden = false;
    row.style.top = `${index * geometry.rowHeight}px`;
    row.dataset.index = String(index);
    row.setAttribute('aria-rowindex', String(index + 2));
    const isSelected = selected.has(order.id);
    row.setAttribute('aria-selected', String(isSelected));
    row.classList.toggle(cls.selected, isSelected);
    // Cells are rebuilt only when the row shows other data: a selection change must not
    // replace the element under the pointer (a double-click would lose its target).
    const signature = `${order.id}|${columns.map((c) => c.key).join(',')}|${order.invoiceReference ?? ''}|${order.state}`;
    if (shownData.get(row) !== signature) {
      shownData.set(row, signature);
      row.replaceChildren(...columns.map((c) => el('div', { class: cls.cell, role: 'gridcell' }, wrapped(CELL[c.key](order)))));
    }
  });
  selectionText.textContent = selected.size ? `${selected.size} selected` : '';
}

function onRowClick(row, event) {
  const index = Number(row.dataset.index);
  const id = orders[index].id;
  if (event.shiftKey && anchor !== null) {
    if (!(event.ctrlKey || event.metaKey)) selected.clear();
    const [a, b] = anchor < index ? [anchor, index] : [index, anchor];
    for (let i = a; i <= b; i++) selected.add(orders[i].id);
  } else if (event.ctrlKey || event.metaKey) {
    if (selected.has(id)) selected.delete(id); else selected.add(id);
    anchor = index;
  } else {
    selected.clear();
    selected.add(id);
    anchor = index;
  }
  renderRows();
  row.focus?.();
}

// ---------------------------------------------------------------------------------------------
// Columns: drag a header, or use the Columns menu; the order is kept in localStorage.

function moveColumnTo(key, beforeKey) {
  const from = columns.findIndex((c) => c.key === key);
  const to = columns.findIndex((c) => c.key === beforeKey);
  if (from < 0 || to < 0 || from === to) return;
  const [col] = columns.splice(from, 1);
  columns.splice(to, 0, col);
  columnsChanged();
}

function moveColumn(key, delta) {
  const from = columns.findIndex((c) => c.key === key);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= columns.length) return;
  [columns[from], columns[to]] = [columns[to], columns[from]];
  columnsChanged();
}

function columnsChanged() {
  saveColumns();
  renderHead();
  renderRows();
  if (menu) renderMenu();
}

let menu = null;
function renderMenu() {
  menu.replaceChildren(
    ...columns.map((c, i) =>
      el('div', { class: cls.menuItem }, el('span', {}, c.title),
        el('span', {},
          el('button', { type: 'button', class: cls.button, 'aria-label': `Move ${c.title} left`, ...(i === 0 ? { disabled: '' } : {}), onclick: () => moveColumn(c.key, -1) }, '←'),
          el('button', { type: 'button', class: cls.button, 'aria-label': `Move ${c.title} right`, ...(i === columns.length - 1 ? { disabled: '' } : {}), onclick: () => moveColumn(c.key, 1) }, '→'))),
    ),
    el('button', { type: 'button', class: cls.button, onclick: () => { columns = [...boot.columns]; columnsChanged(); } }, 'Reset columns'),
  );
}

function toggleMenu() {
  if (menu) { menu.remove(); menu = null; columnsButton.setAttribute('aria-expanded', 'false'); return; }
  menu = el('div', { id: ids.columnMenu, class: cls.menu, role: 'group', 'aria-label': 'Columns' });
  renderMenu();
  root.append(menu);
  columnsButton.setAttribute('aria-expanded', 'true');
}

// ---------------------------------------------------------------------------------------------
// Drawer: details without a URL change; the invoice reference is saved with PATCH + CSRF header.

let drawer = null;
function closeDrawer() {
  drawer?.remove();
  drawer = null;
  drawerOrderId = null;
}

async function openDrawer(id) {
  closeDrawer();
  drawerOrderId = id;
  const { data: o } = await api(`/api/orders/${encodeURIComponent(id)}`);
  if (drawerOrderId !== id) return;
  const field = (label, value) => [el('dt', { class: cls.field }, label), el('dd', { class: cls.field }, wrapped(value ?? ''))];
  const legs = o.route.legs.flatMap((l) => field(l.kind === 'PICKUP' ? 'Pickup' : 'Delivery', `${l.site.name}, ${l.site.street}, ${l.site.postcode} ${l.site.town} (${l.site.country}) · ${day(l.date)}`));
  const input = el('input', { id: 'cg-invoice-ref', value: o.invoiceReference ?? '', maxlength: '40' });
  const message = el('p', { role: 'status' });
  const save = async (event) => {
    event.preventDefault();
    try {
      const value = input.value.trim();
      const { data } = await api(`/api/orders/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
        body: JSON.stringify({ invoiceReference: value === '' ? null : value }),
      });
      orders[orders.findIndex((x) => x.id === id)] = data;
      message.className = cls.message;
      message.textContent = 'Invoice reference saved.';
      renderRows();
    } catch (error) {
      message.textContent = `Not saved: ${error.message}`;
    }
  };
  drawer = el('aside', { id: ids.drawer, class: cls.drawer, role: 'dialog', 'aria-labelledby': 'cg-drawer-title' },
    el('div', { class: cls.drawerHead }, el('h2', { id: 'cg-drawer-title' }, `Order ${o.ref}`), el('button', { type: 'button', class: cls.button, onclick: closeDrawer }, 'Close')),
    el('dl', { class: cls.fields },
      ...field('Order', o.ref), ...field('Status', STATE_TEXT[o.state] ?? o.state), ...field('Client', o.client.name),
      ...field('Account no.', o.client.accountNo), ...field('VAT ID', o.client.vatId),
      ...field('Billing address', `${o.client.address.street}, ${o.client.address.postcode} ${o.client.address.town} (${o.client.address.country})`),
      ...field('Customer ref.', o.customerRef), ...legs, ...field('Goods', o.cargo.description),
      ...field('Weight', o.cargo.weightKg == null ? '' : `${o.cargo.weightKg.toLocaleString('en-GB')} kg`),
      ...field('Loading metres', o.cargo.ldm == null ? '' : String(o.cargo.ldm)), ...field('Pallets', o.cargo.pallets == null ? '' : String(o.cargo.pallets)),
      ...field('Freight', money(o)), ...field('Invoice ref.', o.invoiceReference)),
    ...o.documents.map((d) => el('p', {}, el('a', { href: d.url, target: '_blank', rel: 'noopener' }, 'Proof of delivery (PDF)'))),
    el('form', { onsubmit: save }, el('label', { for: 'cg-invoice-ref' }, 'Invoice reference'), ' ', input, ' ', el('button', { type: 'submit', class: cls.button }, 'Save')),
    message,
  );
  document.body.append(drawer);
}

document.addEventListener('keydown', (event) => { if (event.key === 'Escape') closeDrawer(); });

renderHead();
signIn()
  .then(() => withSession(loadOrders))
  .then(() => {
    countText.textContent = `${orders.length.toLocaleString('en-GB')} orders`;
    renderRows();
  })
  .catch((error) => { countText.textContent = `Could not load orders: ${error.message}`; });
