/**
 * Answers the background's "which customers does this page show?" (for the popup's customer
 * list): on a list page the customers of the visible rows' orders, read through the TMS's
 * API in one call; on a detail page the customer of the order shown.
 */
import type { Customer } from '@/utils/domain/order';
import { handle } from '@/utils/messaging';
import type { OrderReadResult, TmsPageAdapter } from '@/utils/tms/adapter';

/** The protocol's limit for one answer. */
const MAX_CUSTOMERS = 1000;

export interface PageCustomersEnvironment {
  adapter: TmsPageAdapter;
  doc: Document;
  url: () => URL;
  fetch: typeof fetch;
}

/** The distinct customers of what the page shows, in page order. */
export async function customersOnPage(env: PageCustomersEnvironment): Promise<Customer[]> {
  const url = env.url();
  const kind = env.adapter.pageKind(env.doc, url);
  let reads: OrderReadResult[] = [];
  if (kind === 'detail') reads = [env.adapter.readDetail(env.doc, url)];
  else if (kind === 'list') {
    const ids = env.adapter.listRows(env.doc).map((r) => r.id);
    if (ids.length > 0) reads = await env.adapter.readOrders(ids, { origin: url.origin, fetch: env.fetch, page: { document: env.doc, url } });
  }
  const customers = new Map<string, Customer>();
  for (const read of reads) if (read.ok && !customers.has(read.order.customer.id)) customers.set(read.order.customer.id, read.order.customer);
  return [...customers.values()].slice(0, MAX_CUSTOMERS);
}

/** Registers the answer; returns the function that removes it again. */
export function answerPageCustomers(env: PageCustomersEnvironment): () => void {
  return handle('getPageCustomers', async () => ({ customers: await customersOnPage(env) }));
}
