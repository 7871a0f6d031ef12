import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import PopupStatus from './PopupStatus.vue';
import { click, flush, getByRole, queryByRole, textOf } from '@/tests/support/dom';
import { fakeBackground } from '@/tests/support/background';
import { deferred, plugins } from '@/tests/support/panel';
import type { Locale } from '@/utils/i18n/translate';
import type { ResponseOf } from '@/utils/messaging';

type Status = ResponseOf<'getStatus'>;

async function mountStatus(status: Status | null, options: { failed?: boolean; locale?: Locale } = {}) {
  const wrapper = mount(PopupStatus, { props: { status, failed: options.failed ?? false }, global: { plugins: plugins(options.locale ?? status?.locale ?? 'en') } });
  await flush();
  return wrapper;
}

const connection = (wrapper: Awaited<ReturnType<typeof mountStatus>>) => textOf(wrapper.find('.popup-connection').element);

describe('PopupStatus', () => {
  it('shows the billing system and that no key is saved yet, without asking the billing system', async () => {
    const background = fakeBackground();
    const wrapper = await mountStatus({ locale: 'en', connection: { provider: 'sevdesk', configured: false } });
    getByRole(wrapper, 'heading', 'Frachtbeleg');
    expect(connection(wrapper)).toBe('sevdesk Not connected: no API key yet');
    expect(background.callsOf('testConnection')).toEqual([]);
    expect(queryByRole(wrapper, 'alert')).toBeNull();
  });

  it('shows whom the key connects to, asking the background for a recent answer', async () => {
    const background = fakeBackground();
    const wrapper = await mountStatus({ locale: 'en', connection: { provider: 'lexware', configured: true } });
    expect(connection(wrapper)).toBe('Lexware Office Connected to Fuhrunternehmen Sandmann GmbH');
    expect(background.callsOf('testConnection')).toEqual([{ provider: 'lexware', cached: true }]);
  });

  it('says it is checking while the test runs', async () => {
    const pending = deferred<ResponseOf<'testConnection'>>();
    fakeBackground({ testConnection: () => pending.promise });
    const wrapper = await mountStatus({ locale: 'en', connection: { provider: 'lexware', configured: true } });
    expect(connection(wrapper)).toBe('Lexware Office Checking the connection…');
    pending.resolve({ ok: true, companyName: 'Muster GmbH' });
    await flush();
    expect(connection(wrapper)).toBe('Lexware Office Connected to Muster GmbH');
  });

  it('says why it is not connected when the billing system refuses the key', async () => {
    fakeBackground({ testConnection: () => ({ ok: false, error: { code: 'auth', message: 'HTTP 401', status: 401 } }) });
    const wrapper = await mountStatus({ locale: 'en', connection: { provider: 'lexware', configured: true } });
    expect(connection(wrapper)).toBe('Lexware Office Not connected: Lexware Office refused the API key. Check the key in the settings.');
  });

  it('speaks German when the background says so', async () => {
    fakeBackground();
    const wrapper = await mountStatus({ locale: 'de', connection: { provider: 'lexware', configured: true } });
    expect(connection(wrapper)).toBe('Lexware Office Verbunden mit Fuhrunternehmen Sandmann GmbH');
    getByRole(wrapper, 'button', 'Einstellungen');
  });

  it('says the extension did not answer when the background is not there', async () => {
    fakeBackground();
    const wrapper = await mountStatus(null, { failed: true });
    expect(getByRole(wrapper, 'alert').textContent).toBe('The extension did not answer. Reload the page and try again.');
    expect(wrapper.find('.popup-connection').exists()).toBe(false);
  });

  describe('settings', () => {
    const runtime = fakeBrowser.runtime as { openOptionsPage?: () => Promise<void> };
    afterEach(() => {
      delete runtime.openOptionsPage;
    });

    it('opens the options page', async () => {
      fakeBackground();
      runtime.openOptionsPage = vi.fn(async () => undefined);
      const wrapper = await mountStatus({ locale: 'en', connection: { provider: 'lexware', configured: false } });
      await click(getByRole(wrapper, 'button', 'Settings'));
      expect(runtime.openOptionsPage).toHaveBeenCalledTimes(1);
    });
  });
});
