/**
 * The Order as the extension understands it, whatever TMS it came from. Adapters read
 * pages into candidates; only what passes `OrderSchema` becomes an Order.
 */
import * as v from 'valibot';
import { isIsoDate, type IsoDate } from './dates';
import { isCurrencyCode, type Money } from './money';

export const ORDER_STATUSES = ['open', 'planned', 'in_transit', 'delivered', 'invoice_created', 'paid', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses that mean the order has been billed already. */
export const INVOICED_STATUSES: ReadonlySet<OrderStatus> = new Set(['invoice_created', 'paid']);

/**
 * The hard cap on any free text read from a TMS (names, references, goods, addresses). It
 * guards against abuse (a page stuffing megabytes into a field), not against long data:
 * texts below it are kept in full, and shortened only where a billing system's limit
 * requires it, visibly in the preview (compose/shorten).
 */
export const MAX_ORDER_TEXT = 100_000;

/** The cap on one freight reference (CMR number, plate, Frankatur, MRN); several fit in it. */
export const MAX_REFERENCE_TEXT = 1000;

/** Values the reader had to interpret from free text ("ca. 1.200 kg", "1250 EUR netto"). */
export const INTERPRETABLE_FIELDS = ['price', 'weight'] as const;
export type InterpretedField = (typeof INTERPRETABLE_FIELDS)[number];

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max)));

export const CountryCodeSchema = v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'country code must be ISO 3166 alpha-2'));
export const IsoDateSchema = v.pipe(v.string(), v.check(isIsoDate, 'date must be a real yyyy-mm-dd date'));

/** Only absolute http(s) links leave a page; anything else (javascript:, data:) is dropped. */
export const HttpUrlSchema = v.pipe(
  v.string(),
  v.maxLength(2000),
  v.check((u) => {
    try {
      const url = new URL(u);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL'),
);

export const MoneySchema = v.object({
  minor: v.pipe(v.number(), v.safeInteger()),
  currency: v.pipe(v.string(), v.check(isCurrencyCode, 'unknown currency')),
});

export const AddressSchema = v.object({
  street: optionalText(MAX_ORDER_TEXT),
  zip: optionalText(20),
  city: text(MAX_ORDER_TEXT),
  countryCode: CountryCodeSchema,
});
export type Address = v.InferOutput<typeof AddressSchema>;

export const CustomerSchema = v.object({
  id: text(100),
  name: text(MAX_ORDER_TEXT),
  customerNumber: optionalText(50),
  vatId: optionalText(40),
  email: optionalText(200),
  billingAddress: v.optional(AddressSchema),
});
export type Customer = v.InferOutput<typeof CustomerSchema>;

export const StopSchema = v.object({
  type: v.picklist(['pickup', 'delivery']),
  name: optionalText(MAX_ORDER_TEXT),
  street: optionalText(MAX_ORDER_TEXT),
  zip: optionalText(20),
  city: text(MAX_ORDER_TEXT),
  countryCode: CountryCodeSchema,
  date: IsoDateSchema,
});
export type Stop = v.InferOutput<typeof StopSchema>;

export const LoadSchema = v.object({
  goods: optionalText(MAX_ORDER_TEXT),
  weightKg: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1_000_000))),
  /** Loading metres as a decimal string ("13.6"): it is shown, never summed. */
  loadingMeters: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}(\.\d{1,2})?$/))),
  pallets: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000))),
});
export type Load = v.InferOutput<typeof LoadSchema>;

export const OrderSchema = v.object({
  /** The TMS's own id for the order (used for API calls and write-back). */
  id: text(100),
  /** The order number people see ("A-2026-0412"). */
  number: text(100),
  customer: CustomerSchema,
  customerReference: optionalText(MAX_ORDER_TEXT),
  status: v.picklist(ORDER_STATUSES),
  price: MoneySchema,
  stops: v.pipe(
    v.array(StopSchema),
    v.minLength(1, 'an order needs at least one stop'),
    v.check((stops) => stops.some((s) => s.type === 'delivery'), 'an order needs a delivery stop'),
  ),
  load: LoadSchema,
  podUrl: v.optional(HttpUrlSchema),
  /**
   * Freight references (#16), printed on the invoice through the "freight references"
   * template: the CMR consignment note number, the vehicle (plate), the Frankatur ("frei
   * Haus", "unfrei") and the export/customs reference (ATLAS MRN). CMR and MRN are the
   * § 4 Nr. 3 UStG evidence (fact sheet §5.2). Short by nature; the cap only stops abuse.
   */
  cmrNumber: optionalText(MAX_REFERENCE_TEXT),
  vehicle: optionalText(MAX_REFERENCE_TEXT),
  freightTerms: optionalText(MAX_REFERENCE_TEXT),
  exportReference: optionalText(MAX_REFERENCE_TEXT),
  /** Which values the reader interpreted from free text; the preview warns about each. */
  interpreted: v.optional(v.array(v.picklist(INTERPRETABLE_FIELDS))),
  /** Links to invoices the TMS already shows on the order. */
  invoiceLinks: v.optional(v.array(HttpUrlSchema)),
  /** Where the order was read: the TMS origin and the adapter that read it. */
  source: v.object({ origin: HttpUrlSchema, adapter: text(50) }),
});
export type Order = v.InferOutput<typeof OrderSchema>;

export function deliveryStops(order: Pick<Order, 'stops'>): Stop[] {
  return order.stops.filter((s) => s.type === 'delivery');
}

export function pickupStops(order: Pick<Order, 'stops'>): Stop[] {
  return order.stops.filter((s) => s.type === 'pickup');
}

/** The day the transport was completed: the last delivery's date. */
export function deliveryDate(order: Pick<Order, 'stops'>): IsoDate {
  const deliveries = deliveryStops(order);
  return deliveries[deliveries.length - 1]!.date;
}

export function firstPickup(order: Pick<Order, 'stops'>): Stop | undefined {
  return pickupStops(order)[0] ?? order.stops[0];
}

export function lastDelivery(order: Pick<Order, 'stops'>): Stop {
  const deliveries = deliveryStops(order);
  return deliveries[deliveries.length - 1]!;
}

export type { Money };
