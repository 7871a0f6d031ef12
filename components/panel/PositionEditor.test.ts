import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import PositionEditor from './PositionEditor.vue';
import { click, getByLabelText, getByRole, queryByRole, type } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';
import type { Position } from '@/utils/domain/invoice';
import type { Money } from '@/utils/domain/money';
import { PROVIDER_RULES } from '@/utils/domain/provider-rules';
import type { Locale } from '@/utils/i18n/translate';

const position: Position = {
  orderId: 'o-0001',
  orderNumber: 'A-2026-0001',
  name: 'Transport Hamburg → München',
  description: 'Auftrag A-2026-0001\nAbholung: Hamburg',
  quantity: '1.5',
  unitName: 'Transport',
  unitPriceMinor: 125000,
  taxRatePercent: 19,
};

function mountEditor(options: { lineTotal?: Money; removable?: boolean; locale?: Locale } = {}) {
  return mount(PositionEditor, {
    props: {
      position,
      index: 0,
      currency: 'EUR',
      lineTotalMinor: options.lineTotal?.minor,
      limits: PROVIDER_RULES.lexware.limits,
      removable: options.removable ?? false,
    },
    global: { plugins: plugins(options.locale ?? 'en') },
  });
}

describe('PositionEditor', () => {
  it('shows the position: number, texts, quantity, unit, price, VAT and line total', () => {
    const wrapper = mountEditor({ lineTotal: { minor: 187500, currency: 'EUR' } });
    getByRole(wrapper, 'group', 'Position 1 · A-2026-0001');
    expect(getByLabelText(wrapper, 'Name').value).toBe('Transport Hamburg → München');
    expect(getByLabelText<HTMLTextAreaElement>(wrapper, /^Description/).value).toBe(position.description);
    expect(wrapper.text()).toContain(`${position.description.length} / 2,000 characters`);
    expect(getByLabelText(wrapper, 'Quantity').value).toBe('1.5');
    expect(getByLabelText(wrapper, 'Unit price (net) A-2026-0001').value).toBe('1250.00');
    expect(wrapper.text()).toContain('Transport');
    expect(wrapper.text()).toContain('19 %');
    expect(wrapper.text()).toContain('€1,875.00');
  });

  it('shows a dash when there is no line total', () => {
    expect(mountEditor().find('.fb-line-total').text()).toContain('–');
  });

  it('writes the quantity in German notation for German users', () => {
    expect(getByLabelText(mountEditor({ locale: 'de' }), 'Menge').value).toBe('1,5');
  });

  it('emits edits of name, description, quantity and price', () => {
    const wrapper = mountEditor();
    type(getByLabelText(wrapper, 'Name'), 'Transport HH → M');
    type(getByLabelText(wrapper, /^Description/), 'Neu');
    type(getByLabelText(wrapper, 'Quantity'), '2,25');
    type(getByLabelText(wrapper, 'Unit price (net) A-2026-0001'), '980.5');
    const id = position.orderId;
    expect(wrapper.emitted('edit')).toEqual([[id, { name: 'Transport HH → M' }], [id, { description: 'Neu' }], [id, { quantity: '2.25' }], [id, { unitPriceMinor: 98050 }]]);
    expect(wrapper.emitted('validity')).toEqual([
      [id, 'quantity', true],
      [id, 'price', true],
    ]);
  });

  it('explains an invalid quantity and does not emit it', async () => {
    const wrapper = mountEditor();
    const quantity = getByLabelText(wrapper, 'Quantity');
    type(quantity, '0');
    await wrapper.vm.$nextTick();
    expect(wrapper.text()).toContain('Enter a quantity greater than 0');
    expect(quantity.getAttribute('aria-invalid')).toBe('true');
    type(quantity, 'zwei');
    expect(wrapper.emitted('validity')).toEqual([
      [position.orderId, 'quantity', false],
      [position.orderId, 'quantity', false],
    ]);
    expect(wrapper.emitted('edit')).toBeUndefined();
  });

  it('reports an invalid price as invalid', () => {
    const wrapper = mountEditor();
    type(getByLabelText(wrapper, 'Unit price (net) A-2026-0001'), '12.3.4');
    expect(wrapper.emitted('validity')).toEqual([[position.orderId, 'price', false]]);
    expect(wrapper.emitted('edit')).toBeUndefined();
  });

  it('offers "Leave out" only when the position can be removed', async () => {
    expect(queryByRole(mountEditor(), 'button', 'Leave out')).toBeNull();
    const wrapper = mountEditor({ removable: true });
    await click(getByRole(wrapper, 'button', 'Leave out'));
    expect(wrapper.emitted('leaveOut')).toEqual([[position.orderId]]);
  });
});
