import { pendingApiKeyItem } from '@/utils/storage';
import { request, type ResponseOf } from '@/utils/messaging';
import type { ProviderId } from '@/utils/domain/ids';

/**
 * One billing system's API key as the options page handles it. The key goes to the
 * background once, through storage and never inside a message, and never comes back.
 */
export function useKeySetup(provider: ProviderId) {
  /** Leaves the typed key for the background, which tests it and keeps it only if it works. */
  async function save(apiKey: string): Promise<ResponseOf<'saveApiKey'>> {
    await pendingApiKeyItem.set({ provider, apiKey });
    return request('saveApiKey', { provider });
  }

  const test = (): Promise<ResponseOf<'testConnection'>> => request('testConnection', { provider });
  const remove = (): Promise<ResponseOf<'removeApiKey'>> => request('removeApiKey', { provider });

  return { save, test, remove };
}
