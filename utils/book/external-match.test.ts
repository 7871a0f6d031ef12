import { describe, expect, it } from 'vitest';
import { containsToken, matchExternalInvoices, type KnownOrder } from './external-match';

describe('an order number as a whole token', () => {
  it('is found where it stands alone, in any case, also at the end of a sentence or in brackets', () => {
    expect(containsToken('Transport zu Auftrag A-2026-01, 12 Paletten', 'A-2026-01')).toBe(true);
    expect(containsToken('auftrag a-2026-01.', 'A-2026-01')).toBe(true);
    expect(containsToken('(A-2026-01)', 'A-2026-01')).toBe(true);
    expect(containsToken('A-2026-01', 'A-2026-01')).toBe(true);
    expect(containsToken('Aufträge 4711, 4712', '4712')).toBe(true);
  });

  it('is not found inside a longer number or word', () => {
    expect(containsToken('Auftrag A-2026-011', 'A-2026-01')).toBe(false);
    expect(containsToken('Auftrag A-2026-01-2', 'A-2026-01')).toBe(false);
    expect(containsToken('XA-2026-01', 'A-2026-01')).toBe(false);
    expect(containsToken('Auftrag 47110', '4711')).toBe(false);
    expect(containsToken('PLZ 14711 Berlin', '4711')).toBe(false);
    expect(containsToken('Auftrag 4711.2', '4711')).toBe(false);
    // A joiner between digits makes one number ("12/7" is an order number of its own).
    expect(containsToken('Auftrag 4711/4712', '4712')).toBe(false);
    expect(containsToken('anything', '  ')).toBe(false);
  });

  it('is found at a later place when the first one is part of a longer number', () => {
    expect(containsToken('A-2026-011 und A-2026-01', 'A-2026-01')).toBe(true);
  });
});

const TMS = 'https://tms.example.test';
const OTHER = 'https://other-tms.example.test';
const order = (n: string, extra: Partial<KnownOrder> = {}): KnownOrder => ({ origin: TMS, orderId: `o-${n}`, orderNumber: n, ...extra });

describe('matching invoices made in the billing system to TMS orders', () => {
  it('records an unambiguous match with all the orders it names', () => {
    const results = matchExternalInvoices(
      [
        { key: 'lexware|x1', texts: ['Rechnung', 'Transport A-100 Hamburg – München', 'Standzeit zu A-101'] },
        { key: 'lexware|x2', texts: ['Beratung, kein Auftrag'] },
      ],
      [order('A-100'), order('A-101'), order('A-102')],
      new Set(),
    );
    expect(results).toEqual([
      { kind: 'matched', key: 'lexware|x1', origin: TMS, orders: [order('A-100'), order('A-101')] },
      { kind: 'unmatched', key: 'lexware|x2' },
    ]);
  });

  it('skips invoices the book holds already', () => {
    expect(matchExternalInvoices([{ key: 'lexware|x1', texts: ['A-100'] }], [order('A-100')], new Set(['lexware|x1']))).toEqual([{ kind: 'known', key: 'lexware|x1' }]);
  });

  it('leaves it to the user when a number stands for orders on two TMS sites', () => {
    const [result] = matchExternalInvoices([{ key: 'sevdesk|1', texts: ['Auftrag 4711'] }], [order('4711'), order('4711', { origin: OTHER })], new Set());
    expect(result).toEqual({ kind: 'ambiguous', key: 'sevdesk|1', candidates: [order('4711'), order('4711', { origin: OTHER })], reasons: ['number-on-several-sites'] });
  });

  it('leaves it to the user when the orders named are on different sites', () => {
    const [result] = matchExternalInvoices([{ key: 'sevdesk|1', texts: ['A-1 und B-1'] }], [order('A-1'), order('B-1', { origin: OTHER })], new Set());
    expect(result).toMatchObject({ kind: 'ambiguous', reasons: ['several-sites'] });
  });

  it('leaves it to the user when two invoices name the same order, for both of them', () => {
    const results = matchExternalInvoices(
      [
        { key: 'lexware|x1', texts: ['A-100'] },
        { key: 'lexware|x2', texts: ['Nachberechnung A-100'] },
      ],
      [order('A-100')],
      new Set(),
    );
    expect(results.map((r) => [r.kind, r.kind === 'ambiguous' ? r.reasons : []])).toEqual([
      ['ambiguous', ['order-on-several-invoices']],
      ['ambiguous', ['order-on-several-invoices']],
    ]);
  });

  it('leaves it to the user when the order is already on another invoice of the book', () => {
    const [result] = matchExternalInvoices([{ key: 'lexware|x9', texts: ['A-100'] }], [order('A-100', { invoicedBy: 'lexware|lx-1' })], new Set());
    expect(result).toMatchObject({ kind: 'ambiguous', reasons: ['already-invoiced'] });
  });

  it('does not take a longer number for a known one', () => {
    expect(matchExternalInvoices([{ key: 'lexware|x1', texts: ['A-1000'] }], [order('A-100')], new Set())).toEqual([{ kind: 'unmatched', key: 'lexware|x1' }]);
  });
});
