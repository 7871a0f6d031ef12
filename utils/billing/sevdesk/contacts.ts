/**
 * Finding and creating customers in sevdesk (billing-apis.md §2.7). sevdesk filters
 * contacts by name and customer number only; VAT IDs and e-mail addresses are compared
 * here, page by page. Addresses and e-mail addresses are separate objects, embedded into
 * the contacts where possible so a search stays one request.
 */
import * as v from 'valibot';
import type { BillingContact } from '../provider';
import { BillingError } from '../errors';
import type { HttpClient } from '../http';
import type { Address, Customer } from '../../domain/order';
import { countryCodeOf, type SevdeskLookups } from './lookups';
import { CUSTOMER_CATEGORY_ID, addressPayload, contactPayload, emailPayload, requireCountryId } from './payload';
import { scan } from './paging';
import { CommunicationWaySchema, ContactSchema, ListSchema, ObjectSchema, type SevdeskContact } from './schemas';

export type ContactQuery = { email: string } | { customerNumber: string } | { vatId: string } | { name: string };

/** Contacts fetched one by one after a local match (e-mail, VAT ID). */
const MAX_MATCHES = 10;

const EMBED = 'addresses,communicationWays';
/** Organisations (depth 0) of category "Kunde". */
const CUSTOMERS = { depth: 0, 'category[id]': CUSTOMER_CATEGORY_ID, 'category[objectName]': 'Category' } as const;

export const normaliseVatId = (text: string) => text.replace(/[\s.\-]/g, '').toUpperCase();

/** Picks what a search text most likely is: e-mail, customer number, VAT ID or name. */
export function classifyQuery(text: string): ContactQuery | null {
  const t = text.trim();
  if (t.length === 0) return null;
  if (t.includes('@')) return { email: t.toLowerCase() };
  if (/^\d{1,15}$/.test(t)) return { customerNumber: t };
  // A country prefix, then mostly digits: "DE123456789", "ATU87654321", "CHE-123.456.788 MWST".
  if (/^[A-Z]{2,3}[\s.\-]?[0-9A-Z][0-9A-Z\s.\-]{4,22}$/i.test(t) && (t.match(/\d/g) ?? []).length >= 5) return { vatId: normaliseVatId(t) };
  return { name: t };
}

const isPerson = (c: SevdeskContact) => Boolean(c.surename || c.familyname);

export function toBillingContact(c: SevdeskContact, lookups: SevdeskLookups): BillingContact {
  const name = isPerson(c) ? [c.surename, c.familyname].filter(Boolean).join(' ') : (c.name ?? '');
  // The billing address if the contact has one, else its first address.
  const addresses = c.addresses ?? [];
  const address = addresses.find((a) => a.category?.id === lookups.addressCategoryId) ?? addresses[0];
  const country = address?.country ? (address.country.code?.toUpperCase() ?? countryCodeOf(lookups, address.country.id)) : undefined;
  const emails = (c.communicationWays ?? []).filter((w) => w.type === 'EMAIL' && w.value);
  const email = (emails.find((w) => w.main) ?? emails[0])?.value ?? undefined;
  const number = c.customerNumber ?? undefined;
  return {
    id: c.id,
    name,
    ...(number ? { customerNumber: number } : {}),
    ...(email ? { email } : {}),
    ...(c.vatNumber ? { vatId: c.vatNumber } : {}),
    ...(address?.city ? { city: address.city } : {}),
    ...(country ? { countryCode: country } : {}),
  };
}

const contactList = ListSchema(ContactSchema);

async function contactById(http: HttpClient, id: string): Promise<SevdeskContact | undefined> {
  const { data } = await http.get(`/Contact/${encodeURIComponent(id)}`, { query: { embed: EMBED }, schema: contactList });
  return data.objects[0];
}

export async function searchContacts(http: HttpClient, lookupsOf: () => Promise<SevdeskLookups>, text: string): Promise<BillingContact[]> {
  const query = classifyQuery(text);
  if (!query || ('name' in query && query.name.length < 2)) return [];
  const lookups = await lookupsOf();
  const map = (contacts: SevdeskContact[]) => contacts.map((c) => toBillingContact(c, lookups));

  if ('name' in query || 'customerNumber' in query) {
    const filter = 'name' in query ? { name: query.name } : { customerNumber: query.customerNumber };
    const { data } = await http.get('/Contact', { query: { ...CUSTOMERS, ...filter, embed: EMBED, limit: 50 }, schema: contactList });
    return map(data.objects);
  }

  if ('vatId' in query) {
    const contacts = await scan(http, '/Contact', CUSTOMERS, ContactSchema);
    const matches = contacts.filter((c) => c.vatNumber && normaliseVatId(c.vatNumber) === query.vatId).slice(0, MAX_MATCHES);
    return map(await withDetails(http, matches));
  }

  // E-mail: the communication ways are the smaller list; their contacts are read afterwards.
  const ways = await scan(http, '/CommunicationWay', { type: 'EMAIL' }, CommunicationWaySchema);
  const ids = [...new Set(ways.filter((w) => w.value?.trim().toLowerCase() === query.email && w.contact).map((w) => w.contact!.id))];
  const found: SevdeskContact[] = [];
  for (const id of ids.slice(0, MAX_MATCHES)) {
    let contact = await contactById(http, id);
    // A person's address belongs to the organisation the person works for.
    if (contact && isPerson(contact) && contact.parent) contact = await contactById(http, contact.parent.id);
    if (contact && !isPerson(contact) && contact.category?.id === CUSTOMER_CATEGORY_ID && !found.some((f) => f.id === contact!.id)) found.push(contact);
  }
  return map(found);
}

/** Contacts from a plain list, read again with their addresses and e-mail addresses. */
async function withDetails(http: HttpClient, contacts: SevdeskContact[]): Promise<SevdeskContact[]> {
  const out: SevdeskContact[] = [];
  for (const c of contacts) out.push((c.addresses || c.communicationWays ? c : await contactById(http, c.id)) ?? c);
  return out;
}

/**
 * The contact exists in sevdesk, but its address or e-mail address could not be saved.
 * Creating it again would make a duplicate; the caller should link `contact` (invoices carry
 * their own address text) and tell the user what to complete in sevdesk.
 */
export class IncompleteContactError extends BillingError {
  override name = 'IncompleteContactError';
  constructor(
    readonly contact: BillingContact,
    readonly missing: readonly ('address' | 'email')[],
    cause: BillingError,
  ) {
    const what = missing.map((m) => (m === 'address' ? 'billing address' : 'e-mail address')).join(' and ');
    super(cause.code, `sevdesk contact ${contact.id} (${contact.name}) was created, but its ${what} could not be saved (${cause.message}). Link this contact and complete it in sevdesk instead of creating it again.`, {
      ...(cause.status !== undefined ? { status: cause.status } : {}),
      outcome: cause.outcome,
      fields: cause.fields,
    });
  }
}

/** Errors after which the next step is bound to fail as well. */
const STOPS_ALL = new Set(['auth', 'forbidden', 'rate-limited', 'unavailable', 'timeout', 'network']);

export interface CreateContactDeps {
  http: HttpClient;
  /** The account's lookups, read before anything is created. */
  lookups: SevdeskLookups;
  /** Sends one follow-up step; the provider retries it once if sevdesk refused a stale lookup. */
  step: (path: string, build: (lookups: SevdeskLookups) => Record<string, unknown>) => Promise<void>;
}

const CreatedContactSchema = ObjectSchema(ContactSchema);

/**
 * POST /Contact, then the billing address (POST /ContactAddress) and the e-mail address
 * (POST /CommunicationWay). A follow-up failure leaves the contact in sevdesk: that is
 * reported as IncompleteContactError, which carries the contact.
 */
export async function createContact(deps: CreateContactDeps, customer: Customer): Promise<BillingContact> {
  const address: Address | undefined = customer.billingAddress;
  // A country sevdesk does not know would leave a contact without address: refuse up front.
  if (address) requireCountryId(deps.lookups, address.countryCode);

  const { data: raw } = await deps.http.post('/Contact', { body: contactPayload(customer), schema: v.unknown() });
  const parsed = v.safeParse(CreatedContactSchema, raw);
  if (!parsed.success) {
    // sevdesk answered success, so the contact most likely exists: do not let the user create it twice.
    throw new BillingError('bad-response', 'sevdesk created the contact but answered in an unexpected shape; search for it before creating it again', {
      outcome: 'unknown',
    });
  }
  const created = parsed.output.objects;
  const contact: BillingContact = {
    id: created.id,
    name: created.name ?? customer.name,
    ...(created.customerNumber ? { customerNumber: created.customerNumber } : {}),
    ...(customer.vatId ? { vatId: customer.vatId } : {}),
  };

  const missing: ('address' | 'email')[] = [];
  let failure: BillingError | undefined;
  const attempt = async (what: 'address' | 'email', run: () => Promise<void>): Promise<boolean> => {
    if (failure && STOPS_ALL.has(failure.code)) {
      missing.push(what);
      return false;
    }
    try {
      await run();
      return true;
    } catch (error) {
      missing.push(what);
      failure ??= error instanceof BillingError ? error : new BillingError('bad-response', error instanceof Error ? error.message : String(error));
      return false;
    }
  };

  if (address && (await attempt('address', () => deps.step('/ContactAddress', (lookups) => addressPayload(created.id, customer.name, address, lookups))))) {
    Object.assign(contact, { city: address.city, countryCode: address.countryCode });
  }
  const email = customer.email;
  if (email && (await attempt('email', () => deps.step('/CommunicationWay', (lookups) => emailPayload(created.id, email, lookups))))) {
    contact.email = email;
  }
  if (failure) throw new IncompleteContactError(contact, missing, failure);
  return contact;
}
