import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import QuarantineCard from './QuarantineCard.vue';
import { click, flush, getByRole, queryByRole, textOf } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';
import { ledgerItem, readQuarantine, secretsItem } from '@/utils/storage';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ledgerEntry } from '@/tests/support/ledger';
import type { Locale } from '@/utils/i18n/translate';

enableAutoUnmount(afterEach);


/** A ledger with one entry an older version wrote differently, read once by the background. */
async function damageLedger() {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  await fakeBrowser.storage.local.set({ ledger: [ledgerEntry(1), { ...ledgerEntry(2), positionNetMinor: '1.250,00' }, ledgerEntry(3)] });
  await ledgerItem.get();
}

async function mountCard(locale: Locale = 'en') {
  const wrapper = mount(QuarantineCard, { global: { plugins: plugins(locale) }, attachTo: document.body });
  await flush();
  return wrapper;
}

describe('QuarantineCard', () => {
  it('shows nothing while every stored entry reads fine', async () => {
    expect(queryByRole(await mountCard(), 'heading')).toBeNull();
  });

  it('says "1 entry could not be read", where it came from and why', async () => {
    await damageLedger();
    const wrapper = await mountCard();
    getByRole(wrapper, 'heading', '1 stored entry could not be read');
    expect(textOf(wrapper.element)).toContain('Invoice ledger');
    expect(textOf(wrapper.element)).toContain('positionNetMinor');
    // The good entries are still in the ledger.
    expect((await ledgerItem.get()).map((e) => e.orderId)).toEqual(['o-1', 'o-3']);
  });

  it('"Download it" saves the entry exactly as it was stored', async () => {
    await damageLedger();
    const wrapper = await mountCard();
    let saved: Blob | undefined;
    const createObjectURL = vi.fn((b: Blob) => ((saved = b), 'blob:x'));
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await click(getByRole(wrapper, 'button', 'Download it'));
    expect(clicked).toHaveBeenCalledTimes(1);
    const file = JSON.parse(await saved!.text()) as { key: string; path: unknown[]; raw: unknown }[];
    expect(file).toEqual([expect.objectContaining({ key: 'local:ledger', path: [1], raw: { ...ledgerEntry(2), positionNetMinor: '1.250,00' } })]);
  });

  it('"Delete it" removes it, and the notice goes', async () => {
    await damageLedger();
    const wrapper = await mountCard();
    await click(getByRole(wrapper, 'button', 'Delete it'));
    await flush();
    expect(await readQuarantine()).toEqual([]);
    expect(queryByRole(wrapper, 'heading')).toBeNull();
  });

  it('lists an unreadable API key without its value and offers no download of it', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await fakeBrowser.storage.local.set({ secrets: { lexware: { apiKey: 'x', savedAt: 'y' } } });
    await secretsItem.get();
    const wrapper = await mountCard('de');
    getByRole(wrapper, 'heading', '1 gespeicherter Eintrag konnte nicht gelesen werden');
    expect(textOf(wrapper.element)).toContain('API-Schlüssel');
    expect(queryByRole(wrapper, 'button', 'Herunterladen')).toBeNull();
    getByRole(wrapper, 'button', 'Löschen');
  });
});
