import { describe, expect, it } from 'vitest';
import type { TokenBucket } from '../rate-limit';
import { describeSevdeskError, fieldsOf, namesUnknownLookup } from './error-details';
import { createErrorStreakGuard } from './error-streak';

const body = (message: string, code: number | null = null) => ({ objects: null, error: { message, code, exceptionUUID: 'u-1' } });

describe('sevdesk error sentences', () => {
  it('become field issues with the keys the UI translates', () => {
    expect(fieldsOf('invoicePosSave[2].unity is required.')).toEqual([{ field: 'invoicePosSave[2].unity', key: 'unity' }]);
    expect(fieldsOf('SevUser with id 1 was not found')).toEqual([{ field: 'invoice.contactPerson', key: 'contactPerson' }]);
    expect(fieldsOf('Contact with id 5 was not found')).toEqual([{ field: 'invoice.contact', key: 'contact' }]);
    expect(fieldsOf('Currency is required.')).toEqual([{ field: 'invoice.currency', key: 'currency' }]);
    expect(fieldsOf('The given document must have at least one position')).toEqual([{ field: 'invoicePosSave', key: 'positions' }]);
    expect(fieldsOf('invoicePosSave[0].quantity must be a number, "x" given')).toEqual([{ field: 'invoicePosSave[0].quantity', key: 'quantity' }]);
    expect(fieldsOf('Tax rate 19 of position 1 is not allowed for tax rule 21 (Reverse Charge gem. §18b UStG). Allowed tax rates: 0').map((f) => f.key)).toEqual([
      'taxRate',
      'taxType',
    ]);
    expect(
      fieldsOf('You can not create a regular invoice with the deliveryDate being later than the invoiceDate.').map((f) => f.key),
    ).toEqual(['serviceDate', 'voucherDate']);
    expect(fieldsOf('Something odd happened')).toEqual([]);
  });

  it('keep the contact person apart from the contact, and address categories apart from both', () => {
    expect(fieldsOf('invoice.contactPerson is required.').map((f) => f.key)).toEqual(['contactPerson']);
    expect(fieldsOf('Category with id 9 is not a contact address category').map((f) => f.key)).toEqual([]);
  });

  it('are passed on as the detail, without anything that looks like a token', () => {
    expect(describeSevdeskError(400, body('Unity with id 1 was not found', 151))).toEqual({
      detail: 'Unity with id 1 was not found',
      fields: [{ field: 'invoicePosSave.unity', key: 'unity' }],
    });
    expect(describeSevdeskError(401, body('Token 0123456789abcdef0123456789abcdef is invalid')).detail).toBe('Token [token] is invalid');
    expect(describeSevdeskError(401, { status: 401, message: 'Authentication required' })).toEqual({ detail: 'Authentication required' });
    expect(describeSevdeskError(502, '<html>Bad gateway</html>')).toEqual({});
    expect(describeSevdeskError(400, body('x'.repeat(1000))).detail).toHaveLength(300);
  });

  it('tell a stale lookup id from other refusals', () => {
    expect(namesUnknownLookup('sevdesk answered 400: Unity with id 1 was not found')).toBe(true);
    expect(namesUnknownLookup('sevdesk answered 422: Tax rule 99 does not exist. Valid tax rules for invoices: 1, 2')).toBe(true);
    expect(namesUnknownLookup('sevdesk answered 400: SevUser with id 7 was not found')).toBe(true);
    expect(namesUnknownLookup('sevdesk answered 422: Tax rate 19 of position 1 is not allowed for tax rule 21')).toBe(false);
    expect(namesUnknownLookup('sevdesk answered 400: Contact with id 5 was not found')).toBe(false);
  });
});

describe('sevdesk error streak guard', () => {
  it('pauses the bucket from the third failure in a row, longer each time, and forgets on success', () => {
    const paused: number[] = [];
    const bucket = { pause: (ms: number) => paused.push(ms) } as unknown as TokenBucket;
    const guard = createErrorStreakGuard(bucket, { threshold: 3, pausesMs: [5_000, 15_000, 60_000] });
    for (let i = 0; i < 6; i++) guard.record(false);
    expect(paused).toEqual([5_000, 15_000, 60_000, 60_000]);
    guard.record(true);
    expect(guard.streak).toBe(0);
    guard.record(false);
    guard.record(false);
    expect(paused).toHaveLength(4);
  });
});
