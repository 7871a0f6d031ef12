/**
 * Which billing contacts are likely the TMS customer, and why. Pure: the background gathers
 * candidates from the billing system and ranks them here.
 *
 * Rules, strongest first:
 * - the same VAT ID (after normalisation) — the same legal entity;
 * - the same name, ignoring case, diacritics, punctuation and legal-form suffixes;
 * - the same customer number, when the names share a distinctive word as well (customer
 *   numbers alone often come from unrelated numbering schemes).
 * A contact whose VAT ID differs from the customer's is never suggested, whatever its name.
 */
import type { Customer } from '../domain/order';
import type { BillingContact } from '../billing/provider';
import { companyNameKey, coreTokens, isGenericWord, normaliseCompanyName, normaliseCustomerNumber, normaliseVatId } from './normalise';

export type SuggestionReason = 'vat-id' | 'name' | 'customer-number';

export interface Suggestion {
  contact: BillingContact;
  reason: SuggestionReason;
  /** What matched: the VAT ID, the normalised name, or the customer number. */
  detail: string;
}

const RANK: Record<SuggestionReason, number> = { 'vat-id': 0, name: 1, 'customer-number': 2 };

/** More are noise: the user searches instead. */
export const MAX_SUGGESTIONS = 5;

function distinctiveTokens(name: string): Set<string> {
  return new Set(coreTokens(name).filter((t) => t.length >= 3 && !isGenericWord(t)));
}

/** Why this contact is likely the customer, or null when it is not (or contradicts it). */
export function matchContact(customer: Customer, contact: BillingContact): Omit<Suggestion, 'contact'> | null {
  const customerVat = normaliseVatId(customer.vatId);
  const contactVat = normaliseVatId(contact.vatId);
  if (customerVat && contactVat) {
    return customerVat === contactVat ? { reason: 'vat-id', detail: customer.vatId!.trim() } : null;
  }
  const key = companyNameKey(customer.name);
  if (key.length > 0 && key === companyNameKey(contact.name)) return { reason: 'name', detail: normaliseCompanyName(customer.name) };
  const number = normaliseCustomerNumber(customer.customerNumber);
  if (number && number === normaliseCustomerNumber(contact.customerNumber)) {
    const ours = distinctiveTokens(customer.name);
    if ([...distinctiveTokens(contact.name)].some((t) => ours.has(t))) return { reason: 'customer-number', detail: customer.customerNumber!.trim() };
  }
  return null;
}

/**
 * The likely contacts for a customer, best first: VAT ID matches (those with the same name
 * too before the others), then name matches, then customer-number matches; alphabetical
 * within each. Each contact once, at most MAX_SUGGESTIONS.
 */
export function rankSuggestions(customer: Customer, contacts: readonly BillingContact[]): Suggestion[] {
  const seen = new Set<string>();
  const key = companyNameKey(customer.name);
  const ranked: (Suggestion & { sameName: boolean })[] = [];
  for (const contact of contacts) {
    if (seen.has(contact.id)) continue;
    seen.add(contact.id);
    const match = matchContact(customer, contact);
    if (match) ranked.push({ contact, ...match, sameName: companyNameKey(contact.name) === key });
  }
  ranked.sort(
    (a, b) =>
      RANK[a.reason] - RANK[b.reason] ||
      Number(b.sameName) - Number(a.sameName) ||
      a.contact.name.localeCompare(b.contact.name, 'de') ||
      a.contact.id.localeCompare(b.contact.id),
  );
  return ranked.slice(0, MAX_SUGGESTIONS).map(({ contact, reason, detail }) => ({ contact, reason, detail }));
}
