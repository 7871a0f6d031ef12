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
  | 'tms-unreachable'
  | 'session-expired'
  | 'adapter-missing';

export interface ReadProblem {
  code: ReadProblemCode;
  /** Which field, for 'field-invalid' (a dot path such as "stops.1.date"). */
  field?: string;
}

export type OrderReadResult =
  | { ok: true; order: Order }
  | { ok: false; id: string; number?: string; problems: ReadProblem[] };
