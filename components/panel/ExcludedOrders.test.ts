import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ExcludedOrders from './ExcludedOrders.vue';
import { click, getByRole, queryAllByRole, queryByRole, textOf } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';
import type { Composition } from '@/utils/domain/compose';

const mountList = (excluded: Composition['excluded']) => mount(ExcludedOrders, { props: { excluded }, global: { plugins: plugins() } });

describe('ExcludedOrders', () => {
  it('shows nothing when every order is on the invoice', () => {
    expect(queryByRole(mountList([]), 'heading')).toBeNull();
  });

  it('offers the right way back for each reason', async () => {
    const wrapper = mountList([
      { orderId: 'o-1', orderNumber: 'A-1', reason: 'already-invoiced' },
      { orderId: 'o-2', orderNumber: 'A-2', reason: 'left-out' },
      { orderId: 'o-3', orderNumber: 'A-3', reason: 'unreadable' },
      { orderId: 'o-4', orderNumber: 'A-4', reason: 'invoice-in-progress' },
    ]);
    getByRole(wrapper, 'heading', 'Not on this invoice');
    expect(queryAllByRole(wrapper, 'listitem').map((li) => textOf(li))).toEqual(['A-1 Include anyway', 'A-2 Put back', 'A-3 Put back', 'A-4']);

    await click(getByRole(wrapper, 'button', 'Include anyway'));
    const [, putBackUnreadable] = queryAllByRole(wrapper, 'button', 'Put back');
    await click(putBackUnreadable!);

    expect(wrapper.emitted('include')).toEqual([['o-1']]);
    expect(wrapper.emitted('putBack')).toEqual([['o-3']]);
  });
});
