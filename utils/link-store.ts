/** Links between TMS customers and billing contacts, per billing system. */
import type { ProviderId } from './domain/provider-rules';
import { linksItem, type CustomerLink } from './storage';

/** Customers are identified per TMS site: the same id on two sites is two customers. */
export { tmsKey as customerKey } from './domain/ids';

export async function getLink(provider: ProviderId, key: string): Promise<CustomerLink | undefined> {
  return (await linksItem.get())[provider]?.[key];
}

export async function setLink(provider: ProviderId, key: string, link: CustomerLink): Promise<void> {
  await linksItem.update((links) => ({ ...links, [provider]: { ...links[provider], [key]: link } }));
}

export async function removeLink(provider: ProviderId, key: string): Promise<void> {
  await linksItem.update((links) => {
    const rest = { ...links[provider] };
    delete rest[key];
    return { ...links, [provider]: rest };
  });
}
