/**
 * API keys: saved only after the billing system accepted them, kept in storage.local, read
 * only here. Nothing returns a key, and no message or error text contains one.
 */
import { PROVIDER_IDS, type ProviderId } from '@/utils/domain/ids';
import type { RequestOf, ResponseOf } from '@/utils/messaging';
import { pendingApiKeyItem, secretsItem } from '@/utils/storage';
import { providerFor, providerWithKey } from '../services/providers';
import { failure } from '../services/results';
import { ConnectionCache } from '../services/connection-cache';

/** The last test per billing system (the popup shows it); replaced or forgotten with the key. */
export const connectionCache = new ConnectionCache();

export async function getKeyStatus(): Promise<ResponseOf<'getKeyStatus'>> {
  const secrets = await secretsItem.get();
  const status = (id: ProviderId) => {
    const s = secrets[id];
    return s ? { saved: true, savedAt: s.savedAt } : { saved: false };
  };
  return Object.fromEntries(PROVIDER_IDS.map((id) => [id, status(id)])) as ResponseOf<'getKeyStatus'>;
}

export async function saveApiKey(req: RequestOf<'saveApiKey'>): Promise<ResponseOf<'saveApiKey'>> {
  const pending = await pendingApiKeyItem.get();
  // Whatever happens next, the typed key does not stay outside the secrets.
  await pendingApiKeyItem.set(null);
  if (!pending || pending.provider !== req.provider) return { ok: false, error: { code: 'no-pending-key', message: 'No key was entered' } };
  try {
    const info = await providerWithKey(req.provider, pending.apiKey).testConnection();
    await secretsItem.update((secrets) => ({ ...secrets, [req.provider]: { apiKey: pending.apiKey, savedAt: new Date().toISOString() } }));
    connectionCache.set(req.provider, { ok: true, companyName: info.companyName }, Date.now());
    return { ok: true, companyName: info.companyName };
  } catch (error) {
    return failure(error);
  }
}

export async function removeApiKey(req: RequestOf<'removeApiKey'>): Promise<ResponseOf<'removeApiKey'>> {
  await secretsItem.update((secrets) => {
    const rest = { ...secrets };
    delete rest[req.provider];
    return rest;
  });
  connectionCache.forget(req.provider);
  return { ok: true };
}

/** With `cached`, a recent answer will do (the popup); without, the key is tested now (the settings). */
export async function testConnection(req: RequestOf<'testConnection'>): Promise<ResponseOf<'testConnection'>> {
  const cached = req.cached ? connectionCache.get(req.provider, Date.now()) : undefined;
  if (cached) return cached;
  let result: ResponseOf<'testConnection'>;
  try {
    const info = await (await providerFor(req.provider)).testConnection();
    result = { ok: true, companyName: info.companyName };
  } catch (error) {
    result = failure(error);
  }
  connectionCache.set(req.provider, result, Date.now());
  return result;
}
