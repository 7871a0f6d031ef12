/** Lexware Office as a BillingProvider (billing-apis.md §1). */
import type { BillingContact, BillingProvider, CreatedInvoice, EInvoiceCheck, InvoiceProbe } from '../provider';
import type { InvoiceDraft } from '../../domain/invoice';
import { isDomesticB2b } from '../../domain/draft-readiness';
import { createHttpClient, type HttpClient } from '../http';
import { TokenBucket } from '../rate-limit';
import { PROVIDERS } from '../registry';
import type { Endpoints } from '../endpoints';
import { describeLexwareError } from './error-details';
import { contactPayload, invoicePayload } from './payload';
import { classifyQuery, escapeWildcards, htmlEncodeSearch } from './search';
import { ActionResultSchema, ContactSchema, InvoiceSchema, PageSchema, ProfileSchema, VoucherListItemSchema, type LexwareContact } from './schemas';
import { lexwareDay } from './datetime';
import { minorFromApiNumber } from '../../domain/money';
import { fileNameFrom } from '../file-name';
import { checkLeitwegId } from '../../domain/leitweg-id';
import type { PublicCustomer } from '../../domain/public-customer';

/** What the background knows of a draft's customer as a public authority (XRechnung). */
export interface LexwareXRechnungSource {
  forDraft(draft: InvoiceDraft): Promise<PublicCustomer | undefined>;
}

export interface LexwareOptions {
  apiKey: () => string;
  endpoints: Endpoints;
  fetch?: typeof fetch;
  /** One bucket per API key: Lexware's limit covers all endpoints together. */
  bucket?: TokenBucket;
  backoffMs?: number;
  contactReadyDelayMs?: number;
  xRechnung?: LexwareXRechnungSource;
}

/** Pages read at most when searching by VAT ID, which Lexware cannot filter by. */
const VAT_SEARCH_PAGES = 4;

export function toBillingContact(c: LexwareContact): BillingContact {
  const billing = c.addresses?.billing?.[0];
  const name = c.company?.name ?? [c.person?.firstName, c.person?.lastName].filter(Boolean).join(' ');
  const email = Object.values(c.emailAddresses ?? {}).flat()[0];
  const number = c.roles?.customer?.number;
  return {
    id: c.id,
    name,
    ...(number !== undefined ? { customerNumber: String(number) } : {}),
    ...(email ? { email } : {}),
    ...(c.company?.vatRegistrationId ? { vatId: c.company.vatRegistrationId } : {}),
    ...(billing?.city ? { city: billing.city } : {}),
    ...(billing?.countryCode ? { countryCode: billing.countryCode } : {}),
  };
}

/** The HTTP client every Lexware call goes through (the provider, the invoice book's polls and reminders). */
export function createLexwareHttp(options: Pick<LexwareOptions, 'apiKey' | 'endpoints' | 'fetch' | 'bucket' | 'backoffMs'>): HttpClient {
  return createHttpClient({
    system: 'Lexware Office',
    baseURL: options.endpoints.api,
    auth: () => ({ Authorization: `Bearer ${options.apiKey()}` }),
    bucket: options.bucket ?? new TokenBucket(PROVIDERS.lexware.rateLimit),
    describeError: describeLexwareError,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
  });
}

export function createLexwareProvider(options: LexwareOptions): BillingProvider {
  const http = createLexwareHttp(options);
  const invoiceUrl = (id: string) => `${options.endpoints.app}/permalink/invoices/edit/${encodeURIComponent(id)}`;
  const contactsPage = PageSchema(ContactSchema);

  async function searchContacts(text: string): Promise<BillingContact[]> {
    const query = classifyQuery(text);
    if (!query) return [];
    if ('vatId' in query) {
      const found: BillingContact[] = [];
      for (let page = 0; page < VAT_SEARCH_PAGES; page++) {
        const { data } = await http.get('/contacts', { query: { customer: true, page, size: 250 }, schema: contactsPage });
        for (const c of data.content) {
          if (c.company?.vatRegistrationId?.replace(/[\s.-]/g, '').toUpperCase() === query.vatId) found.push(toBillingContact(c));
        }
        if (data.last ?? page + 1 >= data.totalPages) break;
      }
      return found;
    }
    const filter =
      'email' in query
        ? { email: htmlEncodeSearch(query.email) }
        : 'number' in query
          ? { number: query.number }
          : { name: htmlEncodeSearch(escapeWildcards(query.name)) };
    // Names and e-mails need at least 3 characters; shorter input finds nothing rather than failing.
    if (('name' in query && query.name.length < 3) || ('email' in query && query.email.length < 3)) return [];
    const { data } = await http.get('/contacts', { query: { ...filter, customer: true, size: 50 }, schema: contactsPage });
    return data.content.filter((c) => !c.archived).map(toBillingContact);
  }

  return {
    id: 'lexware',
    name: 'Lexware Office',
    contactReadyDelayMs: options.contactReadyDelayMs ?? 2000,
    invoiceUrl,

    async testConnection() {
      const { data } = await http.get('/profile', { schema: ProfileSchema });
      return { companyName: data.companyName };
    },

    searchContacts,

    async companyData() {
      // The profile is all Lexware reports of the organisation (API sheet §1.7): its name, the
      // plan's features and § 19; the e-invoice data is checked by Lexware when it finalizes.
      const { data } = await http.get('/profile', { schema: ProfileSchema });
      return {
        companyName: data.companyName,
        seller: {},
        ...(data.businessFeatures ? { xRechnungAvailable: data.businessFeatures.includes('INVOICING_PRO') } : {}),
        ...(data.smallBusiness !== undefined ? { smallBusiness: data.smallBusiness } : {}),
      };
    },

    async createContact(customer) {
      const { data } = await http.post('/contacts', { body: contactPayload(customer), schema: ActionResultSchema });
      // The contact exists now. Reading it back adds its customer number; if that read
      // fails, the contact is still returned (and linked), so nobody creates it twice.
      try {
        const { data: contact } = await http.get(`/contacts/${encodeURIComponent(data.id)}`, { schema: ContactSchema });
        return toBillingContact(contact);
      } catch {
        return {
          id: data.id,
          name: customer.name,
          ...(customer.vatId ? { vatId: customer.vatId } : {}),
          ...(customer.email ? { email: customer.email } : {}),
          ...(customer.billingAddress ? { city: customer.billingAddress.city, countryCode: customer.billingAddress.countryCode } : {}),
        };
      }
    },

    async createInvoice(draft) {
      const buyerReference = await prepareXRechnung(draft);
      const { data } = await http.post('/invoices', {
        query: draft.finalize ? { finalize: true } : undefined,
        body: invoicePayload(draft, { buyerReference }),
        schema: ActionResultSchema,
      });
      // The invoice exists now; reading it back only adds its number and totals.
      try {
        const { data: invoice } = await http.get(`/invoices/${encodeURIComponent(data.id)}`, { schema: InvoiceSchema });
        const created = toCreated(invoice.id, invoice.voucherNumber ?? null, invoice.voucherStatus, invoice.totalPrice?.totalGrossAmount);
        return { ...created, eInvoice: eInvoiceCheck(draft, created.status, invoice.electronicDocumentProfile ?? null) };
      } catch {
        return toCreated(data.id, null, draft.finalize ? 'open' : 'draft', undefined);
      }
    },

    async downloadFile(invoiceId, format) {
      // GET /file (fact sheet §3.3): XML only for XRechnung (404 for ZUGFeRD, whose PDF holds
      // it), PDF for every finalized invoice; drafts have no file (409).
      const accept = format === 'xml' ? 'application/xml' : 'application/pdf';
      const { bytes, headers } = await http.download(`/invoices/${encodeURIComponent(invoiceId)}/file`, { accept });
      return { fileName: fileNameFrom(headers.get('content-disposition'), invoiceId, format), mimeType: accept, bytes };
    },

    async findInvoices(probe: InvoiceProbe) {
      const { data } = await http.get('/voucherlist', {
        query: {
          voucherType: 'invoice',
          voucherStatus: 'any',
          contactId: probe.contactId,
          createdDateFrom: probe.createdAfter.slice(0, 10),
          size: 250,
          sort: 'createdDate,DESC',
        },
        schema: PageSchema(VoucherListItemSchema),
      });
      // The list filter works on whole days; an invoice created earlier that day (same contact,
      // date and total) is not ours, so the time is compared here. Unreadable times are kept.
      const after = Date.parse(probe.createdAfter);
      return data.content
        .filter((item) => item.voucherType === 'invoice' && (!item.createdDate || !(Date.parse(item.createdDate) < after)))
        .filter((item) => !item.voucherDate || lexwareDay(item.voucherDate) === probe.voucherDate)
        .filter((item) => item.totalAmount === undefined || item.totalAmount === null || minorFromApiNumber(item.totalAmount, 'EUR') === probe.grossMinor)
        .map((item) => toCreated(item.id, item.voucherNumber ?? null, item.voucherStatus, item.totalAmount ?? undefined));
    },
  };

  /**
   * For a public customer with a valid Leitweg-ID and our supplier number there: writes both
   * to the contact's XRechnung details when they differ (PUT with the contact's version; the
   * readiness check has said what is missing otherwise) and returns the buyer reference the
   * invoice carries. Writing the same values again changes nothing, so a repeat is safe.
   */
  async function prepareXRechnung(draft: InvoiceDraft): Promise<string | undefined> {
    const wanted = await options.xRechnung?.forDraft(draft);
    if (!wanted || !draft.contact || !wanted.vendorNumberAtCustomer || !checkLeitwegId(wanted.leitwegId).ok) return undefined;
    const path = `/contacts/${encodeURIComponent(draft.contact.id)}`;
    const { data: contact } = await http.get(path, { schema: ContactSchema });
    const xRechnung = { buyerReference: wanted.leitwegId, vendorNumberAtCustomer: wanted.vendorNumberAtCustomer };
    if (contact.xRechnung?.buyerReference !== xRechnung.buyerReference || contact.xRechnung?.vendorNumberAtCustomer !== xRechnung.vendorNumberAtCustomer) {
      await http.put(path, { body: { ...contact, xRechnung }, schema: ActionResultSchema, idempotent: true });
    }
    return wanted.leitwegId;
  }

  /** A draft is always NONE: its profile is decided when it is finalized, so it says nothing yet. */
  function eInvoiceCheck(draft: InvoiceDraft, status: CreatedInvoice['status'], profile: string | null): EInvoiceCheck {
    if (status === 'draft' || profile === null) return { profile: null, missingForDomesticB2b: false };
    return { profile, missingForDomesticB2b: profile === 'NONE' && isDomesticB2b(draft) };
  }

  function toCreated(id: string, number: string | null, status: string, gross: number | undefined): CreatedInvoice {
    return {
      id,
      number,
      url: invoiceUrl(id),
      status: status === 'draft' ? 'draft' : 'open',
      ...(gross !== undefined && minorFromApiNumber(gross, 'EUR') !== null ? { grossMinor: minorFromApiNumber(gross, 'EUR')! } : {}),
    };
  }
}

