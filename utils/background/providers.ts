/**
 * Billing providers with their keys. Only the background reads keys, right before a
 * request; one token bucket per billing system is shared by every call.
 */
import { BillingError } from '../billing/errors';
import { ENDPOINTS } from '../billing/endpoints';
import type { BillingProvider } from '../billing/provider';
import { TokenBucket } from '../billing/rate-limit';
import { createLexwareProvider } from '../billing/lexware/provider';
import { createSevdeskProvider } from '../billing/sevdesk/provider';
import type { LookupCache } from '../billing/sevdesk/lookups';
import type { ProviderId } from '../domain/provider-rules';
import { secretsItem, sevdeskLookupsItem } from '../storage';

const buckets: Record<ProviderId, TokenBucket> = {
  lexware: new TokenBucket({ capacity: 2, refillPerSecond: 1.8 }),
  sevdesk: new TokenBucket({ capacity: 5, refillPerSecond: 5 }),
};

/** Keeps only the current account's lookups: a replaced token starts afresh. */
const sevdeskLookups: LookupCache = {
  get: async (key) => (await sevdeskLookupsItem.get())[key],
  set: (key, value) => sevdeskLookupsItem.set({ [key]: value }),
};

export const PROVIDER_NAMES: Record<ProviderId, string> = { lexware: 'Lexware Office', sevdesk: 'sevdesk' };

export function providerWithKey(id: ProviderId, apiKey: string): BillingProvider {
  switch (id) {
    case 'lexware':
      return createLexwareProvider({ apiKey: () => apiKey, endpoints: ENDPOINTS.lexware, bucket: buckets.lexware });
    case 'sevdesk':
      return createSevdeskProvider({ apiKey: () => apiKey, endpoints: ENDPOINTS.sevdesk, bucket: buckets.sevdesk, lookups: sevdeskLookups });
  }
}

/** The provider with its saved key, or BillingError('auth') when none is saved. */
export async function providerFor(id: ProviderId): Promise<BillingProvider> {
  const secret = (await secretsItem.get())[id];
  if (!secret) throw new BillingError('auth', `No ${PROVIDER_NAMES[id]} API key saved`);
  return providerWithKey(id, secret.apiKey);
}
