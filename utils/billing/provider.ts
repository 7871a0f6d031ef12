/**
 * What the extension needs from a billing system. Lexware Office and sevdesk each implement
 * it in their own folder; only the background uses providers.
 */
import type { Customer } from '../domain/order';
import type { InvoiceDraft } from '../domain/invoice';
import type { ProviderId } from '../domain/provider-rules';

export interface BillingContact {
  id: string;
  name: string;
  customerNumber?: string;
  email?: string;
  vatId?: string;
  city?: string;
  countryCode?: string;
}

export interface CreatedInvoice {
  id: string;
  /** Drafts may have no number yet. */
  number: string | null;
  url: string;
  status: 'draft' | 'open';
  /** Gross total as the billing system computed it, in minor units. */
  grossMinor?: number;
}

/** What the system needs to find an invoice whose creation had an unknown outcome. */
export interface InvoiceProbe {
  contactId: string;
  voucherDate: string;
  /** ISO datetime just before the attempt: only invoices created after it can be ours. */
  createdAfter: string;
  grossMinor: number;
  currency: string;
}

export interface ConnectionInfo {
  companyName: string;
}

export interface BillingProvider {
  readonly id: ProviderId;
  readonly name: string;
  testConnection(): Promise<ConnectionInfo>;
  searchContacts(query: string): Promise<BillingContact[]>;
  createContact(customer: Customer): Promise<BillingContact>;
  createInvoice(draft: InvoiceDraft): Promise<CreatedInvoice>;
  /** Invoices that may be the result of an attempt with an unknown outcome. */
  findInvoices(probe: InvoiceProbe): Promise<CreatedInvoice[]>;
  invoiceUrl(id: string): string;
  /** How long a freshly created contact needs before invoices may reference it. */
  readonly contactReadyDelayMs: number;
}
