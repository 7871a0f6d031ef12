/**
 * What extension pages show of the billing providers, from the registry: names, the order
 * of the picklist and where to find an API key. Components ask here, never utils/billing.
 */
import { keyHelpUrl } from '@/utils/billing/endpoints';
import { PROVIDER_LIST, PROVIDER_NAMES } from '@/utils/billing/registry';
import type { ProviderId } from '@/utils/domain/ids';

export { PROVIDER_NAMES, keyHelpUrl };

/** The providers as picklist options, in registry order. */
export const PROVIDER_OPTIONS: readonly { id: ProviderId; name: string }[] = PROVIDER_LIST.map((p) => ({ id: p.id, name: p.name }));
