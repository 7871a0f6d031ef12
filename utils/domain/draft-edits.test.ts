import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { makeOrder } from '@/tests/support/orders';
import { makeDraft } from '@/tests/support/drafts';
import { applyDraftEdits, DraftEditsSchema, effectiveEdits } from './draft-edits';

const draft = () => makeDraft([makeOrder(), makeOrder({ price: { minor: 50000, currency: 'EUR' } })]);

describe('edits of an invoice preview', () => {
  it('are applied on top of a composed draft, skipping positions no longer on it', () => {
    const base = draft();
    const [a, b] = base.positions;
    const edited = applyDraftEdits(base, {
      header: { title: 'Sammelrechnung', serviceEnd: '2026-11-30' },
      positions: { [b!.orderId]: { unitPriceMinor: 60000 }, 'o-gone': { name: 'x' } },
    });
    expect(edited.title).toBe('Sammelrechnung');
    expect(edited.service).toEqual({ start: base.service.start, end: '2026-11-30' });
    expect(edited.positions).toEqual([a, { ...b, unitPriceMinor: 60000 }]);
  });

  it('keep only what differs from the composed draft: a value typed back to its first one is no change', () => {
    const base = draft();
    const [a, b] = base.positions;
    expect(effectiveEdits(base, { header: { title: base.title }, positions: { [a!.orderId]: { unitPriceMinor: a!.unitPriceMinor } } })).toBeNull();
    expect(effectiveEdits(base, { header: { title: base.title, remark: 'Danke' }, positions: { [a!.orderId]: { name: a!.name }, [b!.orderId]: { quantity: '2', name: b!.name } } })).toEqual({
      header: { remark: 'Danke' },
      positions: { [b!.orderId]: { quantity: '2' } },
    });
    expect(effectiveEdits(base, { header: {}, positions: {}, taxCase: 'exemptCrossBorder' })).toEqual({ header: {}, positions: {}, taxCase: 'exemptCrossBorder' });
  });

  it('are refused when malformed (a quantity that is no number, a date that is none)', () => {
    expect(v.safeParse(DraftEditsSchema, { header: {}, positions: { o1: { quantity: 'zwei' } } }).success).toBe(false);
    expect(v.safeParse(DraftEditsSchema, { header: { voucherDate: '30.11.2026' }, positions: {} }).success).toBe(false);
    expect(v.safeParse(DraftEditsSchema, { header: { voucherDate: '2026-11-30' }, positions: { o1: { unitPriceMinor: 1999 } } }).success).toBe(true);
  });
});
