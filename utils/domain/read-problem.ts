/** Why an order could not be read. The preview shows each as a problem on that order. */
import type { Order } from './order';

export type ReadProblemCode =
  | 'order-not-found'
  | 'price-missing'
  | 'price-unreadable'
  | 'currency-unknown'
  | 'customer-missing'
  | 'stops-missing'
  | 'delivery-missing'
  | 'date-invalid'
  | 'field-invalid'
  | 'field-missing'
  | 'field-too-long'
  | 'tms-unreachable'
  | 'session-expired'
  | 'adapter-missing'
  /** A recipe reads with the page's own sign-in (`captured` auth), and the page has not used it yet. */
  | 'token-missing'
  /** The order's page is on an address the user has not granted (a recipe's second origin). */
  | 'access-missing'
  /**
   * A source the recipe reads can't run here: the page's captured data without its script
   * (a browser without it, a saved page), or the list or detail page read where there is none.
   */
  | 'source-unavailable';

/** Every ReadProblemCode, for checking a read that crossed a message (a TMS tab's answer). */
export const READ_PROBLEM_CODES = [
  'order-not-found', 'price-missing', 'price-unreadable', 'currency-unknown', 'customer-missing', 'stops-missing', 'delivery-missing',
  'date-invalid', 'field-invalid', 'field-missing', 'field-too-long', 'tms-unreachable', 'session-expired', 'adapter-missing',
  'token-missing', 'access-missing', 'source-unavailable',
] as const satisfies readonly ReadProblemCode[];

/** The order fields a read problem can name, in the user's words via `orderField.*`. */
export const ORDER_FIELD_NAMES = [
  'orderId', 'orderNumber', 'customerNumber', 'customerName', 'vatId', 'email', 'billingAddress', 'customerReference', 'status',
  'stopType', 'stopName', 'stopAddress', 'stopDate', 'goods', 'weight', 'loadingMeters', 'pallets', 'pod', 'invoiceLinks', 'source',
  'response', 'unknown', 'cmrNumber', 'vehicle', 'freightTerms', 'exportReference',
] as const;
export type OrderFieldName = (typeof ORDER_FIELD_NAMES)[number];

export interface ReadProblem {
  code: ReadProblemCode;
  /** Which field, as a name the preview translates (`orderField.*`: "customerReference", "goods"…). */
  field?: OrderFieldName;
  /** The length limit, for 'field-too-long'. */
  limit?: number;
  /** The address the user has to grant ("detail.kombi.example"), for 'access-missing'. */
  host?: string;
}

export type OrderReadResult =
  | { ok: true; order: Order }
  | { ok: false; id: string; number?: string; problems: ReadProblem[] };
