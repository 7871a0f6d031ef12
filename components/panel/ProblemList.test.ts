import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ProblemList from './ProblemList.vue';
import { click, getByRole, queryAllByRole, queryByRole, textOf } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';
import type { Problem } from '@/utils/domain/problems';
import type { ProviderId } from '@/utils/domain/provider-rules';

function mountList(problems: Problem[], provider: ProviderId = 'lexware', customerName = 'Spedition Nordlicht GmbH') {
  return mount(ProblemList, { props: { problems, provider, customerName }, global: { plugins: plugins() } });
}

const items = (wrapper: ReturnType<typeof mountList>) => queryAllByRole(wrapper, 'listitem').map((li) => textOf(li));

describe('ProblemList', () => {
  it('shows nothing without problems', () => {
    expect(queryByRole(mountList([]), 'heading')).toBeNull();
  });

  it('lists blocking problems first, each with its severity', () => {
    const wrapper = mountList([
      { code: 'already-invoiced', severity: 'warning', orderId: 'o-2', params: { orderNumber: 'A-2' } },
      { code: 'invoice-in-progress', severity: 'info', orderId: 'o-3', params: { orderNumber: 'A-3' } },
      { code: 'no-contact', severity: 'blocking' },
    ]);
    getByRole(wrapper, 'heading', 'Before sending');
    expect(wrapper.text()).toContain('Solve the problems marked as blocking to create the invoice.');
    expect(items(wrapper)).toEqual([
      'Blocking Link Spedition Nordlicht GmbH to a Lexware Office contact below.',
      'Note Order A-2 has an invoice already and is left out.',
      'Info Order A-3 is being invoiced right now and is left out.',
    ]);
  });

  it("names the customer's country in the user's language, as the tax case's reason does", () => {
    const problem: Problem = { code: 'vat-id-missing', severity: 'blocking', params: { country: 'AT' } };
    expect(items(mountList([problem], 'lexware', 'Alpenholz Handels GmbH'))).toEqual([
      "Blocking Alpenholz Handels GmbH is a business in Austria without a VAT ID: reverse charge needs the customer's VAT ID. Add it in the TMS, or choose another tax case.",
    ]);
    const german = mount(ProblemList, { props: { problems: [problem], provider: 'sevdesk', customerName: 'Alpenholz Handels GmbH' }, global: { plugins: plugins('de') } });
    expect(queryAllByRole(german, 'listitem').map((li) => textOf(li))[0]).toContain('Alpenholz Handels GmbH ist ein Unternehmen in Österreich ohne USt-IdNr.');
  });

  it('has no blocking hint when nothing blocks', () => {
    const wrapper = mountList([{ code: 'price-zero', severity: 'warning', orderId: 'o-1', params: { orderNumber: 'A-1' } }]);
    expect(wrapper.text()).not.toContain('Solve the problems');
    expect(items(wrapper)).toEqual(['Note Order A-1: the price is 0.']);
  });

  it('explains an unreadable order and lets the user leave it out', async () => {
    const wrapper = mountList([
      { code: 'read-failed', severity: 'blocking', orderId: 'o-7', params: { orderNumber: 'A-7', reason: 'tms-unreachable' } },
      { code: 'read-failed', severity: 'blocking', orderId: 'o-8', params: { orderNumber: 'A-8', reason: 'field-invalid', field: 'stopAddress' } },
    ]);
    expect(items(wrapper)).toEqual([
      'Blocking Order A-7: the TMS did not answer. Leave out',
      'Blocking Order A-8: the address of a stop could not be read. Leave out',
    ]);
    const [first] = queryAllByRole(wrapper, 'button', 'Leave out');
    await click(first!);
    expect(wrapper.emitted('leaveOut')).toEqual([['o-7']]);
  });

  it('names the address an order’s detail page is on when it is not granted, with a button to grant it', async () => {
    const wrapper = mountList([{ code: 'read-failed', severity: 'blocking', orderId: 'o-59', params: { orderNumber: 'o-59', reason: 'access-missing', field: 'source', host: 'detail.kombi.localhost' } }]);
    expect(items(wrapper)).toEqual([
      'Blocking Order o-59: its detail page is on detail.kombi.localhost, which Frachtbeleg may not open yet: grant access to detail.kombi.localhost in the settings (TMS sites). Grant access to detail.kombi.localhost Leave out',
    ]);
    await click(getByRole(wrapper, 'button', 'Grant access to detail.kombi.localhost'));
    expect(wrapper.emitted('grantAccess')).toHaveLength(1);
    const german = mount(ProblemList, { props: { problems: [{ code: 'read-failed', severity: 'blocking', orderId: 'o-59', params: { orderNumber: 'o-59', reason: 'access-missing', field: 'source', host: 'detail.kombi.localhost' } }], provider: 'lexware', customerName: '' }, global: { plugins: plugins('de') } });
    getByRole(german, 'button', 'Zugriff auf detail.kombi.localhost erlauben');
  });

  it('says when the recipe reads an order from a page that is not available here, not that the TMS did not answer', () => {
    const problem = { code: 'read-failed', severity: 'blocking', orderId: 'o-9', params: { orderNumber: 'A-9', reason: 'source-unavailable', field: 'source' } } as const;
    expect(items(mountList([problem]))).toEqual([
      'Blocking Order A-9: the recipe reads it from the TMS page itself, which is not available here: open the order or its list in the TMS and try again. Leave out',
    ]);
    const german = mount(ProblemList, { props: { problems: [problem], provider: 'lexware', customerName: '' }, global: { plugins: plugins('de') } });
    expect(textOf(queryAllByRole(german, 'listitem')[0]!)).toContain('das Rezept liest es aus der TMS-Seite selbst, die hier nicht verfügbar ist');
  });

  it('names the customers when the orders belong to several', () => {
    const wrapper = mountList([{ code: 'mixed-customers', severity: 'blocking', params: { customers: 'Spedition Nordlicht GmbH, Alpen Logistik AG', count: 2 } }], 'lexware', '');
    expect(wrapper.text()).toContain('The orders belong to 2 customers (Spedition Nordlicht GmbH, Alpen Logistik AG).');
    expect(queryByRole(wrapper, 'button')).toBeNull();
  });

  it('names the billing system and translates field names', () => {
    const wrapper = mountList([
      { code: 'currency-not-supported', severity: 'blocking', params: { currency: 'CHF', provider: 'lexware', supported: 'EUR' } },
      { code: 'text-shortened', severity: 'warning', params: { field: 'title', limit: 25 } },
    ]);
    expect(items(wrapper)).toEqual([
      'Blocking Lexware Office takes invoices in EUR only; these orders are in CHF. Use sevdesk for foreign currencies, or change the orders.',
      'Note The title was shortened to 25 characters, the limit of Lexware Office.',
    ]);
  });

  it('names the field that is wrong in the user\'s words, never "customer missing" for a bad reference', () => {
    const wrapper = mountList([
      { code: 'read-failed', severity: 'blocking', orderId: 'o-9', params: { orderNumber: 'A-9', reason: 'field-too-long', field: 'customerReference', limit: 100000 } },
      { code: 'read-failed', severity: 'blocking', orderId: 'o-10', params: { orderNumber: 'A-10', reason: 'field-missing', field: 'customerName' } },
    ]);
    expect(items(wrapper)).toEqual([
      'Blocking Order A-9: the customer reference is longer than 100,000 characters. Leave out',
      'Blocking Order A-10: the customer name is missing. Leave out',
    ]);
    expect(wrapper.text()).not.toContain('customer missing');
  });

  it('shows data warnings as notes that do not block sending', () => {
    const wrapper = mountList([
      { code: 'delivery-before-pickup', severity: 'warning', orderId: 'o-1', params: { orderNumber: 'A-1' } },
      { code: 'date-far', severity: 'warning', orderId: 'o-2', params: { orderNumber: 'A-2', date: '2028-01-05' } },
      { code: 'price-implausible', severity: 'warning', orderId: 'o-3', params: { orderNumber: 'A-3', limit: 100000, currency: 'EUR' } },
      { code: 'value-interpreted', severity: 'warning', orderId: 'o-4', params: { orderNumber: 'A-4', field: 'weight' } },
      { code: 'duplicate-order-number', severity: 'warning', params: { orderNumber: 'A-5', count: 2 } },
    ]);
    expect(wrapper.text()).not.toContain('Solve the problems');
    expect(items(wrapper)).toEqual([
      'Note Order A-1: the delivery is dated before the pickup. Check the dates.',
      'Note Order A-2: the date 2028-01-05 is more than a year away from today. Check it.',
      'Note Order A-3: the price is above 100,000 EUR, your plausibility limit. Check it.',
      'Note Order A-4: the weight was given as text and interpreted. Check the value.',
      'Note Order number A-5 is selected 2 times. Check that it is not the same order twice.',
    ]);
    expect(queryByRole(wrapper, 'button', 'Leave out')).toBeNull();
  });
});
