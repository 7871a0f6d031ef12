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
    getByRole(form.wrapper, 'heading', 'Invoices');
    getByRole(form.wrapper, 'heading', 'Texts on the invoice (Deutsch)');
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
    expect(getByRole(form.wrapper, 'alert').textContent).toBe('Please correct the marked fields.');
    expect(form.unitName.getAttribute('aria-invalid')).toBe('true');
    expect(form.unitName.required).toBe(true);
  });

  it('saves the price plausibility limit (default 100,000) and refuses one below 1', async () => {
    const form = await mountForm();
    const limit = getByLabelText(form.wrapper, 'Warn about order prices above');
    expect(limit.value).toBe('100000');
    type(limit, '0');
    await click(form.save);
    await flush();
    expect(limit.getAttribute('aria-invalid')).toBe('true');
    expect(getByRole(form.wrapper, 'alert').textContent).toBe('Please correct the marked fields.');
    type(limit, '250000');
    await click(form.save);
    await flush();
    expect(await storedSettings()).toMatchObject({ invoice: { priceWarningLimit: 250000 } });
  });
});

describe('InvoiceDefaultsForm: texts, extra lines, payment and tax', () => {
  it('checks template placeholders as you type and shows a live example', async () => {
    const form = await mountForm();
    const title = getByLabelText(form.wrapper, 'Title') as HTMLInputElement;
    type(title, 'Rechnung {orderNumbers}');
    await flush();
    expect(form.wrapper.text()).toContain('Example: Rechnung A-2026-0412, A-2026-0413');
    expect(form.wrapper.text()).toContain('Lexware Office allows 25 characters');
    type(title, 'Rechnung {auftrag}');
    await flush();
    expect(getByRole(form.wrapper, 'alert').textContent).toContain('Unknown placeholder: {auftrag}');
    await click(form.save);
    await flush();
    expect(await storedSettings()).toBeUndefined();
  });

  it('saves texts for the chosen invoice language, extra lines, payment terms and tax defaults', async () => {
    const form = await mountForm();
    (getByLabelText(form.wrapper, 'Invoice language') as HTMLSelectElement).value = 'en';
    (getByLabelText(form.wrapper, 'Invoice language') as HTMLSelectElement).dispatchEvent(new Event('change'));
    await flush();
    getByRole(form.wrapper, 'heading', 'Texts on the invoice (English)');
    type(getByLabelText(form.wrapper, 'Closing remark') as HTMLTextAreaElement, 'Thank you, {customerName}!');
    await click(getByRole(form.wrapper, 'button', 'Add line'));
    type(getByLabelText(form.wrapper, 'Label 1') as HTMLInputElement, 'Cost centre');
    type(getByLabelText(form.wrapper, 'Content 1') as HTMLInputElement, 'KST {customerReference}');
    await flush();
    expect(form.wrapper.text()).toContain('Example: Cost centre: KST PO-7781');
    const days = form.wrapper.find<HTMLInputElement>('input[type="radio"][value="days"]').element;
    days.checked = true;
    days.dispatchEvent(new Event('change'));
    await flush();
    const rate = getByLabelText(form.wrapper, 'VAT rate for domestic transport') as HTMLSelectElement;
    rate.value = '7';
    rate.dispatchEvent(new Event('change'));
    await click(form.save);
    await flush();
    expect(await storedSettings()).toMatchObject({
      invoice: {
        language: 'en',
        texts: { en: { remark: 'Thank you, {customerName}!' } },
        extraFields: [{ label: 'Cost centre', template: 'KST {customerReference}' }],
        paymentTermDays: 14,
        domesticTaxRate: 7,
      },
    });
  });
});

describe('InvoiceDefaultsForm: freight references', () => {
  it('shows the standard text, a live example that leaves empty references out, and saves the template per invoice language', async () => {
    const form = await mountForm();
    const field = getByLabelText<HTMLTextAreaElement>(form.wrapper, 'Freight references in each position (Deutsch)');
    expect(field.value).toBe('');
    expect(field.placeholder.split('\n')[0]).toBe('Ihre Referenz {customerReference} · Auftrag {orderNumber}');

    type(field, 'Ref. {customerReference} · {orderNumber}\nCMR {cmrNumber} · Lkw {vehicle}\n{from} → {to}, {deliveryDate}\nFrankatur: {freightTerms}\nMRN {exportReference}');
    await flush();
    const example = form.wrapper.get('#tpl-references-example').text();
    expect(example).toBe('Example: Ref. PO-7781 · A-2026-0412\nCMR 4471123 · Lkw HH-FB 4711\nBasel (CH) → München, 11.11.2026\nFrankatur: frei Haus\nMRN 26CH00000012345678');

    await click(form.save);
    await flush();
    expect(await storedSettings()).toMatchObject({ invoice: { texts: { de: { references: expect.stringMatching(/^Ref\. \{customerReference\}/) }, en: { references: '' } } } });
  });

  it('refuses a placeholder it does not know, by name', async () => {
    const form = await mountForm();
    type(getByLabelText(form.wrapper, 'Freight references in each position (Deutsch)'), 'CMR {cmr}');
    await flush();
    expect(getByRole(form.wrapper, 'alert').textContent).toContain('Unknown placeholder: {cmr}');
    await click(form.save);
    await flush();
    expect(await storedSettings()).toBeUndefined();
  });
});
