/**
 * The preview's "E-invoice ready" for sevdesk drafts: the payment method chosen in the
 * options, the contact's buyer reference and e-mail, and the own company's IBAN, phone,
 * e-mail and tax number, each named with where to fix it.
 */
import { describe, expect, it } from 'vitest';
import { defaultInvoiceSettings, nordlicht } from '@/tests/support/orders';
import { CONTACTS, draftFor, order, READY_EINVOICE } from '../billing/sevdesk/test-support';
import { draftReadiness, readinessProblem } from './draft-readiness';
import type { EInvoiceSettings } from './settings';


const sevdeskDraft = (customer = nordlicht, voucherDay = '2026-11-23') => {
  const draft = draftFor([order(701, { customer })], CONTACTS.nordlicht, { settings: { ...defaultInvoiceSettings, unitName: 'Pauschale', paymentTermDays: 14 } });
  return { ...draft, voucherDate: voucherDay };
};
const missing = (settings: EInvoiceSettings, buyerReference: string | undefined, draft = sevdeskDraft()) =>
  draftReadiness(draft, { eInvoice: settings, buyerReference }).items.filter((i) => i.kind === 'missing').map(({ code, fix }) => ({ code, fix }));

describe('draft readiness for sevdesk', () => {
  it('with the payment method, buyer reference, e-mail and company data: ready', () => {
    const readiness = draftReadiness(sevdeskDraft(), { eInvoice: READY_EINVOICE, buyerReference: 'PO-7781' });
    expect(readiness.ready).toBe(true);
    expect(readinessProblem(readiness)).toBeNull();
  });

  it('no payment method chosen: missing, fixed in the options', () => {
    expect(missing({ ...READY_EINVOICE, sevdeskPaymentMethod: undefined }, 'PO-7781')).toEqual([{ code: 'payment-method-missing', fix: 'open-settings' }]);
  });

  it("the contact's buyer reference and e-mail: missing, fixed at the customer link", () => {
    const withoutEmail = sevdeskDraft({ ...nordlicht, email: undefined });
    expect(missing(READY_EINVOICE, undefined, withoutEmail)).toEqual([
      { code: 'buyer-reference-missing', fix: 'edit-customer-link' },
      { code: 'buyer-email-missing', fix: 'edit-customer-link' },
    ]);
  });

  it("the own company's IBAN, phone, e-mail and tax number: each missing with the settings as fix", () => {
    const seller = { ...READY_EINVOICE.seller, iban: '', phone: undefined, email: ' ', taxNumber: undefined };
    expect(missing({ ...READY_EINVOICE, seller }, 'PO-7781')).toEqual([
      { code: 'seller-iban-missing', fix: 'open-billing-system-settings' },
      { code: 'seller-phone-missing', fix: 'open-billing-system-settings' },
      { code: 'seller-email-missing', fix: 'open-billing-system-settings' },
      { code: 'seller-tax-number-missing', fix: 'open-billing-system-settings' },
    ]);
  });

  it('not ready for a German business: a warning before 2027, blocking from the mandate on', () => {
    const before = draftReadiness(sevdeskDraft(), { eInvoice: { ...READY_EINVOICE, sevdeskPaymentMethod: undefined }, buyerReference: 'PO-7781' });
    expect(readinessProblem(before)).toEqual({ code: 'e-invoice-not-ready-soon', severity: 'warning', params: { count: 1 } });
    const from2027 = draftReadiness(sevdeskDraft(nordlicht, '2027-01-04'), { eInvoice: { ...READY_EINVOICE, sevdeskPaymentMethod: undefined }, buyerReference: 'PO-7781' });
    expect(readinessProblem(from2027)).toEqual({ code: 'e-invoice-not-ready', severity: 'blocking', params: { count: 1 } });
  });

  it('e-invoices off: nothing is checked', () => {
    expect(draftReadiness(sevdeskDraft(), { eInvoice: { ...READY_EINVOICE, issue: false }, buyerReference: undefined })).toMatchObject({ applies: false, ready: true, items: [] });
  });
});
