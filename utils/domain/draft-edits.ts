/**
 * What the user changed in an invoice preview, kept apart from the composed draft: texts,
 * dates, positions (text, quantity, price) and the tax case chosen for this invoice only.
 * Kept apart so a draft composed again (a contact linked, a run planned afresh) gets the
 * same changes re-applied, and so a billing run can carry each planned invoice's changes
 * into the draft it starts.
 */
import * as v from 'valibot';
import { isIsoDate } from './dates';
import { PositionSchema, type InvoiceDraft } from './invoice';
import { TAX_CASES } from './tax';

const IsoDate = v.pipe(v.string(), v.check(isIsoDate, 'not a date'));

export const HeaderEditsSchema = v.partial(
  v.object({
    title: v.pipe(v.string(), v.maxLength(5000)),
    introduction: v.pipe(v.string(), v.maxLength(20000)),
    remark: v.pipe(v.string(), v.maxLength(20000)),
    voucherDate: IsoDate,
    serviceStart: IsoDate,
    serviceEnd: IsoDate,
  }),
);
export type HeaderEdits = v.InferOutput<typeof HeaderEditsSchema>;

export const PositionEditsSchema = v.partial(v.pick(PositionSchema, ['name', 'description', 'quantity', 'unitPriceMinor']));
export type PositionEdits = v.InferOutput<typeof PositionEditsSchema>;

export const DraftEditsSchema = v.object({
  header: HeaderEditsSchema,
  /** By order id: one position per order. */
  positions: v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(100)), PositionEditsSchema),
  /** The tax case chosen for this invoice only (the customer's remembered choice is not an edit). */
  taxCase: v.optional(v.picklist(TAX_CASES)),
});
export type DraftEdits = v.InferOutput<typeof DraftEditsSchema>;

/** The draft with the user's changes on top; positions of orders no longer on it are skipped. */
export function applyDraftEdits(fresh: InvoiceDraft, edits: Pick<DraftEdits, 'header' | 'positions'>): InvoiceDraft {
  const { serviceStart, serviceEnd, ...header } = edits.header;
  return {
    ...fresh,
    ...header,
    service: { start: serviceStart ?? fresh.service.start, end: serviceEnd ?? fresh.service.end },
    positions: fresh.positions.map((p) => ({ ...p, ...edits.positions[p.orderId] })),
  };
}

/**
 * Only what really differs from the composed draft: a field typed back to its first value,
 * or a position no longer on the invoice, is no change. Null when nothing is left.
 */
export function effectiveEdits(base: InvoiceDraft, edits: DraftEdits): DraftEdits | null {
  const header: HeaderEdits = {};
  const current: Record<keyof HeaderEdits, string> = {
    title: base.title,
    introduction: base.introduction,
    remark: base.remark,
    voucherDate: base.voucherDate,
    serviceStart: base.service.start,
    serviceEnd: base.service.end,
  };
  for (const [field, value] of Object.entries(edits.header) as [keyof HeaderEdits, string | undefined][]) {
    if (value !== undefined && value !== current[field]) header[field] = value;
  }
  const positions: Record<string, PositionEdits> = {};
  for (const position of base.positions) {
    const patch = edits.positions[position.orderId];
    if (!patch) continue;
    const changed = Object.fromEntries(Object.entries(patch).filter(([field, value]) => value !== undefined && value !== position[field as keyof PositionEdits]));
    if (Object.keys(changed).length > 0) positions[position.orderId] = changed;
  }
  const result: DraftEdits = { header, positions, ...(edits.taxCase ? { taxCase: edits.taxCase } : {}) };
  return Object.keys(header).length > 0 || Object.keys(positions).length > 0 || result.taxCase ? result : null;
}
