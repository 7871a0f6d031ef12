import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import EInvoiceCard from './EInvoiceCard.vue';
import { useSettingsStore } from '@/composables/settings';
import { click, flush, getByLabelText, getByRole, queryByRole, textOf, type } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';
import { fakeBackground } from '@/tests/support/background';
import { DEFAULT_SETTINGS, settingsItem } from '@/utils/storage';
import type { ResponseOf } from '@/utils/messaging';

enableAutoUnmount(afterEach);

const storedInvoice = async () => ((await fakeBrowser.storage.local.get('settings')).settings as { invoice?: Record<string, unknown> } | undefined)?.invoice;

async function mountCard(locale: 'en' | 'de' = 'en') {
  const pinia = createPinia();
  await useSettingsStore(pinia).load();
  const wrapper = mount(EInvoiceCard, { global: { plugins: plugins(locale, pinia) }, attachTo: document.body });
  return wrapper;
}

describe('EInvoiceCard', () => {
  it('"Issue e-invoices" is on by default, and no company data is stored', async () => {
    const card = await mountCard();
    getByRole(card, 'heading', 'E-invoices');
    expect((getByRole(card, 'checkbox', 'Issue e-invoices') as HTMLInputElement).checked).toBe(true);
    expect(getByLabelText(card, 'VAT ID (USt-IdNr.)').value).toBe('');
  });

  it('saves the switch and the company data, trimmed, leaving empty fields out', async () => {
    const card = await mountCard();
    await click(getByRole(card, 'checkbox', 'Issue e-invoices'));
    type(getByLabelText(card, 'VAT ID (USt-IdNr.)'), ' DE123456789 ');
    type(getByLabelText(card, 'IBAN'), 'DE89 3704 0044 0532 0130 00');
    type(getByLabelText(card, 'Phone'), '+49 40 123456');
    await click(getByRole(card, 'button', 'Save e-invoice settings'));
    await flush();
    getByRole(card, 'status', 'Saved.');
    expect((await storedInvoice())?.eInvoice).toEqual({ issue: false, seller: { vatId: 'DE123456789', iban: 'DE89 3704 0044 0532 0130 00', phone: '+49 40 123456' } });
  });

  it('refuses a malformed VAT ID or IBAN, saying so, and stores nothing', async () => {
    const card = await mountCard();
    type(getByLabelText(card, 'VAT ID (USt-IdNr.)'), 'DE12345');
    type(getByLabelText(card, 'IBAN'), 'DE89');
    await flush();
    getByRole(card, 'alert', 'That is not a valid VAT ID (e.g. DE123456789).');
    getByRole(card, 'alert', 'That is not a valid IBAN (e.g. DE89 3704 0044 0532 0130 00).');
    await click(getByRole(card, 'button', 'Save e-invoice settings'));
    expect(queryByRole(card, 'status', 'Saved.')).toBeNull();
    expect((await storedInvoice())?.eInvoice).toBeUndefined();
  });

  it('in German', async () => {
    const card = await mountCard('de');
    getByRole(card, 'checkbox', 'E-Rechnungen ausstellen');
    getByLabelText(card, 'Steuernummer');
  });

  describe('sevdesk payment method', () => {
    const METHODS = [
      { id: '21919', name: 'Überweisung' },
      { id: '21920', name: 'Lastschrift' },
    ];
    async function mountSevdesk(answer: () => ResponseOf<'getSevdeskPaymentMethods'>, stored?: { id: string; name: string }) {
      const settings = structuredClone(DEFAULT_SETTINGS);
      await settingsItem.set({ ...settings, provider: 'sevdesk', invoice: { ...settings.invoice, eInvoice: { issue: true, seller: {}, ...(stored ? { sevdeskPaymentMethod: stored } : {}) } } });
      const bg = fakeBackground({ getSevdeskPaymentMethods: answer }, 'options.html');
      const card = await mountCard();
      await flush();
      return { card, bg };
    }
    const select = (card: Awaited<ReturnType<typeof mountCard>>) => getByRole(card, 'combobox', 'Payment method for e-invoices') as HTMLSelectElement;

    it('offers the methods sevdesk lists and stores the chosen one with its name', async () => {
      const { card, bg } = await mountSevdesk(() => ({ ok: true, methods: METHODS }));
      expect(bg.callsOf('getSevdeskPaymentMethods')).toHaveLength(1);
      expect([...select(card).options].map((o) => o.text)).toEqual(['None chosen', 'Überweisung', 'Lastschrift']);
      select(card).value = '21920';
      select(card).dispatchEvent(new Event('change'));
      await click(getByRole(card, 'button', 'Save e-invoice settings'));
      await flush();
      expect((await storedInvoice())?.eInvoice).toEqual({ issue: true, seller: {}, sevdeskPaymentMethod: { id: '21920', name: 'Lastschrift' } });
    });

    it('keeps a stored method sevdesk no longer lists visible, and says when the list could not be read', async () => {
      const { card } = await mountSevdesk(() => ({ ok: false, error: { code: 'auth', message: 'No sevdesk API key saved' } }), { id: '777', name: 'PayPal' });
      expect(select(card).value).toBe('777');
      expect([...select(card).options].map((o) => o.text)).toEqual(['None chosen', 'PayPal (no longer listed by sevdesk)']);
      expect(textOfAlert(card)).toContain('Could not read the payment methods from sevdesk.');
    });

    it('is not shown for Lexware Office', async () => {
      const card = await mountCard();
      expect(card.find('select').exists()).toBe(false);
    });
  });
});

const textOfAlert = (card: { element: Element }) => [...card.element.querySelectorAll('[role="alert"]')].map((e) => e.textContent).join(' ');

describe('EInvoiceCard: company data from the billing system', () => {
  async function mountWith(answer: () => ResponseOf<'getCompanyData'>, seller: Record<string, string> = {}, provider: 'lexware' | 'sevdesk' = 'sevdesk') {
    const settings = structuredClone(DEFAULT_SETTINGS);
    await settingsItem.set({ ...settings, provider, invoice: { ...settings.invoice, eInvoice: { issue: true, seller } } });
    const bg = fakeBackground({ getCompanyData: answer, getSevdeskPaymentMethods: () => ({ ok: true, methods: [] }) }, 'options.html');
    const card = await mountCard();
    await flush();
    return { card, bg };
  }
  const sevdeskIban = (): ResponseOf<'getCompanyData'> => ({ ok: true, provider: 'sevdesk', data: { seller: { iban: 'DE89370400440532013000' } } });

  it('prefills an empty field from sevdesk with a visible source mark, saved only when the user saves', async () => {
    const { card } = await mountWith(sevdeskIban);
    const iban = getByLabelText(card, 'IBAN');
    expect(iban.value).toBe('DE89370400440532013000');
    expect(textOf(card.element)).toContain('From sevdesk: check it, then save.');
    expect(iban.getAttribute('aria-describedby')).toContain('seller-iban-source');
    expect(textOf(card.element)).toContain('sevdesk reports the IBAN of your bank account.');
    expect((await storedInvoice())?.eInvoice).toEqual({ issue: true, seller: {} });
    await click(getByRole(card, 'button', 'Save e-invoice settings'));
    await flush();
    expect((await storedInvoice())?.eInvoice).toEqual({ issue: true, seller: { iban: 'DE89370400440532013000' } });
  });

  it('never overwrites what the user typed: shows the difference and takes the value only when asked', async () => {
    const { card } = await mountWith(sevdeskIban, { iban: 'DE02 1203 0000 0000 2020 51' });
    const iban = getByLabelText(card, 'IBAN');
    expect(iban.value).toBe('DE02 1203 0000 0000 2020 51');
    expect(textOf(card.element)).toContain('sevdesk has DE89370400440532013000.');
    await click(getByRole(card, 'button', 'Use the IBAN from sevdesk'));
    expect(iban.value).toBe('DE89370400440532013000');
    expect(queryByRole(card, 'button', 'Use the IBAN from sevdesk')).toBeNull();
  });

  it('the same IBAN written with spaces is no difference', async () => {
    const { card } = await mountWith(sevdeskIban, { iban: 'DE89 3704 0044 0532 0130 00' });
    expect(queryByRole(card, 'button', 'Use the IBAN from sevdesk')).toBeNull();
  });

  it('Lexware Office: names the company it reports, says which data its API does not report, and warns when the plan has no XRechnung', async () => {
    const { card } = await mountWith(() => ({ ok: true, provider: 'lexware', data: { companyName: 'Fuhrunternehmen Sandmann GmbH', seller: {}, xRechnungAvailable: false } }), {}, 'lexware');
    const text = textOf(card.element);
    expect(text).toContain('Lexware Office reports your company "Fuhrunternehmen Sandmann GmbH". Its API does not report your VAT ID, tax number, IBAN, phone, e-mail or address');
    expect(text).toContain("Your Lexware Office plan does not include XRechnung (INVOICING_PRO): invoices to public authorities can't be XRechnungen.");
    expect(getByLabelText(card, 'IBAN').value).toBe('');
  });

  it('says when the data could not be read, in German too', async () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    await settingsItem.set({ ...settings, language: 'de', provider: 'lexware' });
    fakeBackground({ getCompanyData: () => ({ ok: false, error: { code: 'auth', message: 'No Lexware Office API key saved' } }) }, 'options.html');
    const card = await mountCard('de');
    await flush();
    expect(textOf(getByRole(card, 'alert'))).toContain('Ihre Firmendaten ließen sich nicht aus Lexware Office lesen:');
  });
});
