import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import InvoicePanel from './InvoicePanel.vue';
import { createPanelStore } from '@/composables/invoice-panel';
import { click, flush, getByLabelText, getByRole, isDisabled, queryAllByRole, queryByRole, textOf, type } from '@/tests/support/dom';
import { makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import { deferred, fakeAdapter, fakeSend, invoicingContext, jobView, linkedContext, panelEnvironment, plugins, readOk, type Answers } from '@/tests/support/panel';
import type { Order } from '@/utils/domain/order';
import type { OrderReadResult } from '@/utils/tms/adapter';

// The panel is a modal dialog in the page: focus handling needs a document.
enableAutoUnmount(afterEach);

interface Setup {
  reads: OrderReadResult[] | (() => Promise<OrderReadResult[]>);
  answers?: Answers;
  wait?: boolean;
}

async function openPanel({ reads, answers = {}, wait = true }: Setup) {
  const store = createPanelStore();
  const fake = fakeSend(answers);
  const adapter = fakeAdapter(reads);
  store.configure(panelEnvironment(adapter, fake.send));
  const wrapper = mount(InvoicePanel, { global: { plugins: plugins('en', store) }, attachTo: document.body });
  const ids = typeof reads === 'function' ? ['o-1', 'o-2'] : reads.map((r) => (r.ok ? r.order.id : r.id));
  const opened = store.open({ kind: 'list', ids });
  if (wait) await opened;
  await flush();
  return { wrapper, store, fake, adapter, dialog: getByRole(wrapper, 'dialog', 'Invoice preview') };
}

type Panel = Awaited<ReturnType<typeof openPanel>>;

const saveButton = (p: Panel) => getByRole(p.dialog, 'button', 'Save and create invoice');
const totals = (p: Panel) => queryAllByRole(getByRole(p.dialog, 'table', 'Totals'), 'rowheader').map((th) => textOf(th.parentElement!));
const footer = (p: Panel) => textOf(p.dialog.querySelector('footer')!);
const priceOf = (p: Panel, order: Order) => getByLabelText(p.dialog, `Unit price (net) ${order.number}`);

async function edit(el: HTMLElement, value: string) {
  type(el, value);
  await flush();
}

describe('InvoicePanel: opening', () => {
  it('reads the selected orders, then shows the preview of a single invoice', async () => {
    const order = makeOrder();
    const reading = deferred<OrderReadResult[]>();
    const p = await openPanel({ reads: () => reading.promise, answers: { getInvoicingContext: () => linkedContext() }, wait: false });

    expect(getByRole(p.dialog, 'status').textContent).toBe('Reading the orders…');
    // The page goes along: a recipe may read the selected rows themselves or follow their links.
    expect(p.adapter.readOrders).toHaveBeenCalledWith(['o-1', 'o-2'], expect.objectContaining({ origin: TMS_ORIGIN, page: { document, url: expect.any(URL) } }));

    reading.resolve([readOk(order)]);
    await flush();

    expect(queryByRole(p.dialog, 'status', 'Reading the orders…')).toBeNull();
    expect(p.fake.callsOf('getInvoicingContext')).toEqual([{ origin: TMS_ORIGIN, customers: [nordlicht], orderIds: [order.id] }]);
    getByRole(p.dialog, 'heading', 'Customer');
    expect(p.dialog.querySelector('.fb-customer')!.textContent).toContain('Spedition Nordlicht GmbH');
    expect(p.dialog.textContent).toContain('Hafenstraße 12, 20457 Hamburg, DE · DE123456789');
    expect(p.dialog.textContent).toContain('Linked to Spedition Nordlicht GmbH');
    expect(p.dialog.textContent).toContain('Single invoice');
    expect(p.dialog.textContent).toContain('Created as a draft in Lexware Office: you finalize and send it there.');
    getByRole(p.dialog, 'group', `Position 1 · ${order.number}`);
    expect(getByLabelText(p.dialog, 'Name').value).toBe('Transport Hamburg → München');
    expect(priceOf(p, order).value).toBe('1250.00');
    expect(totals(p)).toEqual(['Net €1,250.00', 'VAT 19 % €237.50', 'Gross €1,487.50']);
    expect(footer(p)).toContain('Gross: €1,487.50');
    expect(isDisabled(saveButton(p))).toBe(false);
  });

  it('shows a collective invoice with one position per order', async () => {
    const orders = [makeOrder(), makeOrder({ price: { minor: 50000, currency: 'EUR' } })];
    const p = await openPanel({ reads: orders.map(readOk), answers: { getInvoicingContext: () => linkedContext() } });
    expect(p.dialog.textContent).toContain('Collective invoice, 2 orders');
    getByRole(p.dialog, 'group', `Position 1 · ${orders[0]!.number}`);
    getByRole(p.dialog, 'group', `Position 2 · ${orders[1]!.number}`);
    expect(totals(p)).toEqual(['Net €1,750.00', 'VAT 19 % €332.50', 'Gross €2,082.50']);
  });

  it('says so when the orders cannot be read', async () => {
    const p = await openPanel({ reads: () => Promise.reject(new Error('TMS answered 502')) });
    expect(getByRole(p.dialog, 'alert').textContent).toBe('The orders could not be read. Close the preview and try again.Copy details');
    expect(queryByRole(p.dialog, 'button', 'Save and create invoice')).toBeNull();
  });

  it('shows page text as text, never as markup', async () => {
    const evil = { ...nordlicht, name: '<img src=x onerror=alert(1)>' };
    const p = await openPanel({ reads: [readOk(makeOrder({ customer: evil }))] });
    expect(p.dialog.querySelector('.fb-customer-name')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(p.dialog.textContent).toContain('Link <img src=x onerror=alert(1)> to a Lexware Office contact below.');
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('InvoicePanel: editing', () => {
  it('updates the line total, the totals and the gross in the footer when a price changes', async () => {
    const order = makeOrder();
    const p = await openPanel({ reads: [readOk(order)], answers: { getInvoicingContext: () => linkedContext() } });

    await edit(priceOf(p, order), '1000');

    expect(p.dialog.querySelector('.fb-line-total')!.textContent).toContain('€1,000.00');
    expect(totals(p)).toEqual(['Net €1,000.00', 'VAT 19 % €190.00', 'Gross €1,190.00']);
    expect(footer(p)).toContain('Gross: €1,190.00');
  });

  it('disables "Save and create invoice" while a price is invalid', async () => {
    const order = makeOrder();
    const p = await openPanel({ reads: [readOk(order)], answers: { getInvoicingContext: () => linkedContext() } });

    await edit(priceOf(p, order), '12.3.4');
    expect(isDisabled(saveButton(p))).toBe(true);
    expect(p.dialog.textContent).toContain(`Order ${order.number}: the price is not valid.`);

    await edit(priceOf(p, order), '12.34');
    expect(isDisabled(saveButton(p))).toBe(false);
    expect(p.dialog.textContent).not.toContain('the price is not valid');
  });

  it('lets the user leave out an order that could not be read', async () => {
    const order = makeOrder();
    const p = await openPanel({
      reads: [readOk(order), { ok: false, id: 'o-broken', number: 'A-BROKEN', problems: [{ code: 'tms-unreachable' }] }],
      answers: { getInvoicingContext: () => linkedContext() },
    });
    expect(p.dialog.textContent).toContain('Order A-BROKEN: the TMS did not answer.');
    expect(isDisabled(saveButton(p))).toBe(true);

    await click(getByRole(getByRole(p.dialog, 'region', 'Before sending'), 'button', 'Leave out'));

    expect(p.dialog.textContent).not.toContain('the TMS did not answer');
    expect(textOf(getByRole(p.dialog, 'region', 'Not on this invoice'))).toContain('A-BROKEN Put back');
    expect(isDisabled(saveButton(p))).toBe(false);
  });
});

describe('InvoicePanel: blocking problems', () => {
  it('blocks an unlinked customer until a contact is linked through the picker', async () => {
    const p = await openPanel({
      reads: [readOk(makeOrder())],
      answers: { searchContacts: () => ({ ok: true, contacts: [{ id: 'c-77', name: 'Nordlicht Spedition', customerNumber: '10001' }] }) },
    });
    expect(p.dialog.textContent).toContain('Link Spedition Nordlicht GmbH to a Lexware Office contact below.');
    expect(isDisabled(saveButton(p))).toBe(true);

    type(getByLabelText(p.dialog, 'Search contacts in Lexware Office'), 'Nordlicht');
    await click(getByRole(p.dialog, 'button', 'Search'));
    await click(getByRole(p.dialog, 'button', 'Link: Nordlicht Spedition'));

    expect(p.fake.callsOf('searchContacts')).toEqual([{ query: 'Nordlicht' }]);
    expect(p.fake.callsOf('linkCustomer')).toEqual([{ origin: TMS_ORIGIN, customerId: nordlicht.id, contact: { id: 'c-77', name: 'Nordlicht Spedition' } }]);
    expect(p.dialog.textContent).toContain('Linked to Nordlicht Spedition');
    expect(p.dialog.textContent).not.toContain('to a Lexware Office contact below');
    expect(isDisabled(saveButton(p))).toBe(false);
  });

  it('links a contact created from the TMS data, after showing what will be sent', async () => {
    const p = await openPanel({ reads: [readOk(makeOrder())] });
    await click(getByRole(p.dialog, 'button', '+ Create new contact from the TMS data'));
    expect(p.fake.callsOf('createContact')).toEqual([]);
    await click(getByRole(p.dialog, 'button', 'Create and link'));
    expect(p.fake.callsOf('createContact')).toEqual([{ origin: TMS_ORIGIN, customer: nordlicht, requestId: expect.stringMatching(/^[0-9a-f]{24}$/) }]);
    expect(p.dialog.textContent).toContain('Linked to Spedition Nordlicht GmbH');
    expect(isDisabled(saveButton(p))).toBe(false);
  });

  it('suggests the likely contact for the customer and links it with one click', async () => {
    const p = await openPanel({
      reads: [readOk(makeOrder())],
      answers: {
        suggestContacts: () => ({
          ok: true,
          suggestions: [{ contact: { id: 'c-77', name: 'Nordlicht Spedition', vatId: 'DE123456789' }, reason: 'vat-id', detail: 'DE123456789' }],
        }),
      },
    });
    expect(p.fake.callsOf('suggestContacts')).toEqual([{ customer: nordlicht }]);
    expect(p.dialog.textContent).toContain('Suggested: Nordlicht Spedition — same VAT ID DE123456789');

    await click(getByRole(p.dialog, 'button', 'Link: Nordlicht Spedition'));

    expect(p.fake.callsOf('linkCustomer')).toEqual([{ origin: TMS_ORIGIN, customerId: nordlicht.id, contact: { id: 'c-77', name: 'Nordlicht Spedition' } }]);
    expect(p.dialog.textContent).toContain('Linked to Nordlicht Spedition');
    expect(isDisabled(saveButton(p))).toBe(false);
  });

  it('blocks a CHF invoice into Lexware Office', async () => {
    const p = await openPanel({ reads: [readOk(makeOrder({ price: { minor: 98050, currency: 'CHF' } }))], answers: { getInvoicingContext: () => linkedContext() } });
    expect(p.dialog.textContent).toContain('Lexware Office takes invoices in EUR only; these orders are in CHF.');
    expect(totals(p)).toContain('Gross CHF 1,166.80');
    expect(isDisabled(saveButton(p))).toBe(true);
  });

  it('blocks when the billing system is not connected', async () => {
    const p = await openPanel({ reads: [readOk(makeOrder())], answers: { getInvoicingContext: () => invoicingContext({ ...linkedContext(), connection: { provider: 'lexware', configured: false } }) } });
    expect(p.dialog.textContent).toContain('Lexware Office is not connected: save its API key in the settings.');
    expect(isDisabled(saveButton(p))).toBe(true);
  });
});

describe('InvoicePanel: saving', () => {
  it('sends the edited draft and shows the job\'s progress', async () => {
    const order = makeOrder();
    const p = await openPanel({ reads: [readOk(order)], answers: { getInvoicingContext: () => linkedContext() } });
    await edit(getByLabelText(p.dialog, /^Title/), 'Rechnung November');
    await edit(priceOf(p, order), '990');

    await click(saveButton(p));

    const [sent] = p.fake.callsOf('createInvoice');
    expect(sent).toMatchObject({
      allowReinvoice: [],
      draft: {
        provider: 'lexware',
        kind: 'single',
        title: 'Rechnung November',
        customer: nordlicht,
        contact: { id: 'c-nordlicht', name: nordlicht.name },
        currency: 'EUR',
        tms: { origin: TMS_ORIGIN, adapter: 'demo-tms' },
        positions: [{ orderId: order.id, orderNumber: order.number, quantity: '1', unitPriceMinor: 99000, taxRatePercent: 19 }],
      },
    });
    getByRole(p.dialog, 'heading', 'Creating the invoice');
    expect(queryByRole(p.dialog, 'button', 'Save and create invoice')).toBeNull();
  });

  it('shows a refusal and keeps the user\'s edits', async () => {
    const order = makeOrder();
    const p = await openPanel({
      reads: [readOk(order)],
      answers: {
        getInvoicingContext: () => linkedContext(),
        createInvoice: () => ({ ok: false, error: { code: 'already-invoiced', message: 'ledger', orderNumbers: [order.number] } }),
      },
    });
    await edit(priceOf(p, order), '990');
    await click(saveButton(p));

    expect(getByRole(p.dialog, 'alert').textContent).toBe(`Already invoiced meanwhile: ${order.number}. Close the preview and open it again.`);
    expect(priceOf(p, order).value).toBe('990');
    expect(footer(p)).toContain('Gross: €1,178.10');
  });

  it('goes back from a failed job to the preview with the edits intact', async () => {
    const order = makeOrder();
    const p = await openPanel({
      reads: [readOk(order)],
      answers: {
        getInvoicingContext: () => linkedContext(),
        createInvoice: () => ({ ok: true, reused: false, job: jobView({ state: 'failed', error: { code: 'validation', message: 'x', fields: [{ field: 'voucherDate', key: 'voucherDate' }] } }) }),
      },
    });
    await edit(priceOf(p, order), '990');
    await click(saveButton(p));
    expect(getByRole(p.dialog, 'alert').textContent).toContain('Lexware Office refused the invoice data: the invoice date.');

    await click(getByRole(p.dialog, 'button', 'Back to the preview'));

    expect(priceOf(p, order).value).toBe('990.00');
    expect(footer(p)).toContain('Gross: €1,178.10');
  });
});

describe('InvoicePanel: keyboard and closing', () => {
  const key = (el: Element, init: KeyboardEventInit) => {
    const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
    el.dispatchEvent(event);
    return event;
  };

  it('starts with the focus on Close', async () => {
    const p = await openPanel({ reads: [readOk(makeOrder())], answers: { getInvoicingContext: () => linkedContext() } });
    expect(document.activeElement).toBe(getByRole(p.dialog, 'button', 'Close'));
  });

  it('closes on Escape, on Close, on Cancel and on the backdrop', async () => {
    const p = await openPanel({ reads: [readOk(makeOrder())], answers: { getInvoicingContext: () => linkedContext() } });
    key(getByLabelText(p.dialog, 'Name'), { key: 'Escape' });
    await click(getByRole(p.dialog, 'button', 'Close'));
    await click(getByRole(p.dialog, 'button', 'Cancel'));
    await click(p.dialog.parentElement!);
    await click(p.dialog);
    expect(p.wrapper.emitted('close')).toHaveLength(4);
  });

  it('keeps Tab inside the dialog', async () => {
    const p = await openPanel({ reads: [readOk(makeOrder())], answers: { getInvoicingContext: () => linkedContext() } });
    const first = getByRole(p.dialog, 'button', 'Close');
    const last = saveButton(p);

    last.focus();
    expect(key(last, { key: 'Tab' }).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(first);

    expect(key(first, { key: 'Tab', shiftKey: true }).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(last);

    // In between, Tab is the browser's.
    const name = getByLabelText(p.dialog, 'Name');
    name.focus();
    expect(key(name, { key: 'Tab' }).defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(name);
  });

  it('wraps to the last enabled control when Save is disabled', async () => {
    const p = await openPanel({ reads: [readOk(makeOrder())] });
    const first = getByRole(p.dialog, 'button', 'Close');
    first.focus();
    key(first, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(getByRole(p.dialog, 'button', 'Cancel'));
  });
});

describe('InvoicePanel: long invoices', () => {
  it('shows one line per position from 11 orders on, each opening into its editor; totals follow edits', async () => {
    const orders = Array.from({ length: 12 }, () => makeOrder({ price: { minor: 10000, currency: 'EUR' } }));
    const p = await openPanel({ reads: orders.map(readOk), answers: { getInvoicingContext: () => linkedContext() } });
    expect(p.dialog.textContent).toContain('Collective invoice, 12 orders');
    expect(queryAllByRole(p.dialog, 'textbox').filter((el) => el.getAttribute('aria-label')?.startsWith('Unit price'))).toHaveLength(0);
    expect(totals(p)).toEqual(['Net €1,200.00', 'VAT 19 % €228.00', 'Gross €1,428.00']);

    await click(getByRole(p.dialog, 'button', `Edit position 3 (${orders[2]!.number})`));
    await edit(priceOf(p, orders[2]!), '200');
    expect(totals(p)).toEqual(['Net €1,300.00', 'VAT 19 % €247.00', 'Gross €1,547.00']);
    // The other positions stay one line each.
    expect(queryByRole(p.dialog, 'group', `Position 4 · ${orders[3]!.number}`)).toBeNull();
  });

  it('shows the totals of all 300 positions at once and builds the remaining lines in the next frames', async () => {
    const orders = Array.from({ length: 300 }, () => makeOrder({ price: { minor: 10000, currency: 'EUR' } }));
    const p = await openPanel({ reads: orders.map(readOk), answers: { getInvoicingContext: () => linkedContext() } });
    const lines = () => p.dialog.querySelectorAll('.fb-positions > li').length;
    expect(p.dialog.textContent).toContain('Collective invoice, 300 orders');
    expect(totals(p)).toEqual(['Net €30,000.00', 'VAT 19 % €5,700.00', 'Gross €35,700.00']);
    // A screenful at once, the rest a frame or two later.
    expect(lines()).toBeGreaterThanOrEqual(40);

    await vi.waitFor(() => expect(lines()).toBe(300));
    getByRole(p.dialog, 'button', `Edit position 300 (${orders[299]!.number})`);
    expect(isDisabled(saveButton(p))).toBe(false);
  });
});

describe('InvoicePanel: odd order data is shown, not refused', () => {
  it('keeps long goods (shortened visibly) and warns about odd data without blocking Save', async () => {
    const goods = 'Maschinenteile und Ersatzteile, '.repeat(160).trim();
    const odd = makeOrder({
      load: { goods, weightKg: 1200 },
      interpreted: ['weight'],
      price: { minor: 15_000_000, currency: 'EUR' },
      stops: [
        { type: 'pickup', city: 'Hamburg', countryCode: 'DE', date: '2026-11-12' },
        { type: 'delivery', city: 'München', countryCode: 'DE', date: '2026-11-10' },
      ],
    });
    const p = await openPanel({ reads: [readOk(odd)], answers: { getInvoicingContext: () => linkedContext() } });
    const problems = getByRole(p.dialog, 'heading', 'Before sending').parentElement!;
    const notes = queryAllByRole(problems, 'listitem').map((li) => textOf(li));
    expect(notes).toEqual([
      `Note Order ${odd.number}: the delivery is dated before the pickup. Check the dates.`,
      `Note Order ${odd.number}: the price is above 100,000 EUR, your plausibility limit. Check it.`,
      `Note Order ${odd.number}: the weight was given as text and interpreted. Check the value.`,
      'Note The position description was shortened to 2,000 characters, the limit of Lexware Office.',
      'Note Not e-invoice ready (2 missing, see "E-invoice"). From 1 January 2027 this will stop an invoice to a German business.',
    ]);
    expect(getByLabelText(p.dialog, 'Description').value).toContain('Ladung: Maschinenteile und Ersatzteile');
    expect(isDisabled(saveButton(p))).toBe(false);
  });

  it('uses the plausibility limit from the settings', async () => {
    const order = makeOrder();
    const context = linkedContext();
    const p = await openPanel({ reads: [readOk(order)], answers: { getInvoicingContext: () => ({ ...context, settings: { ...context.settings, priceWarningLimit: 1000 } }) } });
    expect(p.dialog.textContent).toContain(`Order ${order.number}: the price is above 1,000 EUR, your plausibility limit.`);
    expect(isDisabled(saveButton(p))).toBe(false);
  });
});
