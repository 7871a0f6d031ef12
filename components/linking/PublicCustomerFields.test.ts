import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import PublicCustomerFields from './PublicCustomerFields.vue';
import { click, flush, getByLabelText, getByRole, queryAllByLabelText, queryByRole, textOf, type } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';
import type { PublicCustomer } from '@/utils/domain/public-customer';
import type { ProviderId } from '@/utils/domain/ids';
import type { Locale } from '@/utils/i18n/translate';

enableAutoUnmount(afterEach);

function mountFields(options: { provider?: ProviderId; value?: PublicCustomer; locale?: Locale } = {}) {
  const save = vi.fn(async (_value: PublicCustomer | null) => null);
  const wrapper = mount(PublicCustomerFields, {
    props: { customerName: 'Stadt Musterhausen', provider: options.provider ?? 'lexware', value: options.value, save },
    global: { plugins: plugins(options.locale ?? 'en') },
    attachTo: document.body,
  });
  return { wrapper, save };
}

describe('PublicCustomerFields', () => {
  it('marks a customer as public authority with a valid Leitweg-ID and our supplier number (Lexware)', async () => {
    const { wrapper, save } = mountFields();
    expect(queryAllByLabelText(wrapper, 'Leitweg-ID')).toEqual([]);
    await click(getByLabelText(wrapper, 'Public authority (invoice as XRechnung)'));
    type(getByLabelText(wrapper, 'Leitweg-ID'), ' 04011000-1234512345-06 ');
    type(getByLabelText(wrapper, 'Our supplier number at Stadt Musterhausen'), 'L-4711');
    expect(textOf(wrapper.element)).toContain('Lexware Office receives the Leitweg-ID and the supplier number on the contact and creates an XRechnung');
    await click(getByRole(wrapper, 'button', 'Save'));
    await flush();
    expect(save).toHaveBeenCalledWith({ leitwegId: '04011000-1234512345-06', vendorNumberAtCustomer: 'L-4711' });
    expect(textOf(getByRole(wrapper, 'status'))).toBe('Stadt Musterhausen is invoiced as a public authority with Leitweg-ID 04011000-1234512345-06.');
  });

  it('refuses a Leitweg-ID whose check digits do not match, naming the right ones, and saves nothing', async () => {
    const { wrapper, save } = mountFields();
    await click(getByLabelText(wrapper, 'Public authority (invoice as XRechnung)'));
    const input = getByLabelText(wrapper, 'Leitweg-ID');
    type(input, '04011000-1234512345-07');
    await click(getByRole(wrapper, 'button', 'Save'));
    expect(textOf(getByRole(wrapper, 'alert'))).toBe("The check digits don't match: for this Leitweg-ID they would be 06. Please check for a typo.");
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(save).not.toHaveBeenCalled();
  });

  it('refuses a malformed or empty Leitweg-ID', async () => {
    const { wrapper, save } = mountFields();
    await click(getByLabelText(wrapper, 'Public authority (invoice as XRechnung)'));
    await click(getByRole(wrapper, 'button', 'Save'));
    expect(textOf(getByRole(wrapper, 'alert'))).toBe('Enter the Leitweg-ID.');
    type(getByLabelText(wrapper, 'Leitweg-ID'), '05-1-123456-78');
    await flush();
    expect(textOf(getByRole(wrapper, 'alert'))).toContain('This is not a Leitweg-ID');
    expect(save).not.toHaveBeenCalled();
  });

  it('sevdesk: says plainly that its API makes ZUGFeRD, not XRechnung, and asks for no supplier number', async () => {
    const { wrapper } = mountFields({ provider: 'sevdesk', value: { leitwegId: '991-33333TEST-33' } });
    expect(getByLabelText(wrapper, 'Public authority (invoice as XRechnung)').checked).toBe(true);
    expect(getByLabelText(wrapper, 'Leitweg-ID').value).toBe('991-33333TEST-33');
    expect(queryAllByLabelText(wrapper, /supplier number/)).toEqual([]);
    expect(textOf(wrapper.element)).toContain('sevdesk creates a ZUGFeRD e-invoice through its API, not an XRechnung.');
  });

  it('unmarking saves null and says so', async () => {
    const { wrapper, save } = mountFields({ value: { leitwegId: '991-33333TEST-33', vendorNumberAtCustomer: 'L-1' } });
    await click(getByLabelText(wrapper, 'Public authority (invoice as XRechnung)'));
    await click(getByRole(wrapper, 'button', 'Save'));
    await flush();
    expect(save).toHaveBeenCalledWith(null);
    expect(textOf(getByRole(wrapper, 'status'))).toBe('Stadt Musterhausen is no longer marked as a public authority.');
  });

  it('speaks German', async () => {
    const { wrapper } = mountFields({ locale: 'de' });
    await click(getByLabelText(wrapper, 'Öffentlicher Auftraggeber (Rechnung als XRechnung)'));
    type(getByLabelText(wrapper, 'Leitweg-ID'), '991-33333TEST-34');
    await click(getByRole(wrapper, 'button', 'Speichern'));
    expect(textOf(getByRole(wrapper, 'alert'))).toBe('Die Prüfziffer passt nicht: Für diese Leitweg-ID wäre sie 33. Bitte auf Tippfehler prüfen.');
    expect(queryByRole(wrapper, 'status')).toBeNull();
  });
});
