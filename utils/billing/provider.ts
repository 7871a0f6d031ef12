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

/**
 * What the billing system made of the invoice as an e-invoice, read back after creating it:
 * neither API lets the request choose (fact sheet §3.1, §4.2).
 */
export interface EInvoiceCheck {
  /**
   * Lexware's `electronicDocumentProfile` ('EN16931' = ZUGFeRD, 'XRechnung', 'NONE'); for
   * sevdesk 'ZUGFeRD' when getXml answered with the XML. null: not known (yet), e.g. a
   * Lexware draft, whose profile is decided when it is finalized.
   */
  profile: string | null;
  /** No e-invoice although the customer is a German business, which needs one from 2027. */
  missingForDomesticB2b: boolean;
  /**
   * Why no e-invoice was made, as codes the result view puts into words: readiness codes
   * (einvoice-readiness.ts) or 'xml-not-returned' (sevdesk gave no XML for the flag).
   */
  missing?: { code: string; params?: Record<string, string | number> }[];
}

export interface CreatedInvoice {
  id: string;
  /** Drafts may have no number yet. */
  number: string | null;
  url: string;
  status: 'draft' | 'open';
  /** Gross total as the billing system computed it, in minor units. */
  grossMinor?: number;
  eInvoice?: EInvoiceCheck;
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

/** An invoice's file as the billing system hands it out (never with the key). */
export interface InvoiceFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** 'xml': the e-invoice's XML; 'pdf': the invoice's PDF (a ZUGFeRD e-invoice carries the XML inside). */
export type InvoiceFileFormat = 'xml' | 'pdf';

export interface ConnectionInfo {
  companyName: string;
}

/**
 * The own company's data as the billing system's API reports it (fact sheet §3.1/§3.2,
 * API sheet §1.7; sevdesk: `GET /CheckAccount` in the official spec). Only what the API
 * offers is here: Lexware's profile carries no VAT ID, IBAN, phone or e-mail, sevdesk's API
 * offers no read of its company settings, only the bank accounts.
 */
export interface CompanyData {
  companyName?: string;
  /** Seller fields as the e-invoice settings name them (utils/domain/settings.ts). */
  seller: { iban?: string };
  /** Lexware: the plan includes XRechnung (`businessFeatures` has INVOICING_PRO). */
  xRechnungAvailable?: boolean;
  /** Lexware: the account is a Kleinunternehmer (§ 19 UStG): no e-invoice duty. */
  smallBusiness?: boolean;
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
  /**
   * The invoice's file. Never changes the invoice (sevdesk's PDF is read with
   * preventSendBy). BillingError('not-found') when the system has no such file for it.
   */
  downloadFile?(invoiceId: string, format: InvoiceFileFormat): Promise<InvoiceFile>;
  /** The own company's data as the API reports it, to prefill and check the e-invoice settings. */
  companyData?(): Promise<CompanyData>;
  /** The payment methods an invoice may name (sevdesk: its e-invoices need one). */
  paymentMethods?(): Promise<{ id: string; name: string }[]>;
  /** How long a freshly created contact needs before invoices may reference it. */
  readonly contactReadyDelayMs: number;
}
