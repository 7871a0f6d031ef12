import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import PopupStatus from './PopupStatus.vue';
import { click, flush, getByRole, queryByRole, textOf } from '@/tests/support/dom';
import { deliverMessagesFrom, extensionPage } from '@/tests/support/messaging';
import { plugins } from '@/tests/support/panel';
import { handle, removeAllHandlers, type ResponseOf } from '@/utils/messaging';

beforeEach(() => {
  // The messaging library keeps its own listener registry; fakeBrowser.reset() does not clear it.
  removeAllHandlers();
  deliverMessagesFrom(extensionPage('popup.html'));
});

async function mountPopup(status?: ResponseOf<'getStatus'>) {
  if (status) handle('getStatus', () => status);
  const wrapper = mount(PopupStatus, { global: { plugins: plugins() } });
  await flush();
  return wrapper;
}

/** The definition list as "term: value" lines. */
const facts = (wrapper: Awaited<ReturnType<typeof mountPopup>>) => wrapper.findAll('dt').map((dt) => `${textOf(dt.element)}: ${textOf(dt.element.nextElementSibling!)}`);

describe('PopupStatus', () => {
  it('shows the billing system and that no key is saved yet', async () => {
    const wrapper = await mountPopup({ locale: 'en', connection: { provider: 'sevdesk', configured: false } });
    getByRole(wrapper, 'heading', 'Frachtbeleg');
    expect(facts(wrapper)).toEqual(['Billing system: sevdesk', 'Connection: No API key yet']);
    expect(queryByRole(wrapper, 'alert')).toBeNull();
  });

  it('shows a saved key, in the language the background says', async () => {
    const wrapper = await mountPopup({ locale: 'de', connection: { provider: 'lexware', configured: true } });
    expect(facts(wrapper)).toEqual(['Buchhaltungssystem: Lexware Office', 'Verbindung: API-Schlüssel gespeichert']);
  });

  it('says the extension did not answer when the background is not there', async () => {
    const wrapper = await mountPopup();
    expect(getByRole(wrapper, 'alert').textContent).toBe('The extension did not answer. Reload the page and try again.');
    expect(wrapper.findAll('dt')).toHaveLength(0);
  });

  describe('settings', () => {
    const runtime = fakeBrowser.runtime as { openOptionsPage?: () => Promise<void> };
    afterEach(() => {
      delete runtime.openOptionsPage;
    });

    it('opens the options page', async () => {
      runtime.openOptionsPage = vi.fn(async () => undefined);
      const wrapper = await mountPopup({ locale: 'en', connection: { provider: 'lexware', configured: true } });
      await click(getByRole(wrapper, 'button', 'Settings'));
      expect(runtime.openOptionsPage).toHaveBeenCalledTimes(1);
    });
  });
});
