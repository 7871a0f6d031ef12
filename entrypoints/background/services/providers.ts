/**
 * Billing providers with their keys. Only the background reads keys, right before a
 * request; one token bucket per billing system is shared by every call. The registry
 * (utils/billing/registry.ts) lists the providers; this map gives each its factory, and the
 * compiler insists on one per registered id.
 */
import { BillingError } from '@/utils/billing/errors';
import { ENDPOINTS } from '@/utils/billing/endpoints';
import type { BillingProvider } from '@/utils/billing/provider';
import { PROVIDERS, PROVIDER_LIST, PROVIDER_NAMES } from '@/utils/billing/registry';
import { TokenBucket } from '@/utils/billing/rate-limit';
import { createLexwareProvider, type LexwareXRechnungSource } from '@/utils/billing/lexware/provider';
import { publicCustomerOf } from '@/utils/domain/public-customer';
import { createSevdeskProvider } from '@/utils/billing/sevdesk/provider';
import { createLexwareBookClient, type LexwareBookClient } from '@/utils/billing/lexware/book-client';
import { createSevdeskBookClient, type SevdeskBookClient } from '@/utils/billing/sevdesk/book-client';
import { createLexwareCorrectionClient } from '@/utils/billing/lexware/correction-client';
import { createSevdeskCorrectionClient } from '@/utils/billing/sevdesk/correction-client';
import type { CorrectionClient } from '@/utils/book/correction';
import { storedSevdeskLookups } from '@/utils/billing/sevdesk/lookups-item';
import { storedBuyerReferences } from '@/utils/billing/sevdesk/buyer-references-item';
import type { SevdeskEInvoiceSource } from '@/utils/billing/sevdesk/e-invoice';
import type { ProviderId } from '@/utils/domain/ids';
import { customerKey } from '@/utils/link-store';
import { secretsItem, settingsItem, taxCasesItem } from '@/utils/storage';

export { PROVIDER_NAMES };

const buckets = new Map<ProviderId, TokenBucket>();
const bucketOf = (id: ProviderId): TokenBucket => {
  let bucket = buckets.get(id);
  if (!bucket) buckets.set(id, (bucket = new TokenBucket(PROVIDERS[id].rateLimit)));
  return bucket;
};

/** The e-invoice settings and the customer's buyer reference, as stored when the invoice is made. */
const sevdeskEInvoices: SevdeskEInvoiceSource = {
  forDraft: async (draft) => {
    const [settings, taxCases] = await Promise.all([settingsItem.get(), taxCasesItem.get()]);
    const stored = taxCases[customerKey(draft.tms.origin, draft.customer.id)];
    return { settings: settings.invoice.eInvoice, buyerReference: stored?.buyerReference, publicCustomer: publicCustomerOf(stored) };
  },
  written: storedBuyerReferences,
};

/** A public customer's Leitweg-ID and our supplier number there, for Lexware's XRechnung. */
const lexwareXRechnung: LexwareXRechnungSource = {
  forDraft: async (draft) => publicCustomerOf((await taxCasesItem.get())[customerKey(draft.tms.origin, draft.customer.id)]),
};

type Factory = (apiKey: string, id: ProviderId) => BillingProvider;

const FACTORIES: Record<ProviderId, Factory> = {
  lexware: (apiKey, id) => createLexwareProvider({ apiKey: () => apiKey, endpoints: ENDPOINTS[id], bucket: bucketOf(id), xRechnung: lexwareXRechnung }),
  sevdesk: (apiKey, id) => createSevdeskProvider({ apiKey: () => apiKey, endpoints: ENDPOINTS[id], bucket: bucketOf(id), lookups: storedSevdeskLookups, eInvoice: sevdeskEInvoices }),
};

export function providerWithKey(id: ProviderId, apiKey: string): BillingProvider {
  return FACTORIES[id](apiKey, id);
}

/** The provider with its saved key, or BillingError('auth') when none is saved. */
export async function providerFor(id: ProviderId): Promise<BillingProvider> {
  const secret = (await secretsItem.get())[id];
  if (!secret) throw new BillingError('auth', `No ${PROVIDER_NAMES[id]} API key saved`);
  return providerWithKey(id, secret.apiKey);
}

async function savedKey(id: ProviderId): Promise<string> {
  const secret = (await secretsItem.get())[id];
  if (!secret) throw new BillingError('auth', `No ${PROVIDER_NAMES[id]} API key saved`);
  return secret.apiKey;
}

/** The invoice book's Lexware client (payment status, dunnings), on the same token bucket as the provider. */
export async function lexwareBookClient(): Promise<LexwareBookClient> {
  const apiKey = await savedKey('lexware');
  return createLexwareBookClient({ apiKey: () => apiKey, endpoints: ENDPOINTS.lexware, bucket: bucketOf('lexware') });
}

/** The invoice book's sevdesk client (payment status, reminders), on the same token bucket as the provider. */
export async function sevdeskBookClient(): Promise<SevdeskBookClient> {
  const apiKey = await savedKey('sevdesk');
  return createSevdeskBookClient({ apiKey: () => apiKey, endpoints: ENDPOINTS.sevdesk, bucket: bucketOf('sevdesk') });
}

/** "Correct invoice" / "Cancel invoice": the billing system's client, on the same token bucket as the provider. */
export async function correctionClient(id: ProviderId): Promise<CorrectionClient> {
  const apiKey = await savedKey(id);
  return id === 'lexware'
    ? createLexwareCorrectionClient({ apiKey: () => apiKey, endpoints: ENDPOINTS.lexware, bucket: bucketOf('lexware') })
    : createSevdeskCorrectionClient({ apiKey: () => apiKey, endpoints: ENDPOINTS.sevdesk, bucket: bucketOf('sevdesk') });
}

/** The billing systems with a saved key. */
export async function configuredProviders(): Promise<ProviderId[]> {
  const secrets = await secretsItem.get();
  return PROVIDER_LIST.map((p) => p.id).filter((id) => secrets[id] !== undefined);
}
