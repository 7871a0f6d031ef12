/**
 * API keys: saved only after the billing system accepted them, kept in storage.local, read
 * only here. Nothing returns a key, and no message or error text contains one.
 */
import type { ProviderId } from '../domain/provider-rules';
import type { RequestOf, ResponseOf } from '../messaging';
import { secretsItem } from '../storage';
import { providerFor, providerWithKey } from './providers';
import { failure } from './results';

export async function getKeyStatus(): Promise<ResponseOf<'getKeyStatus'>> {
  const secrets = await secretsItem.get();
  const status = (id: ProviderId) => {
    const s = secrets[id];
    return s ? { saved: true, savedAt: s.savedAt } : { saved: false };
  };
  return { lexware: status('lexware'), sevdesk: status('sevdesk') };
}

export async function saveApiKey(req: RequestOf<'saveApiKey'>): Promise<ResponseOf<'saveApiKey'>> {
  try {
    const info = await providerWithKey(req.provider, req.apiKey).testConnection();
    await secretsItem.update((secrets) => ({ ...secrets, [req.provider]: { apiKey: req.apiKey, savedAt: new Date().toISOString() } }));
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
  return { ok: true };
}

export async function testConnection(req: RequestOf<'testConnection'>): Promise<ResponseOf<'testConnection'>> {
  try {
    const info = await (await providerFor(req.provider)).testConnection();
    return { ok: true, companyName: info.companyName };
  } catch (error) {
    return failure(error);
  }
}
