/**
 * The status handlers as the popup and the content script meet them: registered with the
 * real protocol behind WXT's fake browser, settings and secrets in real (fake-browser) storage.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import { DEFAULT_SETTINGS, readQuarantine, secretsItem, settingsItem } from '@/utils/storage';
import { panelTexts } from '@/utils/i18n/translate';
import { contentScript, deliverMessagesFrom, extensionPage, otherExtension } from '@/tests/support/messaging';
import { TMS_ORIGIN } from '@/tests/support/orders';
import { getPanelContext, getStatus } from './status';
import { isTmsSite, seedSandboxSite } from './tms-sites';

const KEY = 'lx-saved-0123456789abcdef';

beforeEach(async () => {
  removeAllHandlers();
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('de-DE');
  // The demo TMS is a site (and the background's short-lived list of sites starts afresh).
  await seedSandboxSite(TMS_ORIGIN);
  await secretsItem.set({ lexware: { apiKey: KEY, savedAt: '2026-11-01T09:00:00.000Z' } });
  handle('getStatus', () => getStatus());
  handle('getPanelContext', () => getPanelContext());
  allowContentScriptsFrom(isTmsSite);
  deliverMessagesFrom(extensionPage('popup.html'));
});

describe('getStatus', () => {
  it("answers in the browser's language, with the active billing system and whether its key is saved", async () => {
    const answer = await request('getStatus', undefined);
    expect(answer).toEqual({ locale: 'de', connection: { provider: 'lexware', configured: true } });
    expect(JSON.stringify(answer)).not.toContain(KEY);
  });

  it('follows the language setting and the billing system the user chose', async () => {
    await settingsItem.set({ ...DEFAULT_SETTINGS, provider: 'sevdesk', language: 'en' });
    await expect(request('getStatus', undefined)).resolves.toEqual({ locale: 'en', connection: { provider: 'sevdesk', configured: false } });
  });

  it('speaks English in a browser of another language', async () => {
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('fr-FR');
    await secretsItem.set({});
    await expect(request('getStatus', undefined)).resolves.toEqual({ locale: 'en', connection: { provider: 'lexware', configured: false } });
  });

  it('falls back to the defaults when the stored settings cannot be read, and keeps them aside', async () => {
    await fakeBrowser.storage.local.set({ settings: 'not settings' });
    await expect(request('getStatus', undefined)).resolves.toEqual({ locale: 'de', connection: { provider: 'lexware', configured: true } });
    expect((await readQuarantine()).map((q) => q.key)).toContain('local:settings');
  });

  it('refuses a message with data, other extensions and pages that are no TMS site', async () => {
    await expect(request('getStatus', { provider: 'lexware' } as never)).rejects.toThrow(/malformed "getStatus"/);
    deliverMessagesFrom(otherExtension());
    await expect(request('getStatus', undefined)).rejects.toThrow(/unknown sender/);
    deliverMessagesFrom(contentScript('https://elsewhere.example.com/orders'));
    await expect(request('getStatus', undefined)).rejects.toThrow(/not a TMS site/);
  });
});

describe('getPanelContext', () => {
  beforeEach(() => {
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
  });

  it("gives a TMS page the panel's texts in the user's language, the unit and the connection, never a key", async () => {
    await settingsItem.set({ ...DEFAULT_SETTINGS, invoice: { ...DEFAULT_SETTINGS.invoice, unitName: 'Tour' } });
    const answer = await request('getPanelContext', { origin: TMS_ORIGIN });
    expect(answer).toEqual({ locale: 'de', connection: { provider: 'lexware', configured: true }, unitName: 'Tour', texts: panelTexts('de') });
    expect(answer.texts['panel.cancel']).toBe('Abbrechen');
    expect(JSON.stringify(answer)).not.toContain(KEY);
  });

  it('says when no key is saved, so the page can send the user to the settings', async () => {
    await secretsItem.set({});
    await settingsItem.set({ ...DEFAULT_SETTINGS, language: 'en' });
    const answer = await request('getPanelContext', { origin: TMS_ORIGIN });
    expect(answer).toMatchObject({ locale: 'en', connection: { provider: 'lexware', configured: false }, unitName: 'Transport' });
    expect(answer.texts['panel.cancel']).toBe('Cancel');
  });

  it('refuses pages that are no TMS site, other extensions and a malformed origin', async () => {
    deliverMessagesFrom(contentScript('https://elsewhere.example.com/orders'));
    await expect(request('getPanelContext', { origin: 'https://elsewhere.example.com' })).rejects.toThrow(/not a TMS site/);
    deliverMessagesFrom(otherExtension());
    await expect(request('getPanelContext', { origin: TMS_ORIGIN })).rejects.toThrow(/unknown sender/);
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
    await expect(request('getPanelContext', { origin: 'not a url' })).rejects.toThrow(/malformed "getPanelContext"/);
  });
});
