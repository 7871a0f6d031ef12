import { describe, expect, it } from 'vitest';
import { checkRunFaults, invoiceIdOfLink, orderNumbersIn, type PlannedRunInvoice, type StoredInvoice, type StoredOrder } from '../../bench/run-faults-check';

const link = (id: string) => `http://127.0.0.1:4631/permalink/invoices/edit/${id}`;

/** Two planned invoices: a collective one of two orders, a single one. */
const planned: PlannedRunInvoice[] = [
  { key: 'C-1|EUR|o-1|o-2', orderIds: ['o-1', 'o-2'], orderNumbers: ['A-2026-0001', 'A-2026-0002'] },
  { key: 'C-2|EUR|o-3', orderIds: ['o-3'], orderNumbers: ['A-2026-0003'] },
];
const lines = (...numbers: string[]) => numbers.flatMap((n) => [`Transport Hamburg → München`, `Order ${n}, PO-12345`]);
const invoices: StoredInvoice[] = [
  { id: 'inv-a', lineTexts: lines('A-2026-0001', 'A-2026-0002') },
  { id: 'inv-b', lineTexts: lines('A-2026-0003') },
];
const order = (id: string, number: string, ...links: string[]): StoredOrder => ({ id, number, status: links.length ? 'invoice_created' : 'delivered', invoiceLinks: links });
const orders: StoredOrder[] = [
  order('o-1', 'A-2026-0001', link('inv-a')),
  order('o-2', 'A-2026-0002', link('inv-a')),
  order('o-3', 'A-2026-0003', link('inv-b')),
  order('o-4', 'A-2026-0004'),
];
const report = [
  { key: planned[0]!.key, state: 'recorded', invoiceId: 'inv-a' },
  { key: planned[1]!.key, state: 'recorded', invoiceId: 'inv-b' },
];

describe('order numbers in invoice lines', () => {
  it('finds whole order numbers only, once per invoice', () => {
    const known = new Set(['A-2026-0012', 'A-2026-0001']);
    expect(orderNumbersIn(['Order A-2026-00123', 'A-2026-0012; A-2026-0012', 'Ref A-2026-0001.'], known).sort()).toEqual(['A-2026-0001', 'A-2026-0012']);
  });

  it('reads the invoice id from the deep link the TMS recorded', () => {
    expect(invoiceIdOfLink('http://127.0.0.1:4631/permalink/invoices/edit/5f1c-9a?x=1')).toBe('5f1c-9a');
  });
});

describe('the month end under faults, checked from the stores', () => {
  it('passes when every planned order is on exactly one invoice, recorded once, and the report agrees', () => {
    const verdict = checkRunFaults({ planned, invoices, orders, report });
    expect(verdict).toMatchObject({ plannedInvoices: 2, plannedOrders: 3, createdInvoices: 2, duplicates: [], lost: [], recordedOnce: 3, reportMismatches: [], ok: true });
  });

  it('finds a twin invoice made after an answer was lost, and says which order is on which two', () => {
    const twin = { id: 'inv-b2', lineTexts: lines('A-2026-0003') };
    const verdict = checkRunFaults({ planned, invoices: [...invoices, twin], orders, report });
    expect(verdict.ok).toBe(false);
    expect(verdict.duplicates).toEqual([{ orderNumber: 'A-2026-0003', invoiceIds: ['inv-b', 'inv-b2'] }]);
    expect(verdict.createdInvoices).toBe(3);
    expect(verdict.reportMismatches).toEqual(['A-2026-0003: reported invoice inv-b, the billing system has inv-b, inv-b2']);
  });

  it('finds a lost order, and a report that claims an invoice the billing system does not have', () => {
    const verdict = checkRunFaults({ planned, invoices: [invoices[0]!], orders, report });
    expect(verdict.ok).toBe(false);
    expect(verdict.lost).toEqual(['A-2026-0003']);
    expect(verdict.notRecorded).toEqual(['A-2026-0003']);
    expect(verdict.reportMismatches).toEqual(['A-2026-0003: reported invoice inv-b, the billing system has none']);
  });

  it('counts an invoice the report shows as failed as lost, and says the user sees it', () => {
    const failed = [report[0]!, { key: planned[1]!.key, state: 'failed' }];
    const verdict = checkRunFaults({ planned, invoices: [invoices[0]!], orders, report: failed });
    expect(verdict.lost).toEqual(['A-2026-0003']);
    expect(verdict.lostShownFailed).toEqual(['A-2026-0003']);
    expect(verdict.reportMismatches).toEqual([]);
    expect(verdict.ok).toBe(false);
  });

  it('counts an order recorded twice on the TMS, and one recorded outside the plan', () => {
    const twice = orders.map((o) => (o.id === 'o-1' ? { ...o, invoiceLinks: [link('inv-a'), link('inv-a')] } : o.id === 'o-4' ? { ...o, invoiceLinks: [link('inv-a')] } : o));
    const verdict = checkRunFaults({ planned, invoices, orders: twice, report });
    expect(verdict.recordedTwice).toEqual(['A-2026-0001']);
    expect(verdict.recordedOutsidePlan).toEqual(['A-2026-0004']);
    expect(verdict.recordedOnce).toBe(2);
    expect(verdict.ok).toBe(false);
  });

  it('leaves the seed’s earlier invoice links out of the count', () => {
    const earlier = orders.map((o) => (o.id === 'o-4' ? { ...o, invoiceLinks: ['https://app.example/invoices/old'] } : o));
    const verdict = checkRunFaults({ planned, invoices, orders: earlier, report, linksBefore: new Map([['o-4', ['https://app.example/invoices/old']]]) });
    expect(verdict.recordedOutsidePlan).toEqual([]);
    expect(verdict.ok).toBe(true);
  });

  it('finds invoices nobody planned and orders grouped otherwise than planned', () => {
    const regrouped = [{ id: 'inv-x', lineTexts: lines('A-2026-0001') }, { id: 'inv-y', lineTexts: lines('A-2026-0002', 'A-2026-0003') }, { id: 'inv-z', lineTexts: ['Transport Basel'] }];
    const verdict = checkRunFaults({ planned, invoices: regrouped, orders, report });
    expect(verdict.unplannedInvoices).toEqual(['inv-z']);
    expect(verdict.misgrouped).toEqual(['inv-x', 'inv-y']);
    expect(verdict.ok).toBe(false);
  });

  it('says when the report leaves a planned invoice out or calls a created one failed', () => {
    const verdict = checkRunFaults({ planned, invoices, orders, report: [{ key: planned[0]!.key, state: 'failed' }] });
    expect(verdict.lostShownFailed).toEqual([]);
    expect(verdict.reportMismatches).toEqual([
      'A-2026-0001 and 1 more: reported failed without an invoice, the billing system has inv-a',
      'A-2026-0003: not in the report',
      'the report lists 1 invoices, 2 were planned',
    ]);
  });
});
