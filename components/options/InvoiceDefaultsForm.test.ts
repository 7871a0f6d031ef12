import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import InvoiceDefaultsForm from './InvoiceDefaultsForm.vue';
import { useSettingsStore } from '@/composables/settings';
import { click, flush, getByLabelText, getByRole, queryByRole, type } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';

// Attached to the document: a form submits only when it is in one.
enableAutoUnmount(afterEach);

const storedSettings = async () => (await fakeBrowser.storage.local.get('settings')).settings as Record<string, unknown> | undefined;

/** Mounts the form the way the options page does: once the settings are loaded. */
async function mountForm() {
  const pinia = createPinia();
  await useSettingsStore(pinia).load();
  const wrapper = mount(InvoiceDefaultsForm, { global: { plugins: plugins('en', pinia) }, attachTo: document.body });
  return {
    wrapper,
    provider: getByLabelText<HTMLSelectElement>(wrapper, 'Active billing system'),
    unitName: getByLabelText(wrapper, /^Unit name/),
    finalize: getByRole(wrapper, 'checkbox', 'Finalize invoices right away (they can no longer be changed)') as HTMLInputElement,
    language: getByLabelText<HTMLSelectElement>(wrapper, 'Language'),
    save: getByRole(wrapper, 'button', 'Save'),
  };
}

describe('InvoiceDefaultsForm', () => {
  it('shows the defaults when nothing is stored', async () => {
    const form = await mountForm();
    getByRole(form.wrapper, 'heading', 'Invoice defaults');
    expect(form.provider.value).toBe('lexware');
    expect(form.unitName.value).toBe('Transport');
    expect(form.finalize.checked).toBe(false);
    expect(form.language.value).toBe('auto');
  });

  it('shows the stored settings', async () => {
    await fakeBrowser.storage.local.set({ settings: { provider: 'sevdesk', language: 'de', invoice: { unitName: 'Fuhre', finalize: true } } });
    const form = await mountForm();
    expect(form.provider.value).toBe('sevdesk');
    expect(form.unitName.value).toBe('Fuhre');
    expect(form.finalize.checked).toBe(true);
    expect(form.language.value).toBe('de');
  });

  it('saves the changes to storage and says "Saved"', async () => {
    const form = await mountForm();
    expect(queryByRole(form.wrapper, 'status')).toBeNull();

    form.provider.value = 'sevdesk';
    form.provider.dispatchEvent(new Event('change'));
    type(form.unitName, 'Fuhre');
    await click(form.finalize);
    await click(form.save);

    expect(getByRole(form.wrapper, 'status').textContent).toBe('Saved');
    expect(await storedSettings()).toMatchObject({ provider: 'sevdesk', language: 'auto', invoice: { unitName: 'Fuhre', finalize: true, domesticTaxRate: 19 } });
  });

  it('keeps settings it does not show', async () => {
    await fakeBrowser.storage.local.set({ settings: { invoice: { paymentTermDays: 14, texts: { en: { title: 'Invoice {orderNumbers}' } } } } });
    const form = await mountForm();
    type(form.unitName, 'Tour');
    await click(form.save);
    expect(await storedSettings()).toMatchObject({ invoice: { unitName: 'Tour', paymentTermDays: 14, texts: { en: { title: 'Invoice {orderNumbers}' } } } });
  });

  it('does not save an empty unit name, and says why', async () => {
    await fakeBrowser.storage.local.set({ settings: { invoice: { unitName: 'Fuhre' } } });
    const form = await mountForm();
    type(form.unitName, '   ');
    await click(form.save);
    await flush();

    expect(await storedSettings()).toMatchObject({ invoice: { unitName: 'Fuhre' } });
    expect(queryByRole(form.wrapper, 'status')).toBeNull();
    expect(getByRole(form.wrapper, 'alert').textContent).toMatch(/^Something went wrong: .*unitName/);
    expect(form.unitName.required).toBe(true);
  });
});
