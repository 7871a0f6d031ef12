import { describe, expect, it } from 'vitest';
import { grossMinorOf, matchesProbe, toCreated } from './invoices';
import type { SevdeskInvoice } from './schemas';

const invoice = (overrides: Partial<SevdeskInvoice> = {}): SevdeskInvoice => ({
  id: '98100001',
  invoiceNumber: 'RE-1000',
  invoiceType: 'RE',
  status: '100',
  contact: { id: '74100231', objectName: 'Contact' },
  invoiceDate: '2026-11-23T00:00:00+01:00',
  create: '2026-11-23T10:00:05+01:00',
  currency: 'EUR',
  sumGross: '1469.14',
  sumGrossForeignCurrency: '0',
  ...overrides,
});

const probe = { contactId: '74100231', voucherDate: '2026-11-23', createdAfter: '2026-11-23T09:00:00.000Z', grossMinor: 146914, currency: 'EUR' };

describe('sevdesk invoices read back', () => {
  it('reads totals from strings or numbers without float arithmetic, preferring the foreign-currency sum', () => {
    expect(grossMinorOf(invoice(), 'EUR')).toBe(146914);
    expect(grossMinorOf(invoice({ sumGross: 1469.14 }), 'EUR')).toBe(146914);
    expect(grossMinorOf(invoice({ currency: 'CHF', sumGross: '1523.07', sumGrossForeignCurrency: '1469.14' }), 'CHF')).toBe(146914);
    expect(grossMinorOf(invoice({ currency: 'CHF', sumGross: '1469.14', sumGrossForeignCurrency: '0' }), 'CHF')).toBe(146914);
    expect(grossMinorOf(invoice({ sumGross: null }), 'EUR')).toBeUndefined();
  });

  it('turns a sevdesk invoice into a CreatedInvoice', () => {
    expect(toCreated(invoice(), 'EUR', (id) => `https://my.sevdesk.de/fi/detail/type/RE/id/${id}`)).toEqual({
      id: '98100001',
      number: 'RE-1000',
      url: 'https://my.sevdesk.de/fi/detail/type/RE/id/98100001',
      status: 'draft',
      grossMinor: 146914,
    });
    expect(toCreated(invoice({ status: '200', invoiceNumber: null }), 'EUR', String)).toMatchObject({ status: 'open', number: null });
  });

  it('matches a probe on contact, type, currency, total, voucher day and creation time (with skew)', () => {
    expect(matchesProbe(invoice(), probe)).toBe(true);
    expect(matchesProbe(invoice({ contact: { id: '1', objectName: 'Contact' } }), probe)).toBe(false);
    expect(matchesProbe(invoice({ invoiceType: 'AR' }), probe)).toBe(false);
    expect(matchesProbe(invoice({ currency: 'CHF' }), probe)).toBe(false);
    expect(matchesProbe(invoice({ sumGross: '1469.15' }), probe)).toBe(false);
    expect(matchesProbe(invoice({ invoiceDate: '2026-11-22T00:00:00+01:00' }), probe)).toBe(false);
    expect(matchesProbe(invoice({ invoiceDate: '23.11.2026' }), probe)).toBe(true);
    // 09:55 Berlin is 08:55 UTC: five minutes before the attempt, within the tolerance.
    expect(matchesProbe(invoice({ create: '2026-11-23T09:55:00+01:00' }), probe)).toBe(true);
    expect(matchesProbe(invoice({ create: '2026-11-23T09:40:00+01:00' }), probe)).toBe(false);
    // A creation day without a time is compared by day.
    expect(matchesProbe(invoice({ create: '2026-11-23' }), probe)).toBe(true);
    expect(matchesProbe(invoice({ create: '2026-11-22' }), probe)).toBe(false);
  });
});
