/**
 * The billing run in the panel as the user meets it: a selection of several customers and
 * currencies opens the run's review (not a refusal), attention groups can be fixed or left
 * out, the run starts with one draft per invoice, and its progress and report follow.
 */
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import InvoicePanel from './InvoicePanel.vue';
import { createPanelStore } from '@/composables/invoice-panel';
import { createRunPanel, type ChosenPeriod } from '@/composables/billing-run-panel';
import { click, flush, getByRole, queryAllByRole, queryByRole, textOf } from '@/tests/support/dom';
import { fakeAdapter, fakeSend, invoicingContext, panelEnvironment, plugins, readOk, type Answers } from '@/tests/support/panel';
import { makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import type { Order } from '@/utils/domain/order';
import type { BillingRun, RunItem } from '@/utils/jobs/billing-run';
import type { Locale } from '@/utils/i18n/translate';
import { makeRun, runItem } from '@/tests/support/runs';

enableAutoUnmount(afterEach);

const customer = (name: string, id: string): Order['customer'] => ({ ...nordlicht, id, name, customerNumber: id });
const alpha = customer('Alpha Logistik GmbH', 'c-alpha');
const beta = customer('Beta Transporte KG', 'c-beta');
const gamma = customer('Gamma Spedition AG', 'c-gamma');

/** Alpha: two EUR orders and one in CHF; Beta: one EUR order; Gamma: one order, not linked. */
function selection() {
  return {
    alpha: [makeOrder({ customer: alpha }), makeOrder({ customer: alpha, price: { minor: 50000, currency: 'EUR' } })],
    alphaChf: makeOrder({ customer: alpha, price: { minor: 90000, currency: 'CHF' } }),
    beta: makeOrder({ customer: beta, price: { minor: 200000, currency: 'EUR' } }),
    gamma: makeOrder({ customer: gamma }),
  };
}

const linked = invoicingContext({
  links: {
    [alpha.id]: { contact: { id: 'k-alpha', name: alpha.name } },
    [beta.id]: { contact: { id: 'k-beta', name: beta.name } },
  },
});

async function openRun(orders: Order[], answers: Answers = {}, locale: Locale = 'en', period?: ChosenPeriod) {
  const store = createPanelStore();
  const runPanel = createRunPanel(store);
  // The proposal's "Select them" names its period before the selection is opened.
  if (period) runPanel.choosePeriod(period);
  const fake = fakeSend({ getInvoicingContext: () => ({ ...linked, locale }), ...answers });
  const environment = panelEnvironment(fakeAdapter(orders.map(readOk)), fake.send);
  store.configure(environment);
  runPanel.configure(environment);
  const wrapper = mount(InvoicePanel, { global: { plugins: [...plugins(locale, store), runPanel] }, attachTo: document.body });
  await store.open({ kind: 'list', ids: orders.map((o) => o.id) });
  await flush();
  const dialog = getByRole(wrapper, 'dialog');
  return { store, runPanel, fake, dialog };
}

/** One line per planned invoice: its row header (the customer) and cells. */
const rows = (dialog: HTMLElement) => queryAllByRole(getByRole(dialog, 'table', 'Invoices of the run'), 'rowheader').map((th) => textOf(th.parentElement!));

function runOf(items: Partial<RunItem>[], overrides: Partial<BillingRun> = {}): BillingRun {
  return makeRun({
    items: items.map((i, n) => runItem({ key: `k${n}`, customerName: alpha.name, orderIds: [`o${n}`], orderNumbers: [`A-${n}`], netMinor: 100000, ...i })),
    setAside: [{ id: 'o-g', number: 'A-G', reason: 'customer-not-linked' }],
    ...overrides,
  });
}

describe('Billing run review', () => {
  it('shows a mixed selection as a run: one invoice per customer and currency, and what needs attention, instead of the refusal', async () => {
    const s = selection();
    const { dialog } = await openRun([...s.alpha, s.alphaChf, s.beta, s.gamma]);

    getByRole(dialog, 'heading', 'Billing run: 2 invoices for 3 orders, 2 need attention');
    expect(dialog.textContent).not.toContain('A collective invoice is for one customer only');
    expect(rows(dialog)).toEqual([
      'Alpha Logistik GmbH One invoice per order EUR 2 €1,750.00 €2,082.50 Open in preview Leave out',
      'Beta Transporte KG One invoice per order EUR 1 €2,000.00 €2,380.00 Open in preview Leave out',
    ]);
    const attention = getByRole(dialog, 'region', 'Needs attention');
    expect(textOf(attention)).toContain(`Alpha Logistik GmbH · CHF: Lexware Office takes invoices in EUR only`);
    expect(textOf(attention)).toContain(`Gamma Spedition AG · EUR: Not linked to a Lexware Office contact`);
    expect(textOf(attention)).toContain(`Orders: ${s.gamma.number}`);
    getByRole(attention, 'button', 'Link Gamma Spedition AG');
    // The preview's own Save button is not offered for a run.
    expect(queryByRole(dialog, 'button', 'Save and create invoice')).toBeNull();
    getByRole(dialog, 'button', 'Start billing run');
  });

  it('names the period the proposal counted, and leaves out the selected orders delivered outside it on request', async () => {
    const s = selection();
    const december = makeOrder({
      customer: beta,
      stops: [
        { type: 'pickup', name: 'Werk Nord', street: 'Am Kai 3', zip: '20457', city: 'Hamburg', countryCode: 'DE', date: '2026-12-01' },
        { type: 'delivery', name: 'Lager Süd', street: 'Industriestr. 9', zip: '80939', city: 'München', countryCode: 'DE', date: '2026-12-02' },
      ],
    });
    const november: ChosenPeriod = { kind: 'last-month', range: { from: '2026-11-01', to: '2026-11-30' }, label: 'November' };
    const { dialog } = await openRun([...s.alpha, s.beta, december], {}, 'en', november);

    getByRole(dialog, 'heading', 'Billing run: 2 invoices for 4 orders');
    expect(textOf(dialog)).toContain('Period: November');
    const outside = getByRole(dialog, 'status');
    expect(textOf(outside)).toContain(`1 selected order was not delivered in this period: ${december.number}`);

    await click(getByRole(outside, 'button', 'Leave them out'));
    getByRole(dialog, 'heading', 'Billing run: 2 invoices for 3 orders');
    expect(queryByRole(dialog, 'button', 'Leave them out')).toBeNull();
    getByRole(getByRole(dialog, 'region', 'Left out'), 'button', `Put back ${december.number}`);
  });

  it('names the period in German; "all periods" has no order outside it', async () => {
    const s = selection();
    const { dialog } = await openRun([...s.alpha, s.beta], {}, 'de', { kind: 'all', range: { from: '2000-01-01', to: '2026-12-05' }, label: 'allen Zeiträumen' });
    expect(textOf(dialog)).toContain('Zeitraum: allen Zeiträumen');
    expect(queryByRole(dialog, 'button', 'Diese weglassen')).toBeNull();

    const { dialog: november } = await openRun([...s.alpha, s.beta, makeOrder({ customer: beta, stops: [{ type: 'delivery', name: 'Lager', street: 'Str. 1', zip: '80939', city: 'München', countryCode: 'DE', date: '2026-10-30' }] })], {}, 'de', {
      kind: 'custom',
      range: { from: '2026-11-01', to: '2026-11-30' },
      label: '01.11.2026 bis 30.11.2026',
    });
    expect(textOf(getByRole(november, 'status'))).toContain('1 ausgewählter Auftrag wurde nicht in diesem Zeitraum geliefert');
  });

  it('says so when a collective invoice is split at the billing system\'s position limit', async () => {
    const many = Array.from({ length: 301 }, () => makeOrder({ customer: alpha, price: { minor: 1000, currency: 'EUR' } }));
    const { dialog } = await openRun([...many, selection().beta]);
    getByRole(dialog, 'heading', 'Billing run: 3 invoices for 302 orders');
    const [first, second] = rows(dialog);
    expect(first).toContain('Alpha Logistik GmbH Part 1 of 2: Lexware Office takes at most 300 positions per invoice One invoice per order EUR 300');
    expect(second).toContain('Part 2 of 2');
    expect(second).toContain('EUR 1 €10.00');
  });

  it('leaves a group out, lists it with "Put back", and links a customer so its orders join the run', async () => {
    const s = selection();
    const { dialog, fake } = await openRun([...s.alpha, s.alphaChf, s.beta, s.gamma], {
      suggestContacts: () => ({ ok: true, suggestions: [{ contact: { id: 'k-gamma', name: 'Gamma Spedition AG' }, reason: 'name', detail: 'gamma spedition' }] }),
    });
    const attention = getByRole(dialog, 'region', 'Needs attention');
    const chfGroup = [...attention.querySelectorAll('li')].find((li) => li.textContent!.includes('CHF'))!;
    await click(getByRole(chfGroup, 'button', 'Leave out'));
    getByRole(dialog, 'heading', 'Billing run: 2 invoices for 3 orders, 1 needs attention');
    const leftOut = getByRole(dialog, 'region', 'Left out');
    expect(textOf(leftOut)).toContain(s.alphaChf.number);

    await click(getByRole(dialog, 'button', 'Link Gamma Spedition AG'));
    await flush();
    await click(getByRole(dialog, 'button', 'Link: Gamma Spedition AG'));
    await flush();
    expect(fake.callsOf('linkCustomer')).toEqual([{ origin: TMS_ORIGIN, customerId: gamma.id, contact: { id: 'k-gamma', name: 'Gamma Spedition AG' } }]);
    getByRole(dialog, 'heading', 'Billing run: 3 invoices for 4 orders');
    expect(queryByRole(dialog, 'region', 'Needs attention')).toBeNull();

    await click(getByRole(leftOut, 'button', `Put back ${s.alphaChf.number}`));
    getByRole(dialog, 'heading', 'Billing run: 3 invoices for 4 orders, 1 needs attention');
  });

  it('bills a customer set to single invoices with one invoice per order, and remembers the choice with its link', async () => {
    const s = selection();
    const { dialog, fake } = await openRun([...s.alpha, s.beta]);
    const single = getByRole(dialog, 'checkbox', 'One invoice per order for Alpha Logistik GmbH') as HTMLInputElement;
    expect(single.checked).toBe(false);
    await click(single);
    await flush();
    expect(fake.callsOf('setBillingMode')).toEqual([{ origin: TMS_ORIGIN, customerId: alpha.id, mode: 'single' }]);
    getByRole(dialog, 'heading', 'Billing run: 3 invoices for 3 orders');
    expect(rows(dialog).map((r) => r.split(' One')[0])).toEqual([alpha.name, alpha.name, beta.name]);
    expect(queryAllByRole(dialog, 'checkbox', 'One invoice per order for Alpha Logistik GmbH').every((c) => (c as HTMLInputElement).checked)).toBe(true);
  });

  it('starts the run with one draft per invoice and the orders set aside, then shows its progress with pause and cancel', async () => {
    const s = selection();
    const { dialog, fake, runPanel } = await openRun([...s.alpha, s.beta, s.gamma], {
      startBillingRun: () => ({ ok: true, run: runOf([{ customerName: alpha.name }, { customerName: beta.name }]) }),
      controlBillingRun: ({ action }) => ({ ok: true, run: runOf([{ state: 'recorded' }, {}], { status: action === 'pause' ? 'paused' : 'cancelling', updatedAt: '2026-11-30T17:01:00.000Z' }) }),
    });
    await click(getByRole(dialog, 'button', 'Start billing run'));
    await flush();

    const [sent] = fake.callsOf('startBillingRun');
    expect(sent?.invoices.map((i) => [i.draft.customer.name, i.draft.contact?.id, i.draft.positions.length])).toEqual([
      [alpha.name, 'k-alpha', 2],
      [beta.name, 'k-beta', 1],
    ]);
    expect(sent?.setAside).toEqual([{ id: s.gamma.id, number: s.gamma.number, reason: 'customer-not-linked' }]);

    getByRole(dialog, 'heading', 'Billing run in progress');
    expect(getByRole(dialog, 'status').textContent).toContain('0 of 2 invoices created');
    runPanel.runUpdated(runOf([{ state: 'recorded', invoice: { id: 'i1', number: 'RE1', url: 'https://app.lexware.de/permalink/invoices/view/i1' } }, { state: 'creating' }], { updatedAt: '2026-11-30T17:00:30.000Z' }));
    await flush();
    expect(getByRole(dialog, 'status').textContent).toContain('1 of 2 invoices created');

    await click(getByRole(dialog, 'button', 'Pause'));
    await flush();
    expect(fake.callsOf('controlBillingRun')).toEqual([{ runId: 'run-1', action: 'pause' }]);
    expect(getByRole(dialog, 'status').textContent).toContain('Paused');
    getByRole(dialog, 'button', 'Resume');
    await click(getByRole(dialog, 'button', 'Cancel run'));
    await flush();
    expect(getByRole(dialog, 'status').textContent).toContain('the invoice in progress is finished, the rest is not sent');
  });

  it('shows the report: created invoices with their links, failed ones with the reason and "Retry failed", and the CSV', async () => {
    const s = selection();
    const finished = runOf(
      [
        { customerName: alpha.name, state: 'recorded', grossMinor: 208250, invoice: { id: 'i1', number: 'RE1', url: 'https://app.lexware.de/permalink/invoices/view/i1' } },
        { customerName: beta.name, state: 'failed', error: { code: 'validation', message: 'contact deleted' } },
      ],
      { status: 'done', finishedAt: '2026-11-30T17:05:00.000Z' },
    );
    const { dialog, fake } = await openRun([...s.alpha, s.beta], {
      startBillingRun: () => ({ ok: true, run: finished }),
      controlBillingRun: () => ({ ok: true, run: { ...finished, status: 'running', updatedAt: '2026-11-30T17:06:00.000Z' } }),
    });
    await click(getByRole(dialog, 'button', 'Start billing run'));
    await flush();

    getByRole(dialog, 'heading', 'Billing run report');
    expect(getByRole(dialog, 'status').textContent).toBe('1 of 2 invoices created, 1 failed, 0 not started.');
    const link = getByRole(getByRole(dialog, 'region', 'Created'), 'link', 'Invoice RE1 for Alpha Logistik GmbH') as HTMLAnchorElement;
    expect(link.href).toBe('https://app.lexware.de/permalink/invoices/view/i1');
    expect(textOf(getByRole(dialog, 'region', 'Failed'))).toContain('Beta Transporte KG · EUR:');
    expect(textOf(getByRole(dialog, 'region', 'Not in this run'))).toContain('A-G: Not linked to a Lexware Office contact');

    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:report';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await click(getByRole(dialog, 'button', 'Download CSV'));
    const csv = await created[0]!.text();
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Status;Customer;Currency;Orders;Net;Gross;Invoice number;Link;Note');
    expect(lines[1]).toBe('Created and recorded on the orders;Alpha Logistik GmbH;EUR;A-0;€1,000.00;€2,082.50;RE1;https://app.lexware.de/permalink/invoices/view/i1;');
    expect(lines[3]).toBe('Not in this run;;;A-G;;;;;Not linked to a Lexware Office contact');

    await click(getByRole(dialog, 'button', 'Retry failed'));
    await flush();
    expect(fake.callsOf('controlBillingRun')).toEqual([{ runId: 'run-1', action: 'retry-failed' }]);
    getByRole(dialog, 'heading', 'Billing run in progress');
  });

  it('speaks German', async () => {
    const s = selection();
    const { dialog } = await openRun([...s.alpha, s.alphaChf, s.beta, s.gamma], {}, 'de');
    getByRole(dialog, 'heading', 'Abrechnungslauf: 2 Rechnungen für 3 Aufträge, 2 brauchen Ihre Aufmerksamkeit');
    getByRole(dialog, 'button', 'Abrechnungslauf starten');
    getByRole(dialog, 'button', 'Gamma Spedition AG verknüpfen');
  });
});
