/** Links between TMS customers and billing contacts, per billing system. */
import type { ProviderId } from './domain/provider-rules';
import type { BillingMode, CollectivePeriod } from './domain/billing-run';
import { linksItem, type CustomerLink } from './storage';

/** Customers are identified per TMS site: the same id on two sites is two customers. */
export { tmsKey as customerKey } from './domain/ids';

export async function getLink(provider: ProviderId, key: string): Promise<CustomerLink | undefined> {
  return (await linksItem.get())[provider]?.[key];
}

/** Links (or relinks) a customer; relinking keeps the customer's billing mode and period. */
export async function setLink(provider: ProviderId, key: string, link: CustomerLink): Promise<void> {
  await linksItem.update((links) => {
    const mode = links[provider]?.[key]?.billingMode;
    const period = links[provider]?.[key]?.period;
    return { ...links, [provider]: { ...links[provider], [key]: { ...(mode ? { billingMode: mode } : {}), ...(period ? { period } : {}), ...link } } };
  });
}

/**
 * Stores how a linked customer wants to be billed (and, for collective invoices, how long
 * one collects orders, when given); false when the customer is not linked.
 */
export async function setBillingMode(provider: ProviderId, key: string, mode: BillingMode, period?: CollectivePeriod): Promise<boolean> {
  let linked = false;
  await linksItem.update((links) => {
    const link = links[provider]?.[key];
    linked = link !== undefined;
    return link ? { ...links, [provider]: { ...links[provider], [key]: { ...link, billingMode: mode, ...(period ? { period } : {}) } } } : links;
  });
  return linked;
}

export async function removeLink(provider: ProviderId, key: string): Promise<void> {
  await linksItem.update((links) => {
    const rest = { ...links[provider] };
    delete rest[key];
    return { ...links, [provider]: rest };
  });
}
