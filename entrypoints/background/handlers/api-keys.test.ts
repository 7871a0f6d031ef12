/**
 * The API key handlers as the options page and the popup meet them: registered with the real
 * protocol behind WXT's fake browser, storage real (fake-browser), the billing provider faked
 * at the edge. Whatever happens, no answer carries a key.
 */
import { beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import type { BillingProvider } from '@/utils/billing/provider';
import { BillingError } from '@/utils/billing/errors';
import { pendingApiKeyItem, secretsItem } from '@/utils/storage';
import { deliverMessagesFrom, extensionPage, otherExtension } from '@/tests/support/messaging';
import { fakeProvider } from '@/tests/support/billing';
import * as providers from '../services/providers';
import { CONNECTION_FAILED_MS } from '../services/connection-cache';
import { connectionCache, getKeyStatus, removeApiKey, saveApiKey, testConnection } from './api-keys';
import { isTmsSite } from './tms-sites';

const TYPED_KEY = 'lx-3f9a8b7c6d5e4f3a2b1c';
const SAVED_KEY = 'lx-saved-0123456789abcdef';
const SEVDESK_KEY = 'sd-saved-fedcba9876543210';
const SAVED_AT = '2026-11-01T09:00:00.000Z';

/** No key may show up anywhere in an answer, not even inside an error text. */
function expectNoSecret(answer: unknown) {
  const text = JSON.stringify(answer);
  for (const key of [TYPED_KEY, SAVED_KEY, SEVDESK_KEY]) expect(text).not.toContain(key);
}

let provider: BillingProvider;
let withKey: MockInstance<typeof providers.providerWithKey>;

beforeEach(() => {
  removeAllHandlers();
  // The cache lives as long as the worker: here, as long as the test.
  connectionCache.forget('lexware');
  connectionCache.forget('sevdesk');
  provider = fakeProvider();
  withKey = vi.spyOn(providers, 'providerWithKey').mockImplementation(() => provider);
  handle('getKeyStatus', () => getKeyStatus());
  handle('saveApiKey', (req) => saveApiKey(req));
  handle('removeApiKey', (req) => removeApiKey(req));
  handle('testConnection', (req) => testConnection(req));
  allowContentScriptsFrom(isTmsSite);
  deliverMessagesFrom(extensionPage('options.html'));
});

describe('getKeyStatus', () => {
  it('says which keys are saved and since when, never the keys', async () => {
    await secretsItem.set({ lexware: { apiKey: SAVED_KEY, savedAt: SAVED_AT } });
    const answer = await request('getKeyStatus', undefined);
    expect(answer).toEqual({ lexware: { saved: true, savedAt: SAVED_AT }, sevdesk: { saved: false } });
    expectNoSecret(answer);
  });

  it('knows no keys before the first is saved', async () => {
    await expect(request('getKeyStatus', undefined)).resolves.toEqual({ lexware: { saved: false }, sevdesk: { saved: false } });
  });

  it('refuses a message with data and other extensions', async () => {
    await expect(request('getKeyStatus', { provider: 'lexware' } as never)).rejects.toThrow(/malformed "getKeyStatus"/);
    deliverMessagesFrom(otherExtension());
    await expect(request('getKeyStatus', undefined)).rejects.toThrow(/unknown sender/);
  });
});

describe('saveApiKey', () => {
  it('tests the key the page left in storage, keeps it as a secret and forgets the pending copy', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T10:00:00.000Z'));
    try {
      await pendingApiKeyItem.set({ provider: 'lexware', apiKey: TYPED_KEY });
      const answer = await request('saveApiKey', { provider: 'lexware' });

      expect(answer).toEqual({ ok: true, companyName: 'Muster GmbH' });
      expectNoSecret(answer);
      expect(withKey).toHaveBeenCalledWith('lexware', TYPED_KEY);
      expect(provider.testConnection).toHaveBeenCalledTimes(1);
      expect(await secretsItem.get()).toEqual({ lexware: { apiKey: TYPED_KEY, savedAt: '2026-11-23T10:00:00.000Z' } });
      expect(await pendingApiKeyItem.get()).toBeNull();
      expect((await fakeBrowser.storage.local.get('pendingApiKey')).pendingApiKey ?? null).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('replaces the key of that billing system only', async () => {
    await secretsItem.set({ lexware: { apiKey: SAVED_KEY, savedAt: SAVED_AT }, sevdesk: { apiKey: SEVDESK_KEY, savedAt: SAVED_AT } });
    await pendingApiKeyItem.set({ provider: 'lexware', apiKey: TYPED_KEY });
    await expect(request('saveApiKey', { provider: 'lexware' })).resolves.toMatchObject({ ok: true });
    const secrets = await secretsItem.get();
    expect(secrets.lexware?.apiKey).toBe(TYPED_KEY);
    expect(secrets.sevdesk).toEqual({ apiKey: SEVDESK_KEY, savedAt: SAVED_AT });
  });

  it('lets the popup show the fresh connection without asking the billing system again', async () => {
    await pendingApiKeyItem.set({ provider: 'lexware', apiKey: TYPED_KEY });
    await request('saveApiKey', { provider: 'lexware' });
    const forPopup = vi.spyOn(providers, 'providerFor');
    await expect(request('testConnection', { provider: 'lexware', cached: true })).resolves.toEqual({ ok: true, companyName: 'Muster GmbH' });
    expect(forPopup).not.toHaveBeenCalled();
  });

  it('refuses when no key was entered, and keeps the saved key', async () => {
    await secretsItem.set({ lexware: { apiKey: SAVED_KEY, savedAt: SAVED_AT } });
    const answer = await request('saveApiKey', { provider: 'lexware' });
    expect(answer).toEqual({ ok: false, error: { code: 'no-pending-key', message: 'No key was entered' } });
    expect(withKey).not.toHaveBeenCalled();
    expect((await secretsItem.get()).lexware?.apiKey).toBe(SAVED_KEY);
  });

  it('refuses a key typed for the other billing system, and drops it', async () => {
    await pendingApiKeyItem.set({ provider: 'sevdesk', apiKey: TYPED_KEY });
    const answer = await request('saveApiKey', { provider: 'lexware' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'no-pending-key' } });
    expectNoSecret(answer);
    expect(withKey).not.toHaveBeenCalled();
    expect(await pendingApiKeyItem.get()).toBeNull();
    expect(await secretsItem.get()).toEqual({});
  });

  it('keeps nothing when the billing system refuses the key, and says why without the key', async () => {
    provider = fakeProvider({ testConnection: vi.fn(async () => Promise.reject(new BillingError('auth', 'HTTP 401', { status: 401 }))) });
    await secretsItem.set({ lexware: { apiKey: SAVED_KEY, savedAt: SAVED_AT } });
    await pendingApiKeyItem.set({ provider: 'lexware', apiKey: TYPED_KEY });

    const answer = await request('saveApiKey', { provider: 'lexware' });

    expect(answer).toMatchObject({ ok: false, error: { code: 'auth', status: 401 } });
    expectNoSecret(answer);
    expect(await secretsItem.get()).toEqual({ lexware: { apiKey: SAVED_KEY, savedAt: SAVED_AT } });
    expect(await pendingApiKeyItem.get()).toBeNull();
  });

  it('reports a network failure as such, and keeps nothing', async () => {
    provider = fakeProvider({ testConnection: vi.fn(async () => Promise.reject(new BillingError('network', 'Failed to fetch', { outcome: 'unknown' }))) });
    await pendingApiKeyItem.set({ provider: 'sevdesk', apiKey: TYPED_KEY });
    const answer = await request('saveApiKey', { provider: 'sevdesk' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'network' } });
    expect(await secretsItem.get()).toEqual({});
  });

  it('refuses a message of the wrong shape before any handler runs', async () => {
    await pendingApiKeyItem.set({ provider: 'lexware', apiKey: TYPED_KEY });
    await expect(request('saveApiKey', { provider: 'datev' } as never)).rejects.toThrow(/malformed "saveApiKey"/);
    await expect(request('saveApiKey', undefined as never)).rejects.toThrow(/malformed "saveApiKey"/);
    expect(withKey).not.toHaveBeenCalled();
    expect(await secretsItem.get()).toEqual({});
  });

  it('ignores a key sent inside the message: only the one the page left in storage is tested', async () => {
    await pendingApiKeyItem.set({ provider: 'lexware', apiKey: TYPED_KEY });
    await expect(request('saveApiKey', { provider: 'lexware', apiKey: SEVDESK_KEY } as never)).resolves.toMatchObject({ ok: true });
    expect(withKey).toHaveBeenCalledWith('lexware', TYPED_KEY);
    expect((await secretsItem.get()).lexware?.apiKey).toBe(TYPED_KEY);
  });

  it('refuses other extensions, and leaves the secrets alone', async () => {
    await pendingApiKeyItem.set({ provider: 'lexware', apiKey: TYPED_KEY });
    deliverMessagesFrom(otherExtension());
    await expect(request('saveApiKey', { provider: 'lexware' })).rejects.toThrow(/unknown sender/);
    expect(await secretsItem.get()).toEqual({});
    expect(withKey).not.toHaveBeenCalled();
  });
});

describe('removeApiKey', () => {
  it('forgets the key of one billing system and keeps the other', async () => {
    await secretsItem.set({ lexware: { apiKey: SAVED_KEY, savedAt: SAVED_AT }, sevdesk: { apiKey: SEVDESK_KEY, savedAt: SAVED_AT } });
    await expect(request('removeApiKey', { provider: 'lexware' })).resolves.toEqual({ ok: true });
    expect(await secretsItem.get()).toEqual({ sevdesk: { apiKey: SEVDESK_KEY, savedAt: SAVED_AT } });
    await expect(request('getKeyStatus', undefined)).resolves.toEqual({ lexware: { saved: false }, sevdesk: { saved: true, savedAt: SAVED_AT } });
  });

  it('forgets the last connection test too: the popup no longer says "connected"', async () => {
    await pendingApiKeyItem.set({ provider: 'lexware', apiKey: TYPED_KEY });
    await request('saveApiKey', { provider: 'lexware' });
    await request('removeApiKey', { provider: 'lexware' });
    const answer = await request('testConnection', { provider: 'lexware', cached: true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'auth' } });
  });

  it('is fine when no key was saved', async () => {
    await expect(request('removeApiKey', { provider: 'sevdesk' })).resolves.toEqual({ ok: true });
    expect(await secretsItem.get()).toEqual({});
  });

  it('refuses a message of the wrong shape and other extensions, and removes nothing', async () => {
    await secretsItem.set({ lexware: { apiKey: SAVED_KEY, savedAt: SAVED_AT } });
    await expect(request('removeApiKey', {} as never)).rejects.toThrow(/malformed "removeApiKey"/);
    deliverMessagesFrom(otherExtension());
    await expect(request('removeApiKey', { provider: 'lexware' })).rejects.toThrow(/unknown sender/);
    expect((await secretsItem.get()).lexware?.apiKey).toBe(SAVED_KEY);
  });
});

describe('testConnection', () => {
  beforeEach(async () => {
    await secretsItem.set({ lexware: { apiKey: SAVED_KEY, savedAt: SAVED_AT } });
  });

  it('tests the saved key now and names the company, without the key', async () => {
    const forProvider = vi.spyOn(providers, 'providerFor').mockImplementation(async () => provider);
    const answer = await request('testConnection', { provider: 'lexware' });
    expect(answer).toEqual({ ok: true, companyName: 'Muster GmbH' });
    expectNoSecret(answer);
    expect(forProvider).toHaveBeenCalledWith('lexware');
  });

  it('answers the popup from a recent test, the settings always with a new one', async () => {
    vi.spyOn(providers, 'providerFor').mockImplementation(async () => provider);
    await request('testConnection', { provider: 'lexware', cached: true });
    await request('testConnection', { provider: 'lexware', cached: true });
    expect(provider.testConnection).toHaveBeenCalledTimes(1);
    await request('testConnection', { provider: 'lexware' });
    expect(provider.testConnection).toHaveBeenCalledTimes(2);
  });

  it('fails with "auth" when no key is saved for that billing system', async () => {
    const answer = await request('testConnection', { provider: 'sevdesk' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'auth' } });
    expect(withKey).not.toHaveBeenCalled();
  });

  it('puts a refusal of the billing system into a code the UI translates, and asks again after a short while', async () => {
    provider = fakeProvider({ testConnection: vi.fn(async () => Promise.reject(new BillingError('rate-limited', 'HTTP 429', { status: 429 }))) });
    vi.spyOn(providers, 'providerFor').mockImplementation(async () => provider);
    const first = await request('testConnection', { provider: 'lexware', cached: true });
    expect(first).toEqual({ ok: false, error: { code: 'rate-limited', message: 'HTTP 429', status: 429, fields: [] } });
    expectNoSecret(first);

    // A failure is remembered only briefly: it may have been a passing problem.
    await request('testConnection', { provider: 'lexware', cached: true });
    expect(provider.testConnection).toHaveBeenCalledTimes(1);
    const later = Date.now() + CONNECTION_FAILED_MS + 1;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    await request('testConnection', { provider: 'lexware', cached: true });
    expect(provider.testConnection).toHaveBeenCalledTimes(2);
  });

  it('reports an unexpected error as "internal"', async () => {
    vi.spyOn(providers, 'providerFor').mockRejectedValue(new TypeError('provider is broken'));
    await expect(request('testConnection', { provider: 'lexware' })).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'provider is broken' } });
  });

  it('refuses a message of the wrong shape and other extensions before asking the billing system', async () => {
    const forProvider = vi.spyOn(providers, 'providerFor');
    await expect(request('testConnection', { provider: 'lexware', cached: 'yes' } as never)).rejects.toThrow(/malformed "testConnection"/);
    deliverMessagesFrom(otherExtension());
    await expect(request('testConnection', { provider: 'lexware' })).rejects.toThrow(/unknown sender/);
    expect(forProvider).not.toHaveBeenCalled();
  });
});
