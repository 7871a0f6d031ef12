/**
 * The ids every layer shares, defined once. The registries (utils/billing/registry.ts,
 * utils/tms/registry.ts) key their entries by these; messaging and storage validate them
 * with these schemas. Adding a provider or an adapter adds its id here.
 */
import * as v from 'valibot';

export const PROVIDER_IDS = ['lexware', 'sevdesk'] as const;
export const ProviderIdSchema = v.picklist(PROVIDER_IDS);
export type ProviderId = v.InferOutput<typeof ProviderIdSchema>;

/**
 * An object with one entry per provider, each of `entry`'s shape: stored keys, links and
 * key states follow the provider list without naming a provider.
 */
export function perProvider<S extends v.GenericSchema>(entry: S) {
  return v.object(Object.fromEntries(PROVIDER_IDS.map((id) => [id, entry])) as Record<ProviderId, S>);
}

export const ADAPTER_IDS = ['demo-tms'] as const;
export const AdapterIdSchema = v.picklist(ADAPTER_IDS);
export type AdapterId = v.InferOutput<typeof AdapterIdSchema>;

/** The adapter a TMS site added before sites named their adapter is served by. */
export const DEFAULT_ADAPTER_ID: AdapterId = 'demo-tms';

/** The key of a thing on one TMS (an order, a customer): `${origin}|${id}`. */
export const tmsKey = (origin: string, id: string): string => `${origin}|${id}`;
