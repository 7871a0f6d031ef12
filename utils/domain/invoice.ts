/**
 * The invoice as the preview edits it and the background sends it: billing-system neutral,
 * money in minor units, dates as ISO days.
 */
import * as v from 'valibot';
import { ProviderIdSchema, tmsKey } from './ids';
import { isIsoDate } from './dates';
import { CustomerSchema, HttpUrlSchema, MAX_ORDER_TEXT, MAX_REFERENCE_TEXT } from './order';
import { isCurrencyCode } from './money';
import { TAX_CASES } from './tax';
import { DEFAULT_TAX_MAPPING, TaxCaseRuleSchema, type TaxCaseRule } from './tax-mapping';

export const QUANTITY_PATTERN = /^\d{1,6}(\.\d{1,4})?$/;

export const PositionSchema = v.object({
  /** The order this position bills (one position per order). */
  orderId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  orderNumber: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  name: v.pipe(v.string(), v.maxLength(5000)),
  description: v.pipe(v.string(), v.maxLength(20000)),
  /** Decimal string with up to 4 decimals ("1", "2.5"). */
  quantity: v.pipe(v.string(), v.regex(QUANTITY_PATTERN)),
  unitName: v.pipe(v.string(), v.minLength(1), v.maxLength(50)),
  /** Net unit price in minor units of the invoice currency. */
  unitPriceMinor: v.pipe(v.number(), v.safeInteger()),
  taxRatePercent: v.picklist([0, 7, 19]),
  /** The order's CMR number: the readiness check names § 4 Nr. 3 positions without one. */
  cmrNumber: v.optional(v.pipe(v.string(), v.maxLength(MAX_REFERENCE_TEXT))),
});
export type Position = v.InferOutput<typeof PositionSchema>;

const IsoDate = v.pipe(v.string(), v.check(isIsoDate, 'not a date'));

export const ContactRefSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  // A contact created from the TMS data carries the customer's name, however long it is.
  name: v.pipe(v.string(), v.maxLength(MAX_ORDER_TEXT)),
});
export type ContactRef = v.InferOutput<typeof ContactRefSchema>;

export const InvoiceDraftSchema = v.object({
  provider: ProviderIdSchema,
  kind: v.picklist(['single', 'collective']),
  /** Where the orders live (the TMS origin) and which adapter records the invoice there. */
  tms: v.object({ origin: HttpUrlSchema, adapter: v.pipe(v.string(), v.minLength(1), v.maxLength(50)) }),
  customer: CustomerSchema,
  contact: v.nullable(ContactRefSchema),
  currency: v.pipe(v.string(), v.check(isCurrencyCode, 'unknown currency')),
  language: v.picklist(['de', 'en']),
  /** null while no case can be chosen safely (validateDraft blocks sending then). */
  taxCase: v.nullable(v.picklist(TAX_CASES)),
  /**
   * The settings-table row the case was mapped with (tax type, rule, category, note). Absent
   * in drafts stored before it existed: those use the default row of their case.
   */
  taxRule: v.optional(TaxCaseRuleSchema),
  /** The legal note printed on the invoice, in its language (after the closing remark). */
  taxNote: v.optional(v.pipe(v.string(), v.maxLength(1000))),
  voucherDate: IsoDate,
  service: v.object({ start: IsoDate, end: IsoDate }),
  title: v.pipe(v.string(), v.maxLength(5000)),
  introduction: v.pipe(v.string(), v.maxLength(20000)),
  remark: v.pipe(v.string(), v.maxLength(20000)),
  positions: v.pipe(v.array(PositionSchema), v.minLength(1), v.maxLength(1000)),
  finalize: v.boolean(),
  /** Payment term in days; null uses the billing system's default. */
  paymentTermDays: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(365))),
});
export type InvoiceDraft = v.InferOutput<typeof InvoiceDraftSchema>;

/** One key per order across TMS sites, for the ledger and duplicate checks. */
export const orderKey = tmsKey;

/** Identifies "this set of orders into this system": the same key means the same invoice. */
export function draftFingerprint(draft: Pick<InvoiceDraft, 'provider' | 'tms' | 'positions'>): string {
  const keys = [...new Set(draft.positions.map((p) => orderKey(draft.tms.origin, p.orderId)))].sort();
  return `${draft.provider}:${keys.join(',')}`;
}

/** The settings-table row a draft is booked with; null while its case is undecided. */
export function taxRuleOf(draft: Pick<InvoiceDraft, 'taxCase' | 'taxRule'>): TaxCaseRule | null {
  if (draft.taxCase === null) return null;
  return draft.taxRule ?? DEFAULT_TAX_MAPPING[draft.taxCase];
}

/** The closing remark as printed: the user's text, then the legal note of the tax case. */
export function remarkWithTaxNote(draft: Pick<InvoiceDraft, 'remark' | 'taxNote'>): string {
  return [draft.remark, draft.taxNote ?? ''].filter((t) => t.trim().length > 0).join('\n\n');
}
