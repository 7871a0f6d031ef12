/**
 * A TmsAdapter teaches the extension one TMS. It has two halves:
 * - the page half runs in the content script: it recognises pages, lists the rows and
 *   their selection, reads orders, and says where the actions go;
 * - the write-back half runs in the background: it records an invoice on an order.
 * Parsing functions take a Document or an element, so they run on saved HTML fixtures.
 */
import type { Money } from '../domain/money';
import type { OrderReadResult } from '../domain/read-problem';
import type { ProviderId } from '../domain/ids';
import type { IsoDate } from '../domain/dates';
import type { DeliveredCandidate } from './proposal';

export type PageKind = 'list' | 'detail';

/** What one list row shows: enough for the action bar (count, customers, sum). */
export interface OrderSummary {
  id: string;
  number: string;
  customerName: string;
  /** null when the row's price can't be read; the preview will say why. */
  price: Money | null;
  status: string;
}

export interface ListRow {
  id: string;
  row: HTMLElement;
  checkbox: HTMLInputElement;
}

export { ORDER_FIELD_NAMES } from '../domain/read-problem';
export type { OrderFieldName, OrderReadResult, ReadProblem, ReadProblemCode } from '../domain/read-problem';

export interface ActionAnchor {
  element: Element;
  append: 'first' | 'last' | 'before' | 'after';
}

export interface TmsPageAdapter {
  readonly id: string;
  readonly name: string;
  /** Whether this adapter knows the page at all. */
  recognises(doc: Document, url: URL): boolean;
  pageKind(doc: Document, url: URL): PageKind | null;
  /** The visible rows of the order list, in page order. */
  listRows(doc: Document): ListRow[];
  /** The list row a row's checkbox belongs to, or null for anything else (optional: speeds up clicks). */
  rowOf?(checkbox: Element): ListRow | null;
  /** The element whose subtree the TMS re-renders when filtering or paging. */
  listContainer(doc: Document): Element | null;
  summariseRow(row: ListRow): OrderSummary;
  /** The order shown on a detail page. */
  detailOrderId(doc: Document, url: URL): string | null;
  summariseDetail(doc: Document, url: URL): OrderSummary | null;
  /** Where the detail page's own actions sit, so ours can join them. */
  detailActionAnchor(doc: Document): ActionAnchor | null;
  /** Reads the order a detail page shows, from the page itself. */
  readDetail(doc: Document, url: URL): OrderReadResult;
  /** Reads complete orders, as the logged-in user, on the page's own origin. */
  readOrders(ids: readonly string[], context: ReadContext): Promise<OrderReadResult[]>;
  /**
   * Every order the TMS itself lists as delivered on or after `from`, across all its pages,
   * through its own API (the invoicing proposal). Optional: without it, the proposal counts
   * only the rows on screen and says so.
   */
  listDelivered?(from: IsoDate, context: ReadContext): Promise<DeliveredCandidate[]>;
  /** The delivery date a list row shows, where the list shows one (the proposal's fallback). */
  rowDeliveredOn?(row: ListRow): IsoDate | null;
}

export interface ReadContext {
  origin: string;
  fetch: typeof fetch;
  /**
   * The page the read was started on, for adapters that read from it (a recipe's `list` and
   * `detail` sources). Optional: code adapters read through their APIs and ignore it.
   */
  page?: { document: Document; url: URL };
}

export interface InvoiceRecord {
  provider: ProviderId;
  providerName: string;
  invoiceId: string;
  invoiceNumber?: string;
  url: string;
}

/**
 * `invoice-number-missing`: the write-back would put the invoice number into the TMS, but the
 * billing system has not given the invoice one (a draft); nothing empty is written.
 */
export type WriteBackResult =
  | { ok: true; alreadyRecorded: boolean }
  | { ok: false; retryable: boolean; reason: 'session-expired' | 'unreachable' | 'not-found' | 'rejected' | 'invoice-number-missing'; detail?: string };

/** A correction of an invoice ("Correct invoice" / "Cancel invoice") as the TMS is told about it. */
export interface CorrectionRecord {
  providerName: string;
  invoiceNumber: string | null;
  correctionNumber: string | null;
  /** The correction document's link in the billing system. */
  url: string;
  /** The whole invoice was taken back: the order is no longer invoiced. */
  cancelled: boolean;
}

/** An invoice the customer paid in full, as the TMS is told about it (issue #17, optional per site). */
export interface PaymentRecord {
  providerName: string;
  invoiceNumber: string | null;
  /** The invoice's link in the billing system: it tells this payment's note from any other. */
  url: string;
  /** The day the payment was booked, where the billing system said. */
  paidDate: string | null;
}

export interface TmsWriteBack {
  readonly id: string;
  /** Sets the order's status to "Invoice created" and adds an event with the link, once. */
  recordInvoice(origin: string, orderId: string, invoice: InvoiceRecord, fetchImpl?: typeof fetch): Promise<WriteBackResult>;
  /**
   * Adds an event with the correction's link, once, and for a cancellation moves the order back
   * from "Invoice created". Optional: a TMS without it (ledger-mode recipes) shows the correction in the badge.
   */
  recordCorrection?(origin: string, orderId: string, correction: CorrectionRecord, fetchImpl?: typeof fetch): Promise<WriteBackResult>;
  /**
   * Writes "paid" on the order (status or event), safe to repeat: an order that already shows
   * this payment is left as it is. Optional: a TMS without it shows "paid" in the ledger badge.
   */
  recordPayment?(origin: string, orderId: string, payment: PaymentRecord, fetchImpl?: typeof fetch): Promise<WriteBackResult>;
  /**
   * Optional, for a TMS that reads many orders in one request: reads the orders' current
   * state up front and returns a recorder that then only writes (an order it could not read
   * up front is read on its own). Throws when the read fails; the caller then records order by
   * order. The state is read fresh on every call, so a repeated pass stays safe to repeat.
   */
  prepare?(origin: string, orderIds: readonly string[], fetchImpl?: typeof fetch): Promise<(orderId: string, invoice: InvoiceRecord) => Promise<WriteBackResult>>;
  /**
   * Optional, for a TMS that also writes many orders in one request: records the invoice on
   * all these orders, with recordInvoice's rules (read afresh first; an order that already
   * carries the link gets nothing twice). Never throws: a failed request is that failure for
   * each of its orders. An order it leaves out of the answer (the TMS turned out not to take
   * many at once) is for the caller to record one by one, with recordInvoice.
   */
  recordMany?(origin: string, orderIds: readonly string[], invoice: InvoiceRecord, fetchImpl?: typeof fetch): Promise<ReadonlyMap<string, WriteBackResult>>;
}
