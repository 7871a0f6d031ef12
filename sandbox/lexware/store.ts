/**
 * The account's data: contacts and invoices, in creation order, plus the bookkeeping that is not
 * part of the resources (when a contact became visible to other services, timestamps, counters).
 */
import type { Contact, Invoice, PaymentItem } from './model';
import { defaultOrganization, type Organization } from './organization';
import { SEED_CREATED_DATE, seedContacts } from './seed';

export interface ContactRecord {
  contact: Contact;
  createdDate: string;
  updatedDate: string;
  /** Epoch ms of creation; the invoice service sees the contact only after the sync delay. */
  createdAtMs: number;
}

const FIRST_CUSTOMER_NUMBER = 10001;
const FIRST_VENDOR_NUMBER = 70001;

export class LexwareStore {
  readonly contacts = new Map<string, ContactRecord>();
  readonly invoices = new Map<string, Invoice>();
  /** Credit notes share the invoice shape; their read-back leaves out what they lack. */
  readonly creditNotes = new Map<string, Invoice>();
  /** Dunnings: always drafts, linked to their invoice. */
  readonly dunnings = new Map<string, Invoice>();
  /** Payments booked on invoices (by invoice id), in booking order. */
  readonly payments = new Map<string, PaymentItem[]>();
  /** The paid date of invoices that are settled in full. */
  readonly paidDates = new Map<string, string>();
  organization: Organization = defaultOrganization();
  private finalizedInvoices = 0;
  private finalizedCreditNotes = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.contacts.clear();
    this.invoices.clear();
    this.creditNotes.clear();
    this.dunnings.clear();
    this.payments.clear();
    this.paidDates.clear();
    this.organization = defaultOrganization();
    this.finalizedInvoices = 0;
    this.finalizedCreditNotes = 0;
    for (const contact of seedContacts()) {
      // Seeded contacts are long synced: epoch 0 is before any clock a test can set.
      this.contacts.set(contact.id, { contact, createdDate: SEED_CREATED_DATE, updatedDate: SEED_CREATED_DATE, createdAtMs: 0 });
    }
  }

  /** Lexware's number range continues after the highest number in use. */
  nextCustomerNumber(): number {
    return this.nextNumber((c) => c.roles.customer?.number, FIRST_CUSTOMER_NUMBER);
  }

  nextVendorNumber(): number {
    return this.nextNumber((c) => c.roles.vendor?.number, FIRST_VENDOR_NUMBER);
  }

  private nextNumber(read: (c: Contact) => number | undefined, first: number): number {
    let highest = first - 1;
    for (const { contact } of this.contacts.values()) highest = Math.max(highest, read(contact) ?? highest);
    return highest + 1;
  }

  /** Finalized invoices are numbered RE0001, RE0002, …; drafts get no number. */
  nextInvoiceNumber(): string {
    this.finalizedInvoices += 1;
    return `RE${String(this.finalizedInvoices).padStart(4, '0')}`;
  }

  /** Finalized credit notes are numbered GS0001, GS0002, … in their own range. */
  nextCreditNoteNumber(): string {
    this.finalizedCreditNotes += 1;
    return `GS${String(this.finalizedCreditNotes).padStart(4, '0')}`;
  }

  /** The credit note that continues an invoice, if any (one per invoice). */
  creditNoteFor(invoiceId: string): Invoice | undefined {
    return [...this.creditNotes.values()].find((cn) => cn.relatedVouchers.some((r) => r.id === invoiceId));
  }
}
