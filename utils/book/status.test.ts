import { describe, expect, it } from 'vitest';
import { displayStatus, mapLexwareStatus, mapSevdeskStatus, openMinor, type LexwareStatusInput, type SevdeskStatusInput } from './status';

const gross = 119_00;

describe('Lexware Office payment status', () => {
  const cases: Array<[string, Omit<LexwareStatusInput, 'grossMinor' | 'currency'>, unknown]> = [
    ['draft', { voucherStatus: 'draft' }, { status: 'draft', paidMinor: 0, paidDate: null }],
    ['open, nothing paid', { voucherStatus: 'open', payments: { openAmount: 119, paymentItems: [] } }, { status: 'open', paidMinor: 0, paidDate: null }],
    ['open without asking payments', { voucherStatus: 'open' }, { status: 'open', paidMinor: 0, paidDate: null }],
    [
      'open with part paid (openAmount as string)',
      { voucherStatus: 'open', payments: { openAmount: '69.00', paymentItems: [{ paymentItemType: 'manualPayment', postingDate: '2026-11-20T10:00:00.000+01:00', amount: 50 }] } },
      { status: 'partlyPaid', paidMinor: 50_00, paidDate: '2026-11-20' },
    ],
    ['overdue from the voucher list is open (overdue follows from the due date)', { voucherStatus: 'overdue' }, { status: 'open', paidMinor: 0, paidDate: null }],
    [
      'paid with the last posting date',
      {
        voucherStatus: 'paid',
        payments: {
          openAmount: 0,
          paymentItems: [
            { paymentItemType: 'manualPayment', postingDate: '2026-11-20T10:00:00.000+01:00', amount: 100 },
            { paymentItemType: 'cashDiscount', postingDate: '2026-11-21T09:00:00.000+01:00', amount: 19 },
          ],
        },
      },
      { status: 'paid', paidMinor: gross, paidDate: '2026-11-21' },
    ],
    ['paidoff without payments read', { voucherStatus: 'paidoff' }, { status: 'paid', paidMinor: gross, paidDate: null }],
    ['voided is cancelled although it reports 0 open', { voucherStatus: 'voided', payments: { openAmount: 0, paymentStatus: 'balanced', paymentItems: [] } }, { status: 'cancelled', paidMinor: 0, paidDate: null }],
    [
      'settled only by a linked credit note is cancelled',
      { voucherStatus: 'paidoff', payments: { openAmount: 0, paymentItems: [{ paymentItemType: 'partPaymentCreditNote', postingDate: '2026-11-22', amount: 119 }] } },
      { status: 'cancelled', paidMinor: 0, paidDate: null },
    ],
    ['transferred with open amount 0 is paid', { voucherStatus: 'transferred', payments: { openAmount: '0', paymentItems: [] } }, { status: 'paid', paidMinor: gross, paidDate: null }],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    const result = mapLexwareStatus({ ...input, grossMinor: gross, currency: 'EUR' });
    expect(result).toEqual({ ok: true, state: expected });
  });

  it('refuses an unknown voucher status and an unreadable open amount, naming them', () => {
    expect(mapLexwareStatus({ voucherStatus: 'archived', grossMinor: gross, currency: 'EUR' })).toEqual({ ok: false, reason: 'unknown voucherStatus "archived"' });
    expect(mapLexwareStatus({ voucherStatus: 'open', grossMinor: gross, currency: 'EUR', payments: { openAmount: '1,5', paymentItems: [] } })).toEqual({
      ok: false,
      reason: 'unreadable openAmount "1,5"',
    });
  });
});

describe('sevdesk payment status', () => {
  const base = { grossMinor: gross, currency: 'EUR', paidAmount: null, payDate: null, hasCancellationInvoice: false };
  const cases: Array<[string, Partial<SevdeskStatusInput>, unknown]> = [
    ['100 draft', { status: '100' }, { status: 'draft', paidMinor: 0, paidDate: null }],
    ['50 deactivated recurring counts as draft', { status: 50 }, { status: 'draft', paidMinor: 0, paidDate: null }],
    ['200 open, paidAmount null', { status: '200' }, { status: 'open', paidMinor: 0, paidDate: null }],
    ['200 open, paidAmount 0', { status: '200', paidAmount: 0 }, { status: 'open', paidMinor: 0, paidDate: null }],
    ['750 partly paid', { status: '750', paidAmount: 40.5, payDate: '2026-11-18T00:00:00+01:00' }, { status: 'partlyPaid', paidMinor: 40_50, paidDate: '2026-11-18' }],
    ['old 200 with getIsPartiallyPaid true', { status: '200', isPartiallyPaid: true }, { status: 'partlyPaid', paidMinor: 0, paidDate: null }],
    ['old 200 with a paid amount', { status: '200', paidAmount: '19.00' }, { status: 'partlyPaid', paidMinor: 19_00, paidDate: null }],
    ['1000 paid with payDate', { status: '1000', paidAmount: 119, payDate: '2026-11-25T00:00:00+01:00' }, { status: 'paid', paidMinor: gross, paidDate: '2026-11-25' }],
    ['a stored cancellation invoice means cancelled, whatever the status', { status: '1000', hasCancellationInvoice: true }, { status: 'cancelled', paidMinor: 0, paidDate: null }],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(mapSevdeskStatus({ ...base, status: '200', ...input })).toEqual({ ok: true, state: expected });
  });

  it('refuses unknown codes and unreadable amounts', () => {
    expect(mapSevdeskStatus({ ...base, status: '300' })).toEqual({ ok: false, reason: 'unknown invoice status 300' });
    expect(mapSevdeskStatus({ ...base, status: '750', paidAmount: 'viel' })).toEqual({ ok: false, reason: 'unreadable paidAmount "viel"' });
  });
});

describe('overdue and the open amount', () => {
  const cases: Array<[string, { status: 'draft' | 'open' | 'partlyPaid' | 'paid' | 'cancelled'; dueDate: string | null }, string]> = [
    ['open, due tomorrow', { status: 'open', dueDate: '2026-12-06' }, 'open'],
    ['open, due today is not yet overdue', { status: 'open', dueDate: '2026-12-05' }, 'open'],
    ['open, due yesterday', { status: 'open', dueDate: '2026-12-04' }, 'overdue'],
    ['partly paid and due passed', { status: 'partlyPaid', dueDate: '2026-11-01' }, 'overdue'],
    ['paid late stays paid', { status: 'paid', dueDate: '2026-11-01' }, 'paid'],
    ['cancelled stays cancelled', { status: 'cancelled', dueDate: '2026-11-01' }, 'cancelled'],
    ['no due date is never overdue', { status: 'open', dueDate: null }, 'open'],
  ];
  it.each(cases)('%s', (_name, row, expected) => {
    expect(displayStatus(row, '2026-12-05')).toBe(expected);
  });

  it('shows what is still open', () => {
    expect(openMinor({ status: 'partlyPaid', grossMinor: gross, paidMinor: 40_00 })).toBe(79_00);
    expect(openMinor({ status: 'open', grossMinor: gross, paidMinor: 0 })).toBe(gross);
    expect(openMinor({ status: 'paid', grossMinor: gross, paidMinor: gross })).toBe(0);
    expect(openMinor({ status: 'cancelled', grossMinor: gross, paidMinor: 0 })).toBe(0);
  });
});
