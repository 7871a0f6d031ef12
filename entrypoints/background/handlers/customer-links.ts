/**
 * The background's side of customer linking outside the preview: the popup's customer list
 * (those on the active tab first), suggestions, and unlinking.
 */
import { browser } from 'wxt/browser';
import type { BillingProvider } from '@/utils/billing/provider';
import type { Customer } from '@/utils/domain/order';
import type { ProviderId } from '@/utils/domain/provider-rules';
import { request, type RequestOf, type ResponseOf } from '@/utils/messaging';
import { linksItem, seenCustomersItem, settingsItem, taxCasesItem } from '@/utils/storage';
import { publicCustomerOf } from '@/utils/domain/public-customer';
import { customerKey, removeLink, setBillingMode as storeBillingMode } from '@/utils/link-store';
import { rememberCustomers } from '@/utils/seen-customers';
import { coreSearchTerm, vatSearchTerm } from '@/utils/linking/normalise';
import { rankSuggestions } from '@/utils/linking/suggest';
import { providerFor } from '../services/providers';
import { failure } from '../services/results';

/** How long the popup waits for a TMS tab to say which customers it shows. */
const PAGE_ANSWER_MS = 3000;

export interface PageCustomers {
  origin: string;
  customers: Customer[];
}

export interface LinksDeps {
  provider: (id: ProviderId) => Promise<Pick<BillingProvider, 'searchContacts'>>;
  /** The customers a tab shows, or null when it is no TMS page (or does not answer). */
  pageCustomers: (tabId: number) => Promise<PageCustomers | null>;
  now: () => Date;
}

async function tabOrigin(tabId: number): Promise<string | null> {
  try {
    // The URL is there only for pages the extension may access: exactly the TMS sites.
    const url = (await browser.tabs.get(tabId)).url;
    if (!url) return null;
    const { protocol, origin } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? origin : null;
  } catch {
    return null;
  }
}

/** Asks the content script of a tab; any tab may be no TMS at all, so failures mean "none". */
export async function askTabForCustomers(tabId: number): Promise<PageCustomers | null> {
  const origin = await tabOrigin(tabId);
  if (!origin) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), PAGE_ANSWER_MS)));
  try {
    const answer = await Promise.race([request('getPageCustomers', undefined, tabId).catch(() => null), timeout]);
    // The tab may have moved to another site meanwhile: its customers are not that site's.
    if (!answer || (await tabOrigin(tabId)) !== origin) return null;
    return { origin, customers: answer.customers };
  } finally {
    clearTimeout(timer);
  }
}

export const defaultLinksDeps: LinksDeps = { provider: providerFor, pageCustomers: askTabForCustomers, now: () => new Date() };

type ListedCustomer = ResponseOf<'listCustomers'>['customers'][number];

const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true });

export async function listCustomers(req: RequestOf<'listCustomers'>, deps: LinksDeps = defaultLinksDeps): Promise<ResponseOf<'listCustomers'>> {
  const page = req.activeTabId === null ? null : await deps.pageCustomers(req.activeTabId).catch(() => null);
  if (page) await rememberCustomers(page.origin, page.customers, deps.now());
  const [{ provider }, seen, links, taxCases] = await Promise.all([settingsItem.get(), seenCustomersItem.get(), linksItem.get(), taxCasesItem.get()]);
  const onTab = new Map((page?.customers ?? []).map((c, i) => [customerKey(page!.origin, c.id), i]));
  const customers: ListedCustomer[] = Object.entries(seen).map(([key, s]) => {
    const link = links[provider]?.[key];
    const publicCustomer = publicCustomerOf(taxCases[key]);
    return {
      origin: s.origin,
      customer: s.customer,
      onActiveTab: onTab.has(key),
      seenAt: s.seenAt,
      link: link ? { contact: { id: link.contactId, name: link.contactName }, linkedAt: link.linkedAt, ...(link.billingMode ? { billingMode: link.billingMode } : {}), ...(link.period ? { period: link.period } : {}) } : null,
      ...(publicCustomer ? { publicCustomer } : {}),
    };
  });
  customers.sort((a, b) => {
    const ia = onTab.get(customerKey(a.origin, a.customer.id));
    const ib = onTab.get(customerKey(b.origin, b.customer.id));
    if (ia !== undefined || ib !== undefined) return (ia ?? Infinity) - (ib ?? Infinity);
    return collator.compare(a.customer.name, b.customer.name) || a.origin.localeCompare(b.origin) || a.customer.id.localeCompare(b.customer.id);
  });
  return { provider, customers };
}

/**
 * What to search the billing system for: the name's most distinctive word, the customer
 * number, and the VAT ID (which the providers compare contact by contact).
 */
export function suggestionQueries(customer: Customer): string[] {
  const number = customer.customerNumber?.trim();
  const queries = [coreSearchTerm(customer.name), number && /^\d{1,10}$/.test(number) ? number : null, vatSearchTerm(customer.vatId)];
  return [...new Set(queries.filter((q): q is string => q !== null && q.length > 0))];
}

/** A refused search is a failure as a whole: no half list that looks complete. */
export async function suggestContacts(req: RequestOf<'suggestContacts'>, deps: LinksDeps = defaultLinksDeps): Promise<ResponseOf<'suggestContacts'>> {
  try {
    const { provider: id } = await settingsItem.get();
    const provider = await deps.provider(id);
    const found = await Promise.all(suggestionQueries(req.customer).map((q) => provider.searchContacts(q)));
    return { ok: true, suggestions: rankSuggestions(req.customer, found.flat()) };
  } catch (error) {
    return failure(error);
  }
}

/** The customer's choice for billing runs, kept with its link in the active billing system. */
export async function setBillingMode(req: RequestOf<'setBillingMode'>): Promise<ResponseOf<'setBillingMode'>> {
  const { provider } = await settingsItem.get();
  if (!(await storeBillingMode(provider, customerKey(req.origin, req.customerId), req.mode, req.period))) {
    return { ok: false, error: { code: 'not-linked', message: 'Link the customer first' } };
  }
  return { ok: true };
}

export async function unlinkCustomer(req: RequestOf<'unlinkCustomer'>): Promise<ResponseOf<'unlinkCustomer'>> {
  const { provider } = await settingsItem.get();
  await removeLink(provider, customerKey(req.origin, req.customerId));
  return { ok: true };
}
