/** Remembers the TMS customers the extension has read, for the popup's customer list. */
import type { Customer } from './domain/order';
import { customerKey } from './link-store';
import { seenCustomersItem, type SeenCustomer } from './storage';

/** Enough for any office's customer base; the oldest are forgotten first. */
const MAX_CUSTOMERS = 5000;

export async function rememberCustomers(origin: string, customers: readonly Customer[], now = new Date()): Promise<void> {
  if (customers.length === 0) return;
  await seenCustomersItem.update((seen) => {
    const next: Record<string, SeenCustomer> = { ...seen };
    for (const customer of customers) next[customerKey(origin, customer.id)] = { origin, customer, seenAt: now.toISOString() };
    const keys = Object.keys(next);
    if (keys.length <= MAX_CUSTOMERS) return next;
    const newest = keys.sort((a, b) => next[b]!.seenAt.localeCompare(next[a]!.seenAt)).slice(0, MAX_CUSTOMERS);
    return Object.fromEntries(newest.map((k) => [k, next[k]!]));
  });
}
