/**
 * The account's mutable data, in memory. Records keep domain values (dates, decimals,
 * booleans); the resource modules turn them into sevdesk's all-strings responses.
 */
import type { Reference } from './context';
import type { CalendarDate } from './dates';
import type { Decimal } from './decimal';
import type { PositionAmounts } from './invoice-sums';
import { seedAccount } from './seed';
import { defaultSevClient, type SevClientData } from './sev-client';

export interface ContactRecord {
  id: string;
  create: Date;
  update: Date;
  /** Organisations have a name; persons a surename and/or familyname. */
  name: string | null;
  surename: string | null;
  familyname: string | null;
  name2: string | null;
  titel: string | null;
  academicTitle: string | null;
  gender: string | null;
  birthday: string | null;
  description: string | null;
  status: string;
  customerNumber: string | null;
  parentId: string | null;
  categoryId: string;
  vatNumber: string | null;
  taxNumber: string | null;
  taxOffice: string | null;
  bankAccount: string | null;
  bankNumber: string | null;
  buyerReference: string | null;
  defaultTimeToPay: string | null;
  defaultCashbackTime: string | null;
  defaultCashbackPercent: string | null;
  defaultDiscountAmount: string | null;
  defaultDiscountPercentage: boolean;
  exemptVat: boolean;
  governmentAgency: boolean;
}

export interface AddressRecord {
  id: string;
  create: Date;
  update: Date;
  contactId: string;
  street: string | null;
  zip: string | null;
  city: string | null;
  countryId: string;
  categoryId: string;
  name: string | null;
  name2: string | null;
  name3: string | null;
  name4: string | null;
}

export interface CommunicationWayRecord {
  id: string;
  create: Date;
  update: Date;
  contactId: string;
  type: string;
  value: string;
  keyId: string;
  main: boolean;
}

export interface InvoiceRecord {
  id: string;
  create: Date;
  update: Date;
  invoiceNumber: string;
  invoiceType: string;
  status: string;
  contactId: string | null;
  contactPersonId: string;
  invoiceDate: CalendarDate;
  deliveryDate: CalendarDate | null;
  deliveryDateUntil: CalendarDate | null;
  header: string | null;
  headText: string | null;
  footText: string | null;
  timeToPay: string | null;
  discount: string;
  discountTime: string | null;
  address: string | null;
  /** The separate address fields integrations send for e-invoices (not in Model_Invoice). */
  addressName: string | null;
  addressStreet: string | null;
  addressZip: string | null;
  addressCity: string | null;
  addressCountryId: string;
  deliveryAddressCountryId: string | null;
  smallSettlement: boolean;
  taxRate: string;
  taxRuleId: string | null;
  taxText: string | null;
  taxType: string | null;
  taxSetId: string | null;
  currency: string;
  showNet: boolean;
  customerInternalNote: string | null;
  paymentMethod: Reference | null;
  costCentre: Reference | null;
  origin: Reference | null;
  propertyIsEInvoice: boolean;
  sendType: string | null;
  sendDate: Date | null;
  enshrined: Date | null;
  sumNet: Decimal;
  sumTax: Decimal;
  sumGross: Decimal;
  /** Booked payments (bookAmount); read-only in the API. */
  paidAmount: Decimal;
  payDate: Date | null;
}

export interface InvoicePosRecord extends PositionAmounts {
  id: string;
  create: Date;
  update: Date;
  invoiceId: string;
  positionNumber: number;
  name: string | null;
  text: string | null;
  quantity: Decimal;
  /** As sent: net when the invoice shows net prices, gross otherwise. */
  price: Decimal;
  unityId: string;
  taxRate: Decimal;
}

type Kind = 'contact' | 'address' | 'communicationWay' | 'invoice' | 'position' | 'creditNote' | 'creditNotePos' | 'log';

/** First ids per kind: account-sized numbers, never 1, so clients can't get away with guessing. */
const FIRST_IDS: Record<Kind, number> = {
  contact: 74_100_301,
  address: 51_200_301,
  communicationWay: 62_300_301,
  invoice: 98_100_001,
  position: 98_500_001,
  creditNote: 97_100_001,
  creditNotePos: 97_500_001,
  log: 96_100_001,
};

/**
 * A credit note (CreditNote): the invoice record's fields plus its booking category and the
 * invoice it corrects. `invoiceNumber` holds the credit note number.
 */
export interface CreditNoteRecord extends InvoiceRecord {
  bookingCategory: 'UNDERACHIEVEMENT';
  refSrcInvoiceId: string;
}

export const FIRST_INVOICE_NUMBER = 1000;

export class Store {
  readonly contacts = new Map<string, ContactRecord>();
  readonly addresses = new Map<string, AddressRecord>();
  readonly communicationWays = new Map<string, CommunicationWayRecord>();
  readonly invoices = new Map<string, InvoiceRecord>();
  readonly positions = new Map<string, InvoicePosRecord>();
  readonly creditNotes = new Map<string, CreditNoteRecord>();
  /** Credit note positions; their `invoiceId` is the credit note's id. */
  readonly creditNotePositions = new Map<string, InvoicePosRecord>();
  sevClientData: SevClientData = defaultSevClient();
  private creditNoteNumber = FIRST_INVOICE_NUMBER;
  private nextIds: Record<Kind, number> = { ...FIRST_IDS };
  private invoiceNumber = FIRST_INVOICE_NUMBER;
  /** sevdesk hands out customer numbers from its own number range, not from the max in use. */
  private customerNumber = 0;

  constructor(readonly now: () => Date) {
    this.reset();
  }

  reset(): void {
    this.contacts.clear();
    this.addresses.clear();
    this.communicationWays.clear();
    this.invoices.clear();
    this.positions.clear();
    this.creditNotes.clear();
    this.creditNotePositions.clear();
    this.sevClientData = defaultSevClient();
    this.creditNoteNumber = FIRST_INVOICE_NUMBER;
    this.nextIds = { ...FIRST_IDS };
    this.invoiceNumber = FIRST_INVOICE_NUMBER;
    this.customerNumber = seedAccount(this);
  }

  newId(kind: Kind): string {
    const id = this.nextIds[kind];
    this.nextIds[kind] = id + 1;
    return String(id);
  }

  takeInvoiceNumber(): string {
    return `RE-${this.invoiceNumber++}`;
  }

  takeCreditNoteNumber(): string {
    return `GU-${this.creditNoteNumber++}`;
  }

  creditNotePositionsOf(creditNoteId: string): InvoicePosRecord[] {
    return [...this.creditNotePositions.values()].filter((p) => p.invoiceId === creditNoteId).sort((a, b) => a.positionNumber - b.positionNumber);
  }

  peekCustomerNumber(): string {
    return String(this.customerNumber);
  }

  takeCustomerNumber(): string {
    return String(this.customerNumber++);
  }

  addressesOf(contactId: string): AddressRecord[] {
    return [...this.addresses.values()].filter((a) => a.contactId === contactId);
  }

  communicationWaysOf(contactId: string): CommunicationWayRecord[] {
    return [...this.communicationWays.values()].filter((c) => c.contactId === contactId);
  }

  positionsOf(invoiceId: string): InvoicePosRecord[] {
    return [...this.positions.values()]
      .filter((p) => p.invoiceId === invoiceId)
      .sort((a, b) => a.positionNumber - b.positionNumber || Number(a.id) - Number(b.id));
  }
}
