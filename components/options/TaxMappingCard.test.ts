import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { toRaw } from 'vue';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import TaxMappingCard from './TaxMappingCard.vue';
import { useSettingsStore } from '@/composables/settings';
import { click, flush, getByLabelText, getByRole, queryByRole, textOf, type } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';
import { DEFAULT_SETTINGS, settingsItem } from '@/utils/storage';
import { DEFAULT_TAX_MAPPING } from '@/utils/domain/tax-mapping';
import { plainCopy } from '@/utils/messaging';

enableAutoUnmount(afterEach);

const storedMapping = async () => ((await fakeBrowser.storage.local.get('settings')).settings as { invoice?: { taxMapping?: unknown } } | undefined)?.invoice?.taxMapping;

async function mountCard(locale: 'en' | 'de' = 'en') {
  const pinia = createPinia();
  await useSettingsStore(pinia).load();
  return mount(TaxMappingCard, { global: { plugins: plugins(locale, pinia) }, attachTo: document.body });
}
type Card = Awaited<ReturnType<typeof mountCard>>;

const select = (card: Card, name: string) => getByRole(card, 'combobox', name) as HTMLSelectElement;
const chosen = (card: Card, name: string) => {
  const el = select(card, name);
  return el.options[el.selectedIndex]?.text;
};
/** Picks an option by its visible words, as a user does. */
function choose(card: Card, name: string, words: string) {
  const el = select(card, name);
  const option = [...el.options].find((o) => o.text === words);
  if (!option) throw new Error(`${name} has no option ${words}: ${[...el.options].map((o) => o.text).join(', ')}`);
  el.value = option.value;
  el.dispatchEvent(new Event('change'));
}
const save = (card: Card) => click(getByRole(card, 'button', 'Save tax table'));

describe('TaxMappingCard', () => {
  it('shows one row per tax case with the defaults of the fact sheet', async () => {
    const card = await mountCard();
    getByRole(card, 'heading', 'Tax cases: booking and legal notes');
    const table = getByRole(card, 'table');
    expect(table.querySelectorAll('tbody tr')).toHaveLength(6);
    getByRole(card, 'rowheader', /^Domestic A business in Germany/);
    expect(chosen(card, 'Lexware tax type for Domestic')).toBe('Net (VAT added)');
    expect(chosen(card, 'sevdesk tax rule for Domestic')).toBe('1 – taxable');
    expect(chosen(card, 'E-invoice VAT category for Domestic')).toBe('S – standard rate');
    expect(chosen(card, 'E-invoice duty for Domestic')).toBe('Yes');
    expect(chosen(card, 'Lexware tax type for EU reverse charge')).toBe('External service § 13b (reverse charge)');
    expect(chosen(card, 'sevdesk tax rule for EU reverse charge')).toBe('21 – reverse charge § 13b / § 18b');
    expect(chosen(card, 'Exemption reason code for EU reverse charge')).toBe('VATEX-EU-AE');
    expect(chosen(card, 'sevdesk tax rule for Customer outside the EU')).toBe('17 – not taxable in Germany');
    expect(chosen(card, 'E-invoice duty for Transport only in third countries')).toBe('Ask the tax adviser');
    expect(getByLabelText(card, 'Legal note (German) for Export or import transport').value).toBe(DEFAULT_TAX_MAPPING.exemptCrossBorder.note.de);
    expect(getByLabelText(card, 'Legal note (English) for EU reverse charge').value).toBe('Reverse charge: VAT is owed by the recipient of the service.');
    // Domestic needs no exemption code, and no row differs from the defaults.
    expect(textOf(getByRole(card, 'row', /^Domestic/))).toContain('Not needed for this category');
    expect(textOf(card)).not.toContain('Changed from the default');
  });

  it('saves a changed note and the adviser\'s sign-off, and marks the row as changed', async () => {
    const card = await mountCard();
    type(getByLabelText(card, 'Legal note (English) for EU reverse charge'), '  Reverse charge (Art. 196 VAT Directive).  ');
    type(getByLabelText(card, 'Confirmed by for EU reverse charge'), 'Kanzlei Hansen');
    type(getByLabelText(card, 'Confirmed on for EU reverse charge'), '2026-11-30');
    await flush();
    expect(textOf(getByRole(card, 'rowheader', /^EU reverse charge/))).toContain('Changed from the default');
    expect(textOf(getByRole(card, 'rowheader', /^Domestic/))).not.toContain('Changed from the default');
    await save(card);
    getByRole(card, 'status', 'Tax table saved.');
    expect(await storedMapping()).toEqual({
      ...DEFAULT_TAX_MAPPING,
      intraEuReverseCharge: {
        ...DEFAULT_TAX_MAPPING.intraEuReverseCharge,
        note: { de: DEFAULT_TAX_MAPPING.intraEuReverseCharge.note.de, en: 'Reverse charge (Art. 196 VAT Directive).' },
        confirmedBy: 'Kanzlei Hansen',
        confirmedAt: '2026-11-30',
      },
    });
  });

  it('keeps unsaved edits when another card saves the settings', async () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    await settingsItem.set({ ...settings, invoice: { ...settings.invoice, taxMapping: structuredClone(DEFAULT_TAX_MAPPING) } });
    const card = await mountCard();
    type(getByLabelText(card, 'Confirmed by for Domestic'), 'Kanzlei Hansen');
    const store = useSettingsStore();
    const current = plainCopy(toRaw(store.settings));
    await store.save({ ...current, invoice: { ...current.invoice, unitName: 'Fahrt' } });
    await flush();
    expect(getByLabelText(card, 'Confirmed by for Domestic').value).toBe('Kanzlei Hansen');
  });

  it('refuses category S with sevdesk rule 21, naming the case and the rule, and stores nothing', async () => {
    const card = await mountCard();
    choose(card, 'sevdesk tax rule for Domestic', '21 – reverse charge § 13b / § 18b');
    type(getByLabelText(card, 'Legal note (English) for Private customer'), 'A note that must not be saved half-valid.');
    await save(card);
    const alert = getByRole(card, 'alert');
    expect(textOf(alert)).toBe('Not saved; nothing was changed. Please correct: Domestic: sevdesk rule 1 (taxable) belongs to category S, and category S needs rule 1.');
    expect(queryByRole(card, 'status', 'Tax table saved.')).toBeNull();
    expect(await storedMapping()).toBeUndefined();
  });

  it('refuses a tax-free row without a German legal note', async () => {
    const card = await mountCard();
    type(getByLabelText(card, 'Legal note (German) for Export or import transport'), '   ');
    await save(card);
    expect(textOf(getByRole(card, 'alert'))).toContain('Export or import transport: a tax-free or reverse-charge invoice must say why (§ 14 (4) No. 8 UStG): enter the German legal note.');
    expect(await storedMapping()).toBeUndefined();
  });

  it('switching a category picks the exemption code that belongs to it', async () => {
    const card = await mountCard();
    choose(card, 'E-invoice VAT category for Export or import transport', 'O – not subject to VAT');
    choose(card, 'Lexware tax type for Export or import transport', 'Service in a third country');
    choose(card, 'sevdesk tax rule for Export or import transport', '17 – not taxable in Germany');
    await flush();
    expect(chosen(card, 'Exemption reason code for Export or import transport')).toBe('VATEX-EU-O');
    await save(card);
    expect((await storedMapping()) as Record<string, unknown>).toMatchObject({
      exemptCrossBorder: { category: 'O', lexwareTaxType: 'thirdPartyCountryService', sevdeskTaxRule: 17, exemptionReasonCode: 'VATEX-EU-O' },
    });
  });

  it('resets a stored table to the defaults after a confirm step', async () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    const mapping = structuredClone(DEFAULT_TAX_MAPPING);
    mapping.domestic.note = { de: 'Alter Hinweis', en: 'Old note' };
    mapping.domestic.confirmedBy = 'Kanzlei Hansen';
    await settingsItem.set({ ...settings, invoice: { ...settings.invoice, taxMapping: mapping } });
    const card = await mountCard();
    expect(getByLabelText(card, 'Legal note (German) for Domestic').value).toBe('Alter Hinweis');
    expect(textOf(getByRole(card, 'rowheader', /^Domestic/))).toContain('Changed from the default');

    await click(getByRole(card, 'button', 'Reset to defaults'));
    const question = getByRole(card, 'group', 'Replace the whole table with the defaults? Your changes and the sign-offs are removed.');
    await click(getByRole(question, 'button', 'Keep my table'));
    expect(await storedMapping()).toEqual(mapping);

    await click(getByRole(card, 'button', 'Reset to defaults'));
    await click(getByRole(card, 'button', 'Yes, reset to defaults'));
    await flush();
    getByRole(card, 'status', 'The table is back to the defaults.');
    expect(await storedMapping()).toBeUndefined();
    expect(getByLabelText(card, 'Legal note (German) for Domestic').value).toBe('');
    expect(getByLabelText(card, 'Confirmed by for Domestic').value).toBe('');
    expect(textOf(card)).not.toContain('Changed from the default');
  });

  it('in German, refusals included', async () => {
    const card = await mountCard('de');
    getByRole(card, 'heading', 'Steuerfälle: Buchung und Rechnungshinweise');
    expect(chosen(card, 'sevdesk-Steuerregel für Inland')).toBe('1 – umsatzsteuerpflichtig');
    expect(chosen(card, 'Umsatzsteuerkategorie (E-Rechnung) für EU, Reverse Charge')).toBe('AE – Reverse Charge');
    choose(card, 'sevdesk-Steuerregel für Inland', '21 – Reverse Charge § 13b / § 18b');
    await click(getByRole(card, 'button', 'Steuertabelle speichern'));
    expect(textOf(getByRole(card, 'alert'))).toContain('Inland: sevdesk-Regel 1 (umsatzsteuerpflichtig) gehört zu Kategorie S, und Kategorie S braucht Regel 1.');
    getByRole(card, 'button', 'Auf Vorgaben zurücksetzen');
  });
});
