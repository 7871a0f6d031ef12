/**
 * A billing run steered by the user (#15): paused, resumed and cancelled while the Lexware
 * emulator answers slowly (its latencyMs knob), so an invoice is in flight at each click.
 * Also the invoicing proposal on the list page, selecting across the TMS's pages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { test, expect, origins, launchProfile, waitForTmsScript, type Sandbox } from './fixtures';
import { connect, LEXWARE_KEY, OrdersPage, previewFromDetail } from './users';
import { customLine, validInvoice } from '../../sandbox/lexware/test-support';

/** Each Lexware request takes this long: an invoice is in flight for a while. */
const LATENCY_MS = 1200;

type StoredOrder = { id: string; number: string; status: string; price: { amount: string }; events: { type: string }[] };

const invoicePosts = async (sandbox: Sandbox) => (await sandbox.requests('lexware')).filter((r) => r.method === 'POST' && r.path === '/v1/invoices').length;
const storedInvoices = async (sandbox: Sandbox) => (await sandbox.get<{ id: string }[]>('lexware', '/__sandbox/invoices')).length;
const storedOrders = (sandbox: Sandbox) => sandbox.get<StoredOrder[]>('tms', '/__sandbox/orders');

const badge = (worker: Worker) => worker.evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText: (d: object) => Promise<string> } } }).chrome.action.getBadgeText({}));

/** Four orders of Spedition Nordlicht (set to one invoice per order) and one of Bayern Logistik AG: five invoices. */
const NORDLICHT = ['A-2026-0412', 'A-2026-0413', 'A-2026-0418', 'A-2026-0420'];
const BAYERN = 'A-2026-0436';
const RUN_ORDERS = [...NORDLICHT, BAYERN];

/** Every request the emulator took is answered: what was sent is stored, nothing is half way. */
async function settledInvoices(sandbox: Sandbox): Promise<number> {
  let sent = 0;
  await expect
    .poll(async () => {
      sent = await invoicePosts(sandbox);
      return sent > 0 && (await storedInvoices(sandbox)) === sent;
    }, { timeout: 20_000 })
    .toBe(true);
  return sent;
}

async function reviewFiveInvoices(page: Page) {
  const orders = await OrdersPage.open(page, '?status=delivered&size=100');
  for (const number of RUN_ORDERS) await orders.select(number);
  await expect(orders.bar).toContainText('5 orders selected');
  await orders.bar.getByRole('button', { name: 'Create invoice' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invoice preview' });
  await expect(dialog).toContainText('2 need attention');
  for (let i = 0; i < 2; i++) {
    await dialog.getByRole('button', { name: /^Link / }).first().click();
    await dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
    await dialog.getByRole('group', { name: 'Create this contact in Lexware Office?' }).getByRole('button', { name: 'Create and link' }).click();
    await expect(dialog.getByRole('button', { name: /^Link / })).toHaveCount(1 - i);
  }
  await expect(dialog).toContainText('Billing run: 2 invoices');
  // One checkbox per invoice of the customer: after the click, one for each of its four invoices.
  await dialog.getByRole('checkbox', { name: 'One invoice per order for Spedition Nordlicht GmbH' }).click();
  await expect(dialog).toContainText('Billing run: 5 invoices for 5 orders');
  return dialog;
}

test.beforeEach(async ({ context, extensionId, sandbox }) => {
  void sandbox;
  await connect(context, extensionId);
});

test('pause, resume, cancel: nothing is sent while paused, the invoice in flight finishes, the rest stay untouched; panel, popup and badge follow', async ({
  page,
  sandbox,
  serviceWorker,
  openExtensionPage,
}) => {
  test.setTimeout(150_000);
  const dialog = await reviewFiveInvoices(page);
  await sandbox.post('lexware', '/__sandbox/config', { latencyMs: LATENCY_MS });
  await dialog.getByRole('button', { name: 'Start billing run' }).click();

  // Paused while the first invoice is in flight: it finishes, nothing more is sent.
  await expect.poll(() => invoicePosts(sandbox), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  await dialog.getByRole('button', { name: 'Pause' }).click();
  await expect(dialog).toContainText('Paused. Nothing more is sent until you resume.');
  const beforePause = await settledInvoices(sandbox);
  expect(beforePause).toBeLessThan(5);
  await expect(dialog).toContainText(`${beforePause} of 5 invoices created`, { timeout: 15_000 });
  await page.waitForTimeout(4 * LATENCY_MS);
  expect(await invoicePosts(sandbox)).toBe(beforePause);

  // The popup and the toolbar badge show the same progress: invoices left.
  const popup = await openExtensionPage('popup.html');
  const popupRun = popup.getByRole('region', { name: 'Billing run', exact: true });
  await expect(popupRun).toContainText(`${beforePause} of 5 invoices created`);
  await expect(popupRun).toContainText('Paused');
  await expect.poll(() => badge(serviceWorker)).toBe(String(5 - beforePause));
  await popup.close();

  // Resumed, then cancelled while the next invoice is in flight.
  await dialog.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => invoicePosts(sandbox), { timeout: 20_000 }).toBeGreaterThan(beforePause);
  await dialog.getByRole('button', { name: 'Cancel run' }).click();

  await expect(dialog.getByRole('region', { name: 'Billing run report', exact: true })).toBeVisible({ timeout: 30_000 });
  const created = await settledInvoices(sandbox);
  expect(created).toBeGreaterThan(beforePause);
  expect(created).toBeLessThan(5);
  await expect(dialog).toContainText(`${created} of 5 invoices created, 0 failed, ${5 - created} not started.`);
  await page.waitForTimeout(3 * LATENCY_MS);
  expect(await invoicePosts(sandbox)).toBe(created);
  await expect.poll(() => badge(serviceWorker)).toBe('');

  // One order per invoice: the created ones are recorded on the TMS, the rest untouched.
  await expect
    .poll(async () => (await storedOrders(sandbox)).filter((o) => RUN_ORDERS.includes(o.number) && o.status === 'invoice_created').length, { timeout: 20_000 })
    .toBe(created);
  const untouched = (await storedOrders(sandbox)).filter((o) => RUN_ORDERS.includes(o.number) && o.status !== 'invoice_created');
  expect(untouched).toHaveLength(5 - created);
  for (const order of untouched) {
    expect(order.status, order.number).toBe('delivered');
    expect(order.events.filter((e) => e.type === 'invoice'), order.number).toHaveLength(0);
  }
});

test('the browser closed mid-run and started again: the run goes on by itself and every invoice is created once', async ({ sandbox }) => {
  test.setTimeout(150_000);
  // This test quits its own browser, so it has one of its own on a profile it keeps.
  const profile = mkdtempSync(path.join(tmpdir(), 'frachtbeleg-restart-'));
  const workerOf = async (context: BrowserContext) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await waitForTmsScript(worker);
    return worker;
  };
  let context = await launchProfile(profile);
  try {
    const extensionId = new URL((await workerOf(context)).url()).host;
    await connect(context, extensionId);
    const dialog = await reviewFiveInvoices(await context.newPage());
    await sandbox.post('lexware', '/__sandbox/config', { latencyMs: LATENCY_MS });
    await dialog.getByRole('button', { name: 'Start billing run' }).click();

    // Quit while the run is under way: an invoice is in flight, others have not started.
    await expect.poll(() => invoicePosts(sandbox), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await context.close();
    const beforeRestart = await settledInvoices(sandbox);
    expect(beforeRestart).toBeLessThan(5);

    // Started again with nothing opened: the worker picks the run up from its journal.
    await sandbox.post('lexware', '/__sandbox/config', { latencyMs: 0 });
    context = await launchProfile(profile);
    await workerOf(context);
    await expect.poll(() => storedInvoices(sandbox), { timeout: 60_000 }).toBe(5);

    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    const popupRun = popup.getByRole('region', { name: 'Billing run', exact: true });
    await expect(popupRun.getByRole('region', { name: 'Billing run report', exact: true })).toBeVisible({ timeout: 20_000 });
    await expect(popupRun).toContainText('5 of 5 invoices created, 0 failed, 0 not started.');

    // Exactly once: one POST per invoice (the one in flight at the quit was looked up, not
    // sent again), and every order of the run on one of the five.
    expect(await invoicePosts(sandbox)).toBe(5);
    const invoices = JSON.stringify(await sandbox.get<unknown[]>('lexware', '/__sandbox/invoices'));
    for (const number of RUN_ORDERS) expect(invoices, number).toContain(number);

    // The TMS's session cookie ended with the browser: recording waits until the user opens
    // the TMS again (signing in), then goes on at once, not after its back-off.
    await (await context.newPage()).goto(`${origins.tms}/orders`);
    await expect
      .poll(async () => (await storedOrders(sandbox)).filter((o) => RUN_ORDERS.includes(o.number) && o.status === 'invoice_created').length, { timeout: 15_000 })
      .toBe(5);
    await expect(popupRun).not.toContainText('Recording on the TMS', { timeout: 10_000 });
    for (const order of (await storedOrders(sandbox)).filter((o) => RUN_ORDERS.includes(o.number))) {
      expect(order.events.filter((e) => e.type === 'invoice'), order.number).toHaveLength(1);
    }
  } finally {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
});

test('an invoice of the run opened in the preview and changed is created as changed; the other one as composed', async ({ page, sandbox }) => {
  test.setTimeout(120_000);
  const orders = await OrdersPage.open(page, '?status=delivered&size=100');
  await orders.select(NORDLICHT[0]!);
  await orders.select(BAYERN);
  await orders.bar.getByRole('button', { name: 'Create invoice' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invoice preview' });
  for (let i = 0; i < 2; i++) {
    await dialog.getByRole('button', { name: /^Link / }).first().click();
    await dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
    await dialog.getByRole('group', { name: 'Create this contact in Lexware Office?' }).getByRole('button', { name: 'Create and link' }).click();
    await expect(dialog.getByRole('button', { name: /^Link / })).toHaveCount(1 - i);
  }
  await expect(dialog).toContainText('Billing run: 2 invoices for 2 orders');

  // Bayern's invoice in the preview: its one order only; the price changed, then back to the review.
  await dialog.getByRole('button', { name: /^Open the invoice for Bayern .* in the preview$/ }).click();
  await expect(dialog.getByRole('heading', { name: /^Invoice of the billing run: Bayern/ })).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: /^Unit price \(net\)/ })).toHaveCount(1);
  await dialog.getByRole('textbox', { name: `Unit price (net) ${BAYERN}` }).fill('1987.65');
  await dialog.getByRole('button', { name: 'Back to the review' }).click();
  const table = dialog.getByRole('table', { name: 'Invoices of the run' });
  await expect(table.getByRole('row').filter({ hasText: 'Bayern' })).toContainText('Edited');
  await expect(table.getByRole('row').filter({ hasText: 'Bayern' })).toContainText('€1,987.65');
  await expect(table.getByRole('row').filter({ hasText: 'Nordlicht' })).not.toContainText('Edited');

  await dialog.getByRole('button', { name: 'Start billing run' }).click();
  // Contacts created a moment ago: Lexware (and its emulator) may take a while before an invoice can use them.
  await expect(dialog).toContainText('2 of 2 invoices created', { timeout: 60_000 });
  const nordlichtPrice = Number((await storedOrders(sandbox)).find((o) => o.number === NORDLICHT[0])!.price.amount);
  const invoices = await sandbox.get<{ lineItems: { unitPrice: { netAmount: number } }[] }[]>('lexware', '/__sandbox/invoices');
  expect(invoices.map((i) => i.lineItems.map((l) => l.unitPrice.netAmount)).sort()).toEqual([[1987.65], [nordlichtPrice]].sort());
});

test('the proposal counts delivered, not invoiced orders of a period across the TMS’s pages and selects them', async ({ page, sandbox }) => {
  const seeded = await storedOrders(sandbox);
  await OrdersPage.open(page);
  const proposal = page.getByRole('region', { name: 'Proposed for invoicing' });
  // Folded into a button that says the count: it never covers the list unasked.
  await expect(proposal.getByRole('button', { expanded: false })).toHaveText(/^\d+ delivered orders from November to invoice$/);
  await proposal.getByRole('button', { expanded: false }).click();
  await proposal.getByLabel('Period', { exact: true }).selectOption({ label: 'Custom period' });
  await proposal.getByLabel('From', { exact: true }).fill('01/10/2026');
  await proposal.getByLabel('To', { exact: true }).fill('30/11/2026');
  await expect(proposal).toContainText(/\d+ delivered orders from 01\/10\/2026 to 30\/11\/2026 not invoiced yet/);
  await expect(proposal).toContainText('Counted across all pages of the TMS.');
  const count = Number(/(\d+) delivered orders/.exec((await proposal.textContent()) ?? '')![1]);
  // The seed's delivered orders of October and November without an invoice on them.
  const full = await page.evaluate(async () => (await (await fetch('/api/orders?status=delivered&pageSize=1000')).json()) as { items: { id: string; stops: { type: string; date: string }[]; events: { type: string }[] }[] });
  const expected = full.items.filter((o) => {
    const date = o.stops.filter((s) => s.type === 'delivery').at(-1)?.date ?? '';
    return date >= '2026-10-01' && date <= '2026-11-30' && !o.events.some((e) => e.type === 'invoice');
  });
  expect(count).toBe(expected.length);
  expect(seeded.length).toBeGreaterThan(25);

  await proposal.getByRole('button', { name: 'Select them' }).click();
  const bar = page.getByRole('region', { name: 'Invoice the selected orders' });
  const onPage = await page.getByRole('table', { name: 'Orders' }).getByRole('checkbox', { checked: true }).count();
  expect(onPage).toBeLessThan(count);
  await expect(bar).toContainText(`${count} orders selected, ${count - onPage} not on this page`);

  // The run's review names the period the orders were proposed for; none of them lies outside it.
  await bar.getByRole('button', { name: 'Create invoice' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invoice preview' });
  await expect(dialog).toContainText('Period: 01/10/2026 to 30/11/2026');
  await expect(dialog).toContainText(/Billing run: \d+ invoices/);
  await expect(dialog).not.toContainText('not delivered in this period');
});

test('orders invoiced in Lexware Office directly drop out of the proposal once it finds them there', async ({ page, sandbox }) => {
  await OrdersPage.open(page);
  const proposal = page.getByRole('region', { name: 'Proposed for invoicing' });
  await proposal.getByRole('button', { expanded: false }).click();
  await expect(proposal).toContainText(/\d+ delivered orders from November not invoiced yet/);
  const before = Number(/(\d+) delivered orders/.exec((await proposal.textContent()) ?? '')![1]);

  // Two of them were invoiced in Lexware Office's own app, one invoice each, the order number in the line.
  const full = await page.evaluate(async () => (await (await fetch('/api/orders?status=delivered&pageSize=1000')).json()) as { items: { number: string; stops: { type: string; date: string }[]; events: { type: string }[] }[] });
  const open = full.items.filter((o) => (o.stops.filter((s) => s.type === 'delivery').at(-1)?.date ?? '').startsWith('2026-11') && !o.events.some((e) => e.type === 'invoice'));
  const madeElsewhere = open.slice(0, 2).map((o) => o.number);
  for (const number of madeElsewhere) {
    const response = await fetch(`${origins.lexware}/v1/invoices?finalize=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LEXWARE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(validInvoice({ voucherDate: '2026-11-30T00:00:00.000+01:00', lineItems: [customLine({ name: `Transport ${number}`, description: 'Hamburg – München' })] })),
    });
    expect(response.status).toBe(201);
  }

  await proposal.getByRole('button', { name: 'Look for them in Lexware Office' }).click();
  await expect(proposal).toContainText('2 recorded as made in Lexware Office', { timeout: 20_000 });
  await expect(proposal).toContainText(`${before - 2} delivered orders from November not invoiced yet`);
  // Only reading: the search created nothing in Lexware Office.
  expect((await sandbox.requests('lexware')).filter((r) => r.method !== 'GET' && r.path.startsWith('/v1/')).length).toBe(2);
});

test('automatic drafts: turned on for the demo site, the alarm drafts the linked customer’s ended month and leaves the rest for the user, once', async ({
  page,
  sandbox,
  serviceWorker,
  openExtensionPage,
}) => {
  test.setTimeout(120_000);
  type StoredInvoice = { id: string; voucherStatus: string; voucherNumber: string | null; address: { contactId?: string } };
  const lexwareInvoices = () => sandbox.get<StoredInvoice[]>('lexware', '/__sandbox/invoices');
  // One customer linked (monthly collective, the default): November has ended, so it is due.
  const preview = await previewFromDetail(page, 'o-0001');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');

  const options = await openExtensionPage('options.html');
  const card = options.getByRole('region', { name: 'Automatic drafts' });
  await expect(card).toContainText('Only drafts are created, never finalised invoices');
  const toggle = card.getByRole('checkbox', { name: `Prepare draft invoices for delivered orders on ${new URL(origins.tms).host}` });
  await expect(toggle).not.toBeChecked();
  await toggle.check();

  // The alarm's pass, run at once through the sandbox build's hook: it meets the first pass's lease or its run.
  await serviceWorker.evaluate(() => (globalThis as unknown as { __frachtbelegAutoDraftsNow: () => Promise<void> }).__frachtbelegAutoDraftsNow());
  await expect.poll(async () => (await lexwareInvoices()).length, { timeout: 30_000 }).toBe(1);
  const [draft] = await lexwareInvoices();
  expect(draft).toMatchObject({ voucherStatus: 'draft', voucherNumber: null });
  expect(typeof draft!.address.contactId).toBe('string');

  // The report in the popup, marked automatic, with the orders left for the user; the badge counts them.
  const popup = await openExtensionPage('popup.html');
  const run = popup.getByRole('region', { name: 'Billing run', exact: true });
  await expect(run).toContainText('Prepared automatically: drafts only, nothing was finalised.');
  await expect(run.getByRole('region', { name: 'Billing run report' })).toContainText('1 of 1 invoices created', { timeout: 30_000 });
  const left = run.getByRole('region', { name: 'Not in this run' }).getByRole('listitem');
  await expect(left.first()).toContainText('Not linked to a Lexware Office contact');
  const leftCount = await left.count();
  expect(leftCount).toBeGreaterThan(0);
  await expect.poll(() => badge(serviceWorker), { timeout: 15_000 }).toBe(String(leftCount));
  await options.reload();
  await expect(options.getByRole('region', { name: 'Automatic drafts' })).toContainText(leftCount === 1 ? '1 order waits for you.' : `${leftCount} orders wait for you.`);

  // The next alarm: nothing new to draft, nothing new to report.
  await serviceWorker.evaluate(() => (globalThis as unknown as { __frachtbelegAutoDraftsNow: () => Promise<void> }).__frachtbelegAutoDraftsNow());
  expect(await lexwareInvoices()).toHaveLength(1);
  expect(await invoicePosts(sandbox)).toBe(1);
  await expect.poll(() => badge(serviceWorker)).toBe(String(leftCount));
});
