/**
 * A billing run's planned invoice in the ordinary preview, as the user meets it: "Open in
 * preview" on a row of the review shows exactly that invoice's orders, the changes made
 * there are kept when going back (the row says "Edited" with the edited totals, and offers
 * "Undo edits"), the rest of the review stays as it was, and the run starts with the edits.
 */
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import InvoicePanel from './InvoicePanel.vue';
import { createPanelStore } from '@/composables/invoice-panel';
import { createRunPanel } from '@/composables/billing-run-panel';
import { click, flush, getByLabelText, getByRole, queryAllByRole, queryByRole, textOf, type } from '@/tests/support/dom';
import { fakeAdapter, fakeSend, invoicingContext, panelEnvironment, plugins, readOk, type Answers } from '@/tests/support/panel';
import { makeOrder, nordlicht } from '@/tests/support/orders';
import type { Order } from '@/utils/domain/order';
import type { Locale } from '@/utils/i18n/translate';
import { makeRun } from '@/tests/support/runs';

enableAutoUnmount(afterEach);

const customer = (name: string, id: string): Order['customer'] => ({ ...nordlicht, id, name, customerNumber: id });
const alpha = customer('Alpha Logistik GmbH', 'c-alpha');
const beta = customer('Beta Transporte KG', 'c-beta');

const linked = invoicingContext({
  links: {
    [alpha.id]: { contact: { id: 'k-alpha', name: alpha.name } },
    [beta.id]: { contact: { id: 'k-beta', name: beta.name } },
  },
});

/** Alpha: €1,250.00 and €500.00 in EUR, one order in CHF (set aside for Lexware); Beta: €2,000.00. */
function selection() {
  return {
    alpha: [makeOrder({ customer: alpha }), makeOrder({ customer: alpha, price: { minor: 50000, currency: 'EUR' } })],
    alphaChf: makeOrder({ customer: alpha, price: { minor: 90000, currency: 'CHF' } }),
    beta: makeOrder({ customer: beta, price: { minor: 200000, currency: 'EUR' } }),
  };
}

async function openRun(orders: Order[], answers: Answers = {}, locale: Locale = 'en') {
  const store = createPanelStore();
  const runPanel = createRunPanel(store);
  const fake = fakeSend({ getInvoicingContext: () => ({ ...linked, locale }), startBillingRun: () => ({ ok: true, run: makeRun() }), ...answers });
  const environment = panelEnvironment(fakeAdapter(orders.map(readOk)), fake.send);
  store.configure(environment);
  runPanel.configure(environment);
  const wrapper = mount(InvoicePanel, { global: { plugins: [...plugins(locale, store), runPanel] }, attachTo: document.body });
  await store.open({ kind: 'list', ids: orders.map((o) => o.id) });
  await flush();
  return { store, runPanel, fake, dialog: getByRole(wrapper, 'dialog') };
}

const invoicesTable = (dialog: HTMLElement) => getByRole(dialog, 'table', /^(Invoices of the run|Rechnungen des Laufs)$/);
/** The review's line of one customer's invoice. */
const rowOf = (dialog: HTMLElement, name: string) => queryAllByRole(invoicesTable(dialog), 'rowheader').find((th) => textOf(th).startsWith(name))!.parentElement!;
const priceOf = (dialog: HTMLElement, order: Order) => getByLabelText(dialog, `Unit price (net) ${order.number}`);

async function edit(el: HTMLElement, value: string) {
  type(el, value);
  await flush();
}

describe('Billing run review: a planned invoice in the preview', () => {
  it('opens exactly that invoice\'s orders, keeps a changed price when going back, and marks the row as edited with its new totals', async () => {
    const s = selection();
    const { dialog } = await openRun([...s.alpha, s.alphaChf, s.beta]);
    const leaveOutChf = [...getByRole(dialog, 'region', 'Needs attention').querySelectorAll('li')].find((li) => li.textContent!.includes('CHF'))!;
    await click(getByRole(leaveOutChf, 'button', 'Leave out'));

    await click(getByRole(dialog, 'button', 'Open the invoice for Alpha Logistik GmbH (EUR) in the preview'));
    getByRole(dialog, 'heading', 'Invoice of the billing run: Alpha Logistik GmbH (EUR)');
    // Alpha's two EUR orders, not Beta's nor the CHF order.
    expect(queryAllByRole(dialog, 'textbox').filter((el) => el.getAttribute('aria-label')?.startsWith('Unit price')).map((el) => el.getAttribute('aria-label'))).toEqual([
      `Unit price (net) ${s.alpha[0]!.number}`,
      `Unit price (net) ${s.alpha[1]!.number}`,
    ]);
    expect(queryByRole(dialog, 'button', 'Start billing run')).toBeNull();
    expect(queryByRole(dialog, 'button', 'Save and create invoice')).toBeNull();

    await edit(priceOf(dialog, s.alpha[1]!), '600.00');
    expect(textOf(dialog.querySelector('footer')!)).toContain('Gross: €2,201.50');
    await click(getByRole(dialog, 'button', 'Back to the review'));

    getByRole(dialog, 'heading', 'Billing run: 2 invoices for 3 orders');
    expect(textOf(rowOf(dialog, alpha.name))).toBe(
      'Alpha Logistik GmbH One invoice per order Edited EUR 2 €1,850.00 €2,201.50 Open in preview Undo edits Leave out',
    );
    expect(textOf(rowOf(dialog, beta.name))).toBe('Beta Transporte KG One invoice per order EUR 1 €2,000.00 €2,380.00 Open in preview Leave out');
    // What was decided for the other groups is still there.
    expect(textOf(getByRole(dialog, 'region', 'Left out'))).toContain(s.alphaChf.number);
    // The focus is back on the invoice the user came from.
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Open the invoice for Alpha Logistik GmbH (EUR) in the preview');

    // Opened again, the preview shows the price the user typed.
    await click(getByRole(rowOf(dialog, alpha.name), 'button', 'Open the invoice for Alpha Logistik GmbH (EUR) in the preview'));
    expect((priceOf(dialog, s.alpha[1]!) as HTMLInputElement).value).toBe('600.00');
  });

  it('starts the run with the edited invoice and the others as composed', async () => {
    const s = selection();
    const { dialog, fake } = await openRun([...s.alpha, s.beta]);
    await click(getByRole(dialog, 'button', 'Open the invoice for Alpha Logistik GmbH (EUR) in the preview'));
    await edit(priceOf(dialog, s.alpha[0]!), '1300');
    await edit(getByLabelText(getByRole(dialog, 'group', new RegExp(s.alpha[0]!.number)), 'Name'), 'Sonderfahrt Hamburg → München');
    await click(getByRole(dialog, 'button', 'Back to the review'));
    await click(getByRole(dialog, 'button', 'Start billing run'));

    const [sent] = fake.callsOf('startBillingRun');
    const positions = (name: string) => sent!.invoices.find((i) => i.draft.customer.name === name)!.draft.positions.map((p) => [p.orderNumber, p.name.split(',')[0], p.unitPriceMinor]);
    expect(positions(alpha.name)).toEqual([
      [s.alpha[0]!.number, 'Sonderfahrt Hamburg → München', 130000],
      [s.alpha[1]!.number, expect.any(String), 50000],
    ]);
    expect(positions(beta.name)).toEqual([[s.beta.number, expect.any(String), 200000]]);
  });

  it('"Undo edits" gives back the invoice as composed; going back without a change marks nothing', async () => {
    const s = selection();
    const { dialog, fake } = await openRun([...s.alpha, s.beta]);
    await click(getByRole(dialog, 'button', 'Open the invoice for Beta Transporte KG (EUR) in the preview'));
    await click(getByRole(dialog, 'button', 'Back to the review'));
    expect(textOf(rowOf(dialog, beta.name))).not.toContain('Edited');

    await click(getByRole(dialog, 'button', 'Open the invoice for Beta Transporte KG (EUR) in the preview'));
    await edit(priceOf(dialog, s.beta), '2100');
    // Escape in the invoice goes back to the review, not out of the panel.
    getByRole(dialog, 'heading', /Invoice of the billing run/).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    expect(textOf(rowOf(dialog, beta.name))).toContain('Edited EUR 1 €2,100.00 €2,499.00');

    await click(getByRole(dialog, 'button', 'Undo the edits to the invoice for Beta Transporte KG (EUR)'));
    expect(textOf(rowOf(dialog, beta.name))).toBe('Beta Transporte KG One invoice per order EUR 1 €2,000.00 €2,380.00 Open in preview Leave out');
    await click(getByRole(dialog, 'button', 'Start billing run'));
    expect(fake.callsOf('startBillingRun')[0]!.invoices.find((i) => i.draft.customer.name === beta.name)!.draft.positions[0]!.unitPriceMinor).toBe(200000);
  });

  it('shows an edit that makes the invoice unsendable in its row, and starts the run without it', async () => {
    const s = selection();
    const { dialog, fake } = await openRun([...s.alpha, s.beta]);
    await click(getByRole(dialog, 'button', 'Open the invoice for Beta Transporte KG (EUR) in the preview'));
    await edit(getByLabelText(dialog, 'Name'), '');
    await click(getByRole(dialog, 'button', 'Back to the review'));

    getByRole(dialog, 'heading', 'Billing run: 1 invoice for 2 orders, 1 needs attention');
    expect(textOf(rowOf(dialog, beta.name))).toContain(`Edited Not started as edited: Order ${s.beta.number}: the position needs a name.`);
    await click(getByRole(dialog, 'button', 'Start billing run'));
    const [sent] = fake.callsOf('startBillingRun');
    expect(sent!.invoices.map((i) => i.draft.customer.name)).toEqual([alpha.name]);
    expect(sent!.setAside).toEqual([{ id: s.beta.id, number: s.beta.number, reason: 'invoice-problems' }]);
  });

  it('opens a split collective invoice part by part', async () => {
    const many = Array.from({ length: 301 }, () => makeOrder({ customer: alpha, price: { minor: 1000, currency: 'EUR' } }));
    const { dialog } = await openRun([...many, selection().beta]);
    await click(getByRole(dialog, 'button', 'Open the invoice for Alpha Logistik GmbH (EUR), part 2 of 2 in the preview'));
    getByRole(dialog, 'heading', 'Invoice of the billing run: Alpha Logistik GmbH (EUR), part 2 of 2');
    // Part 2 holds the latest order only (date order; the numbers break the tie).
    getByRole(dialog, 'group', new RegExp(`Position 1 · ${many[300]!.number}$`));
    expect(queryAllByRole(dialog, 'textbox').filter((el) => el.getAttribute('aria-label')?.startsWith('Unit price'))).toHaveLength(1);
    await edit(priceOf(dialog, many[300]!), '20');
    await click(getByRole(dialog, 'button', 'Back to the review'));

    const [first, second] = queryAllByRole(invoicesTable(dialog), 'rowheader').map((th) => textOf(th.parentElement!));
    expect(first).not.toContain('Edited');
    expect(second).toContain('Edited EUR 1 €20.00 €23.80');
  });

  it('leaving an order out in the preview leaves it out of the run, and the edits stay with the invoice', async () => {
    const s = selection();
    const { dialog } = await openRun([...s.alpha, s.beta]);
    await click(getByRole(dialog, 'button', 'Open the invoice for Alpha Logistik GmbH (EUR) in the preview'));
    await edit(priceOf(dialog, s.alpha[0]!), '1000');
    await click(getByRole(getByRole(dialog, 'group', new RegExp(s.alpha[1]!.number)), 'button', 'Leave out'));
    await click(getByRole(dialog, 'button', 'Back to the review'));

    expect(textOf(getByRole(dialog, 'region', 'Left out'))).toContain(s.alpha[1]!.number);
    expect(textOf(rowOf(dialog, alpha.name))).toContain('Edited EUR 1 €1,000.00 €1,190.00');
  });

  it('speaks German', async () => {
    const s = selection();
    const { dialog } = await openRun([...s.alpha, s.beta], {}, 'de');
    await click(getByRole(dialog, 'button', 'Rechnung für Alpha Logistik GmbH (EUR) in der Vorschau öffnen'));
    getByRole(dialog, 'heading', 'Rechnung des Abrechnungslaufs: Alpha Logistik GmbH (EUR)');
    await edit(getByLabelText(dialog, `Einzelpreis (netto) ${s.alpha[0]!.number}`), '1300,00');
    await click(getByRole(dialog, 'button', 'Zurück zur Übersicht'));
    expect(textOf(rowOf(dialog, alpha.name))).toContain('Bearbeitet');
    getByRole(dialog, 'button', 'Änderungen an der Rechnung für Alpha Logistik GmbH (EUR) verwerfen');
  });
});
