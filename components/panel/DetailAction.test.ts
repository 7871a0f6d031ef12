import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import DetailAction from './DetailAction.vue';
import { click, getByRole, isDisabled } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';

describe('DetailAction', () => {
  it('offers "Create invoice" and emits create', async () => {
    const wrapper = mount(DetailAction, { global: { plugins: plugins() } });
    await click(getByRole(wrapper, 'button', 'Create invoice'));
    expect(wrapper.emitted('create')).toHaveLength(1);
  });

  it('is disabled while busy, and in German says "Rechnung erstellen"', () => {
    const wrapper = mount(DetailAction, { props: { busy: true }, global: { plugins: plugins('de') } });
    expect(isDisabled(getByRole(wrapper, 'button', 'Rechnung erstellen'))).toBe(true);
  });
});
