/** sevdesk as a BillingProvider (billing-apis.md §2). */
import * as v from 'valibot';
import type { BillingProvider, ConnectionInfo, InvoiceProbe } from '../provider';
import { BillingError } from '../errors';
import { createHttpClient, type HttpClient } from '../http';
import { TokenBucket } from '../rate-limit';
import type { Endpoints } from '../endpoints';
import type { InvoiceDraft } from '../../domain/invoice';
import { classifyQuery, createContact, searchContacts } from './contacts';
import { describeSevdeskError, namesUnknownLookup } from './error-details';
import { DEFAULT_ERROR_STREAK, errorStreakGuardFor, type ErrorStreakOptions } from './error-streak';
import { matchesProbe, toCreated } from './invoices';
import { assertBookkeeping2, createLookupResolver, createMemoryLookupCache, type LookupCache, type SevdeskLookups } from './lookups';
import { scan } from './paging';
import { invoicePayload, sevdeskRefusal } from './payload';
import { safeFileName } from '../file-name';
import { confirmEInvoice, eInvoiceFields, fetchXml, planEInvoice, syncBuyerReference, type EInvoicePlan, type SevdeskEInvoiceSource } from './e-invoice';
import { BookkeepingVersionSchema, CheckAccountSchema, InvoiceSchema, ListSchema, ObjectSchema, PaymentMethodSchema, PdfSchema, SaveInvoiceSchema, SevUserSchema, type SevUser } from './schemas';

export interface SevdeskOptions {
  /** The API token, read freshly for every request. */
  apiKey: () => string;
  endpoints: Endpoints;
  fetch?: typeof fetch;
  /**
   * One bucket per billing system, shared by every provider object: the error-streak guard
   * hangs on it. Without one, a bucket shared by all sevdesk providers of this module is used.
   */
  bucket?: TokenBucket;
  backoffMs?: number;
  /** Where lookups are kept per account; an in-memory cache shared by this module otherwise. */
  lookups?: LookupCache;
  /** Only used when the bucket gets its guard (tests shorten the pauses). */
  errorStreak?: ErrorStreakOptions;
  now?: () => Date;
  /** The user's e-invoice settings and buyer references; without it, invoices are plain. */
  eInvoice?: SevdeskEInvoiceSource;
}

// sevdesk documents no rate limit; the bucket only keeps a burst from becoming a flood.
const sharedBucket = new TokenBucket({ capacity: 5, refillPerSecond: 5 });
const sharedLookups = createMemoryLookupCache();

/**
 * What testConnection shows to confirm the account: the company (sevClient) name where
 * sevdesk embeds it, else the user's name. The official spec has no company endpoint.
 */
export function connectionName(user: SevUser | undefined): string {
  const person = [user?.firstName, user?.lastName].filter(Boolean).join(' ');
  return user?.sevClient?.name?.trim() || user?.fullname?.trim() || person || user?.username?.trim() || 'sevdesk';
}

/** Base64 as sevdesk sends it (whitespace tolerated) to bytes, without Node's Buffer. */
function base64Bytes(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The HTTP client every sevdesk call goes through (the provider, the invoice book's polls and reminders). */
export function createSevdeskHttp(options: Pick<SevdeskOptions, 'apiKey' | 'endpoints' | 'fetch' | 'bucket' | 'backoffMs' | 'errorStreak'>): HttpClient {
  const bucket = options.bucket ?? sharedBucket;
  const guard = errorStreakGuardFor(bucket, options.errorStreak ?? DEFAULT_ERROR_STREAK);
  return createHttpClient({
    system: 'sevdesk',
    baseURL: options.endpoints.api,
    // The raw token, without "Bearer". No X-Version: saveInvoice reportedly refuses it.
    auth: () => ({ Authorization: options.apiKey() }),
    bucket,
    describeError: describeSevdeskError,
    // Every failed attempt counts towards a blocked token: fewer retries than elsewhere.
    retries: 2,
    onOutcome: guard.record,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
  });
}

export function createSevdeskProvider(options: SevdeskOptions): BillingProvider {
  const http = createSevdeskHttp(options);
  const resolver = createLookupResolver({
    http,
    cache: options.lookups ?? sharedLookups,
    apiKey: options.apiKey,
    now: options.now ?? (() => new Date()),
  });
  const invoiceUrl = (id: string) => `${options.endpoints.app}/fi/detail/type/RE/id/${encodeURIComponent(id)}`;

  /**
   * Builds a body from the lookups and sends it. If sevdesk refuses an id from cached
   * lookups as unknown, the lookups are read again once; the body is sent again only if it
   * changed with them (a 4xx means nothing was created, but the same body would fail again).
   */
  async function sendWithLookups<R>(build: (lookups: SevdeskLookups) => Record<string, unknown>, send: (body: Record<string, unknown>) => Promise<R>): Promise<R> {
    const { lookups, fresh } = await resolver.get();
    const body = build(lookups);
    try {
      return await send(body);
    } catch (error) {
      const stale =
        !fresh &&
        error instanceof BillingError &&
        error.outcome === 'not-performed' &&
        (error.status === 400 || error.status === 422) &&
        namesUnknownLookup(error.message);
      if (!stale) throw error;
      const again = build(await resolver.refresh());
      if (JSON.stringify(again) === JSON.stringify(body)) throw error;
      return send(again);
    }
  }

  async function saveInvoice(draft: InvoiceDraft, plan: EInvoicePlan) {
    const extra = plan.kind === 'e-invoice' ? eInvoiceFields(draft, plan.paymentMethodId) : undefined;
    const raw = await sendWithLookups(
      (lookups) => invoicePayload(draft, lookups, extra),
      async (body) => (await http.post('/Invoice/Factory/saveInvoice', { body, schema: v.unknown() })).data,
    );
    const parsed = v.safeParse(SaveInvoiceSchema, raw);
    if (!parsed.success) {
      // sevdesk answered success: the invoice most likely exists, so the outcome is unknown
      // (the job then looks for it instead of sending it again).
      throw new BillingError('bad-response', 'sevdesk answered saveInvoice in an unexpected shape', { outcome: 'unknown' });
    }
    return parsed.output.objects.invoice;
  }

  return {
    id: 'sevdesk',
    name: 'sevdesk',
    // sevdesk documents no delay before a new contact can be used.
    contactReadyDelayMs: 0,
    invoiceUrl,

    async testConnection(): Promise<ConnectionInfo> {
      const { data: version } = await http.get('/Tools/bookkeepingSystemVersion', { schema: BookkeepingVersionSchema });
      assertBookkeeping2(version.objects.version);
      const { data: users } = await http.get('/SevUser', { query: { embed: 'sevClient' }, schema: ListSchema(SevUserSchema) });
      return { companyName: connectionName(users.objects[0]) };
    },

    async searchContacts(text) {
      if (!classifyQuery(text)) return [];
      return searchContacts(http, async () => (await resolver.get()).lookups, text);
    },

    async createContact(customer) {
      // Lookups first: if they fail, nothing has been created yet.
      const { lookups } = await resolver.get();
      return createContact(
        {
          http,
          lookups,
          step: async (path, build) => {
            await sendWithLookups(build, (body) => http.post(path, { body, schema: v.unknown() }));
          },
        },
        customer,
      );
    },

    async createInvoice(draft) {
      if (draft.contact === null) throw new Error('An invoice needs a linked contact');
      const refusal = sevdeskRefusal(draft);
      if (refusal) throw refusal;
      const source = await options.eInvoice?.forDraft(draft);
      const plan: EInvoicePlan = source ? planEInvoice(draft, source.settings, source.buyerReference, source.publicCustomer) : { kind: 'off' };
      // The contact must carry the buyer reference before sevdesk checks the flag.
      if (plan.kind === 'e-invoice') await syncBuyerReference(http, options.eInvoice!.written, draft.contact.id, plan.buyerReference);
      const created = toCreated(await saveInvoice(draft, plan), draft.currency, invoiceUrl);
      const eInvoice = await confirmEInvoice(http, draft, plan, created.id);
      return eInvoice ? { ...created, eInvoice } : created;
    },

    async downloadFile(invoiceId, format) {
      const path = `/Invoice/${encodeURIComponent(invoiceId)}`;
      if (format === 'pdf') {
        // preventSendBy: reading the PDF must not mark a draft as sent (billing-apis.md §2.9).
        const { data } = await http.get(`${path}/getPdf`, { query: { download: true, preventSendBy: true }, schema: ObjectSchema(PdfSchema) });
        const bytes = base64Bytes(data.objects.content);
        return { fileName: safeFileName(data.objects.filename?.trim() || `${invoiceId}.pdf`, 'pdf'), mimeType: 'application/pdf', bytes };
      }
      // getXml answers 400 for an invoice saved without the e-invoice flag: it has no XML.
      const noXml = () => new BillingError('not-found', 'sevdesk has no e-invoice XML for this invoice', { status: 404 });
      const xml = await fetchXml(http, invoiceId).catch((error: unknown) => {
        throw error instanceof BillingError && error.status === 400 ? noXml() : error;
      });
      if (xml === null) throw noXml();
      const { data } = await http.get(path, { schema: ListSchema(InvoiceSchema) });
      const number = data.objects[0]?.invoiceNumber?.trim() || invoiceId;
      return { fileName: safeFileName(`${number}.xml`, 'xml'), mimeType: 'application/xml', bytes: new TextEncoder().encode(xml) };
    },

    async companyData() {
      // The official spec has no read of the company settings (SevClient), only the bank
      // accounts: the default one's IBAN is what an e-invoice names (fact sheet §4.1).
      const { data } = await http.get('/CheckAccount', { schema: ListSchema(CheckAccountSchema) });
      const withIban = data.objects.filter((a) => a.iban?.trim());
      const account = withIban.find((a) => String(a.defaultAccount) === '1') ?? withIban[0];
      return { seller: account?.iban ? { iban: account.iban.replace(/\s/g, '').toUpperCase() } : {} };
    },

    async paymentMethods() {
      // GET /PaymentMethod is not in the official spec (fact sheet §2.10); names come as sevdesk keeps them.
      const { data } = await http.get('/PaymentMethod', { query: { limit: 1000 }, schema: ListSchema(PaymentMethodSchema) });
      return data.objects.flatMap((m) => (m.name?.trim() ? [{ id: m.id, name: m.name.trim().slice(0, 100) }] : []));
    },

    async findInvoices(probe: InvoiceProbe) {
      // Only filters the spec documents go to sevdesk: a misread date filter would hide the
      // invoice and make the job send it again. The rest is compared here.
      const drafts = await scan(http, '/Invoice', { 'contact[id]': probe.contactId, 'contact[objectName]': 'Contact', status: 100 }, InvoiceSchema);
      return drafts.filter((invoice) => matchesProbe(invoice, probe)).map((invoice) => toCreated(invoice, probe.currency, invoiceUrl));
    },
  };
}

export { IncompleteContactError } from './contacts';
export { SevdeskLookupsSchema, createMemoryLookupCache, type LookupCache, type SevdeskLookups } from './lookups';
export { sevdeskRefusal } from './payload';
