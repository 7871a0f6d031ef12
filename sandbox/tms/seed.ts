/**
 * The demo TMS seed format (see /work/shared/sandbox-seed.md and SEED.md next to this file).
 * Other tools write seed files too, so the schema is lenient where the format allows it
 * (optional load fields, optional additions) and strict where a wrong value would break the
 * app or the extension (statuses, money, dates, URLs).
 */
import * as v from 'valibot';

export const ORDER_STATUSES = ['open', 'planned', 'in_transit', 'delivered', 'invoice_created', 'paid', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The words the UI shows; status events written by the server use them too. */
export const STATUS_LABELS: Record<OrderStatus, string> = {
  open: 'Open',
  planned: 'Planned',
  in_transit: 'In transit',
  delivered: 'Delivered',
  invoice_created: 'Invoice created',
  paid: 'Paid',
  cancelled: 'Cancelled',
};

export const EVENT_TYPES = ['note', 'invoice', 'status', 'pod'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const string = () => v.string('must be a string');
const nonEmpty = () => v.pipe(string(), v.check((s) => s.trim().length > 0, 'must not be empty'));
const finiteNumber = () => v.pipe(v.number('must be a number'), v.finite('must be a finite number'), v.minValue(0, 'must not be negative'));

/** Real calendar dates only: 2026-02-30 matches the pattern but is not a day. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

export function isAbsoluteHttpUrl(s: string): boolean {
  // The URL parser strips leading blanks and control characters, so check the raw text first.
  if (!/^https?:\/\/\S+$/i.test(s)) return false;
  try {
    const url = new URL(s);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** A path on the demo TMS itself (`/documents/…`), never protocol-relative (`//evil`). */
export function isSameOriginPath(s: string): boolean {
  return /^\/(?!\/)\S*$/.test(s) && !s.includes('\\');
}

const isoDate = () => v.pipe(string(), v.check(isCalendarDate, 'must be a date like "2026-11-10"'));
const timestamp = () =>
  v.pipe(
    string(),
    v.isoTimestamp('must be an ISO timestamp like "2026-11-11T16:02:00Z"'),
    v.check((s) => !Number.isNaN(Date.parse(s)), 'must be a valid point in time'),
  );
const seedUrl = () =>
  v.pipe(
    string(),
    v.maxLength(2000, 'must be at most 2000 characters'),
    v.check((s) => isAbsoluteHttpUrl(s) || isSameOriginPath(s), 'must be an absolute http(s) URL or a path starting with "/"'),
  );

export const AddressSchema = v.object({
  street: nonEmpty(),
  zip: nonEmpty(),
  city: nonEmpty(),
  countryCode: v.pipe(string(), v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code like "DE"')),
});

export const CustomerSchema = v.object({
  id: v.pipe(nonEmpty(), v.regex(/^[A-Za-z0-9._~-]+$/, 'must only use letters, digits and . _ ~ -')),
  name: nonEmpty(),
  customerNumber: nonEmpty(),
  vatId: v.optional(v.nullable(string()), null),
  email: v.optional(v.nullable(string()), null),
  billingAddress: AddressSchema,
});

export const StopSchema = v.object({
  type: v.picklist(['pickup', 'delivery'], 'must be "pickup" or "delivery"'),
  name: nonEmpty(),
  street: nonEmpty(),
  zip: nonEmpty(),
  city: nonEmpty(),
  countryCode: AddressSchema.entries.countryCode,
  date: isoDate(),
});

/** Every load field may be missing (or null, which means the same). */
export const LoadSchema = v.object({
  goods: v.optional(v.nullable(string())),
  /** A number, or the text a dispatcher typed instead ("ca. 1.200 kg"), shown as typed. */
  weightKg: v.optional(v.nullable(v.union([finiteNumber(), nonEmpty()], 'must be a number or a text'))),
  loadingMeters: v.optional(v.nullable(finiteNumber())),
  pallets: v.optional(v.nullable(v.pipe(finiteNumber(), v.integer('must be a whole number')))),
});

export const EventLinkSchema = v.object({
  url: seedUrl(),
  label: v.pipe(nonEmpty(), v.maxLength(100, 'must be at most 100 characters')),
});

export const OrderEventSchema = v.object({
  at: timestamp(),
  type: v.picklist(EVENT_TYPES, `must be one of ${EVENT_TYPES.join(', ')}`),
  text: nonEmpty(),
  link: v.optional(EventLinkSchema),
});

export const PriceSchema = v.object({
  amount: v.pipe(string(), v.regex(/^\d{1,12}(\.\d{1,2})?$/, 'must be a decimal string like "1250.00"')),
  currency: v.pipe(string(), v.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code like "EUR"')),
});

export const OrderSchema = v.object({
  id: CustomerSchema.entries.id,
  number: nonEmpty(),
  customerId: nonEmpty(),
  customerReference: v.optional(v.nullable(string()), null),
  status: v.picklist(ORDER_STATUSES, `must be one of ${ORDER_STATUSES.join(', ')}`),
  price: PriceSchema,
  /** How a dispatcher typed the price ("1250 EUR netto"); the page shows it instead of the formatted amount. */
  priceText: v.optional(nonEmpty()),
  stops: v.pipe(v.array(StopSchema, 'must be a list'), v.minLength(1, 'must hold at least one stop')),
  load: v.optional(LoadSchema, () => ({})),
  podUrl: v.optional(v.nullable(seedUrl()), null),
  /** Freight references (#16): CMR consignment note, truck plate, Frankatur, export MRN. */
  // Left out (not null) when absent, so generated seeds stay byte for byte what they were.
  cmrNumber: v.optional(v.nullable(string())),
  vehicle: v.optional(v.nullable(string())),
  freightTerms: v.optional(v.nullable(string())),
  exportReference: v.optional(v.nullable(string())),
  events: v.optional(v.array(OrderEventSchema, 'must be a list'), () => []),
  createdAt: v.optional(timestamp()),
});

export const SeedSchema = v.object({
  customers: v.pipe(v.array(CustomerSchema, 'must be a list'), v.minLength(1, 'must hold at least one customer')),
  orders: v.array(OrderSchema, 'must be a list'),
});

export type Seed = v.InferOutput<typeof SeedSchema>;
export type Customer = v.InferOutput<typeof CustomerSchema>;
export type Order = v.InferOutput<typeof OrderSchema>;
export type Stop = v.InferOutput<typeof StopSchema>;
export type Load = v.InferOutput<typeof LoadSchema>;
export type OrderEvent = v.InferOutput<typeof OrderEventSchema>;
export type EventLink = v.InferOutput<typeof EventLinkSchema>;
/** What the API returns for an order: the seed order with its customer inlined. */
export type OrderWithCustomer = Order & { customer: Customer };

/** `orders[3].price.amount`, the way a person reading the seed file would point at it. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key?: unknown }).key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function shortValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One issue as a sentence that names the field: `orders[3].status must be one of … (got "done")`. */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = issuePath(issue);
  if (issue.kind === 'schema' && issue.expected === 'never') return `unknown field "${path}"`;
  if (issue.kind === 'schema' && issue.input === undefined && issue.expected?.startsWith('"')) return `${path} is required`;
  const got = issue.input === undefined ? '' : ` (got ${shortValue(issue.input)})`;
  return path ? `${path} ${issue.message}${got}` : `${issue.message}${got}`;
}

export class SeedError extends Error {
  constructor(source: string, problems: string[]) {
    const shown = problems.slice(0, 5);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    super(`Invalid TMS seed ${source}:\n  ${shown.join('\n  ')}${more}`);
    this.name = 'SeedError';
  }
}

/** Validates parsed JSON as a seed, including what a schema cannot see (references, duplicates). */
export function parseSeed(input: unknown, source = '(inline)'): Seed {
  const result = v.safeParse(SeedSchema, input);
  if (!result.success) throw new SeedError(source, result.issues.map(describeIssue));
  const seed = result.output;
  const problems: string[] = [];
  const customerIds = new Set<string>();
  seed.customers.forEach((c, i) => {
    if (customerIds.has(c.id)) problems.push(`customers[${i}].id "${c.id}" is used twice`);
    customerIds.add(c.id);
  });
  const orderIds = new Set<string>();
  const numbers = new Set<string>();
  seed.orders.forEach((o, i) => {
    if (orderIds.has(o.id)) problems.push(`orders[${i}].id "${o.id}" is used twice`);
    if (numbers.has(o.number)) problems.push(`orders[${i}].number "${o.number}" is used twice`);
    if (!customerIds.has(o.customerId)) problems.push(`orders[${i}].customerId "${o.customerId}" is not a customer in the seed`);
    orderIds.add(o.id);
    numbers.add(o.number);
  });
  if (problems.length > 0) throw new SeedError(source, problems);
  return seed;
}
