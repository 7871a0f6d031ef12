import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import MoneyInput from './MoneyInput.vue';
import { getByLabelText, queryAllByText, type } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';
import type { Locale } from '@/utils/i18n/translate';

function mountInput(minor: number, locale: Locale, currency = 'EUR') {
  const wrapper = mount(MoneyInput, { props: { minor, currency, label: 'Unit price A-1', id: 'price-a-1' }, global: { plugins: plugins(locale) } });
  return { wrapper, input: getByLabelText(wrapper, 'Unit price A-1') };
}

describe('MoneyInput', () => {
  it('shows the amount in the user\'s notation, with its currency', () => {
    expect(mountInput(123456, 'de').input.value).toBe('1234,56');
    const { wrapper, input } = mountInput(98050, 'en', 'CHF');
    expect(input.value).toBe('980.50');
    expect(wrapper.text()).toContain('CHF');
  });

  it('reads German notation with thousands dots', async () => {
    const { wrapper, input } = mountInput(0, 'de');
    type(input, '1.234,56');
    await wrapper.vm.$nextTick();
    expect(wrapper.emitted('change')).toEqual([[123456]]);
    expect(wrapper.emitted('validity')).toEqual([[true]]);
    expect(input.getAttribute('aria-invalid')).toBe('false');
  });

  it('reads English notation', async () => {
    const { wrapper, input } = mountInput(0, 'en');
    type(input, '1,234.5');
    await wrapper.vm.$nextTick();
    expect(wrapper.emitted('change')).toEqual([[123450]]);
  });

  it('explains an invalid amount, marks the field invalid and keeps the text', async () => {
    const { wrapper, input } = mountInput(125000, 'de');
    type(input, '12,3,4');
    await wrapper.vm.$nextTick();

    expect(wrapper.emitted('validity')).toEqual([[false]]);
    expect(wrapper.emitted('change')).toBeUndefined();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.value).toBe('12,3,4');
    const [message] = queryAllByText(wrapper, 'Geben Sie einen Betrag wie 1234,56 ein');
    expect(message).toBeDefined();
    // The message is tied to the field for screen readers.
    expect(input.getAttribute('aria-describedby')).toBe(message!.id);
  });

  it('refuses a negative amount and too many decimals', async () => {
    const { wrapper, input } = mountInput(125000, 'en');
    type(input, '-5');
    type(input, '12.345');
    await wrapper.vm.$nextTick();
    expect(wrapper.emitted('validity')).toEqual([[false], [false]]);
    expect(wrapper.text()).toContain('Enter an amount like 1234.56');
  });

  it('clears the error once the amount is valid again', async () => {
    const { wrapper, input } = mountInput(125000, 'en');
    type(input, 'abc');
    await wrapper.vm.$nextTick();
    type(input, '99');
    await wrapper.vm.$nextTick();
    expect(wrapper.emitted('validity')).toEqual([[false], [true]]);
    expect(wrapper.emitted('change')).toEqual([[9900]]);
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(wrapper.text()).not.toContain('Enter an amount');
  });

  it('follows a new amount from outside', async () => {
    const { wrapper, input } = mountInput(125000, 'en');
    await wrapper.setProps({ minor: 99000 });
    expect(input.value).toBe('990.00');
  });
});
