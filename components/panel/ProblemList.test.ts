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

  it('has no blocking hint when nothing blocks', () => {
    const wrapper = mountList([{ code: 'price-zero', severity: 'warning', orderId: 'o-1', params: { orderNumber: 'A-1' } }]);
    expect(wrapper.text()).not.toContain('Solve the problems');
    expect(items(wrapper)).toEqual(['Note Order A-1: the price is 0.']);
  });

  it('explains an unreadable order and lets the user leave it out', async () => {
    const wrapper = mountList([
      { code: 'read-failed', severity: 'blocking', orderId: 'o-7', params: { orderNumber: 'A-7', reason: 'tms-unreachable' } },
      { code: 'read-failed', severity: 'blocking', orderId: 'o-8', params: { orderNumber: 'A-8', reason: 'field-invalid', field: 'stops.1.date' } },
    ]);
    expect(items(wrapper)).toEqual([
      'Blocking Order A-7: the TMS did not answer. Leave out',
      'Blocking Order A-8: a field could not be read (stops.1.date). Leave out',
    ]);
    const [first] = queryAllByRole(wrapper, 'button', 'Leave out');
    await click(first!);
    expect(wrapper.emitted('leaveOut')).toEqual([['o-7']]);
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
});
