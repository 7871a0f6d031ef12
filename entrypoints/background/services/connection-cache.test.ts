import { describe, expect, it, vi } from 'vitest';
import { CONNECTION_FAILED_MS, CONNECTION_OK_MS, ConnectionCache } from './connection-cache';
import { connectionCache, removeApiKey, testConnection } from '../handlers/api-keys';
import { secretsItem } from '@/utils/storage';
import * as providers from './providers';
import type { BillingProvider } from '@/utils/billing/provider';

describe('ConnectionCache', () => {
  it('keeps a success for five minutes and a failure for half a minute', () => {
    const cache = new ConnectionCache();
    cache.set('lexware', { ok: true, companyName: 'Muster GmbH' }, 1000);
    cache.set('sevdesk', { ok: false, error: { code: 'network', message: 'offline' } }, 1000);
    expect(cache.get('lexware', 1000 + CONNECTION_OK_MS - 1)).toEqual({ ok: true, companyName: 'Muster GmbH' });
    expect(cache.get('sevdesk', 1000 + CONNECTION_FAILED_MS - 1)).toMatchObject({ ok: false });
    expect(cache.get('sevdesk', 1000 + CONNECTION_FAILED_MS)).toBeUndefined();
    expect(cache.get('lexware', 1000 + CONNECTION_OK_MS)).toBeUndefined();
  });

  it('forgets an entry, and one from a clock that went back', () => {
    const cache = new ConnectionCache();
    cache.set('lexware', { ok: true, companyName: 'Muster GmbH' }, 5000);
    expect(cache.get('lexware', 4000)).toBeUndefined();
    cache.set('lexware', { ok: true, companyName: 'Muster GmbH' }, 5000);
    cache.forget('lexware');
    expect(cache.get('lexware', 5000)).toBeUndefined();
  });
});

describe('testConnection with the cache', () => {
  it('answers the popup from memory, tests anew for the settings, and forgets with the key', async () => {
    await secretsItem.set({ lexware: { apiKey: 'sandbox-key-123', savedAt: '2026-11-23T09:00:00.000Z' } });
    connectionCache.forget('lexware');
    const test = vi.fn(async () => ({ companyName: 'Fuhrunternehmen Sandmann GmbH' }));
    vi.spyOn(providers, 'providerFor').mockResolvedValue({ testConnection: test } as unknown as BillingProvider);

    await expect(testConnection({ provider: 'lexware', cached: true })).resolves.toEqual({ ok: true, companyName: 'Fuhrunternehmen Sandmann GmbH' });
    await testConnection({ provider: 'lexware', cached: true });
    expect(test).toHaveBeenCalledTimes(1);

    await testConnection({ provider: 'lexware' });
    expect(test).toHaveBeenCalledTimes(2);

    await removeApiKey({ provider: 'lexware' });
    await testConnection({ provider: 'lexware', cached: true });
    expect(test).toHaveBeenCalledTimes(3);
  });
});
