/**
 * "Correct invoice" / "Cancel invoice" beside an invoiced order's "Create invoice" on its TMS
 * detail page: the order's invoice is named and linked, the book's dialog opens inside the
 * panel (not in the TMS page's body), nothing is sent before the user confirms, and afterwards
 * the order shows invoice → correction. An order without an invoice shows nothing.
 */
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import OrderInvoice from './OrderInvoice.vue';
import { click, flush, getByLabelText, getByRole, queryByRole, textOf } from '@/tests/support/dom';
import { fakeBackground } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import { invoiceRow } from '@/tests/support/book';
import { bookRowView } from '@/utils/book/view';
import type { InvoiceRow } from '@/utils/book/schema';

enableAutoUnmount(afterEach);

const TODAY = '2026-12-05';
const ORIGIN = 'https://tms.example.test';
const CANCELLATION = { number: 'RE-2002', url: 'https://my.sevdesk.de/fi/detail/type/SR/id/902', kind: 'cancellationInvoice' as const, full: true };

function sevdeskInvoice(overrides: Partial<InvoiceRow> = {}): InvoiceRow {
  return invoiceRow({ provider: 'sevdesk', invoiceId: '901', invoiceNumber: 'RE-2001', deepLink: 'https://my.sevdesk.de/fi/detail/type/RE/id/901', ...overrides });
}

const mountFor = (orderId: string, locale: 'en' | 'de' = 'en') =>
  mount(OrderInvoice, { props: { origin: ORIGIN, orderId }, global: { plugins: plugins(locale) }, attachTo: document.body });

describe('the invoice of an order on its detail page', () => {
  it('cancels a sevdesk invoice after confirming, inside the panel, and then links the cancellation', async () => {
    let row = sevdeskInvoice();
    const fake = fakeBackground({
      getOrderInvoice: ({ orderId }) => ({ ok: true, invoice: orderId === 'o-1' ? bookRowView(row, TODAY) : null }),
      getCorrectionOptions: () => ({ ok: true, lines: null, pending: false, draftUrl: null }),
      correctInvoice: () => {
        row = { ...row, status: 'cancelled', correction: { key: 'sevdesk|902', id: '902', createdAt: '2026-12-05T10:00:00.000Z', ...CANCELLATION } };
        return { ok: true, correction: CANCELLATION, existing: false, summary: 'sevdesk made RE-2002. Recorded on 1 order in the TMS.' };
      },
    });
    const wrapper = mountFor('o-1');
    await flush();
    expect(fake.callsOf('getOrderInvoice')).toEqual([{ origin: ORIGIN, orderId: 'o-1' }]);
    expect(getByRole(wrapper, 'link', 'Invoiced in sevdesk: RE-2001').getAttribute('href')).toBe('https://my.sevdesk.de/fi/detail/type/RE/id/901');
    // Both actions, as for Lexware: "Correct invoice" makes a draft credit note in sevdesk.
    expect(getByRole(wrapper, 'button', 'Correct invoice (RE-2001)')).toBeTruthy();

    await click(getByRole(wrapper, 'button', 'Cancel invoice (RE-2001)'));
    // In the panel's own (shadow) tree, not teleported into the TMS page's body.
    const dialog = getByRole(wrapper.element as HTMLElement, 'dialog', 'Cancel invoice RE-2001');
    const submit = getByRole(dialog, 'button', 'Cancel invoice now');
    await click(submit);
    expect(fake.callsOf('correctInvoice')).toHaveLength(0);
    await click(getByLabelText(dialog, 'I understand that this cannot be undone'));
    await click(submit);
    await flush();

    expect(fake.callsOf('correctInvoice')).toEqual([{ invoiceKey: 'sevdesk|901', kind: 'cancel' }]);
    expect(queryByRole(wrapper, 'dialog')).toBeNull();
    expect(textOf(getByRole(wrapper, 'status'))).toBe('sevdesk made RE-2002. Recorded on 1 order in the TMS.');
    expect(getByRole(wrapper, 'link', 'Cancelled by RE-2002').getAttribute('href')).toBe(CANCELLATION.url);
    expect(getByRole(wrapper, 'button', 'Invoice the orders again… (RE-2001)')).toBeTruthy();
  });

  it('offers both actions for a Lexware invoice, in German', async () => {
    fakeBackground({ getOrderInvoice: () => ({ ok: true, invoice: bookRowView(invoiceRow({ invoiceId: 'lx-1', invoiceNumber: 'RE-1001' }), TODAY) }) });
    const wrapper = mountFor('o-1', 'de');
    await flush();
    expect(getByRole(wrapper, 'link', 'Berechnet in Lexware Office: RE-1001')).toBeTruthy();
    expect(getByRole(wrapper, 'button', 'Rechnung korrigieren (RE-1001)')).toBeTruthy();
    expect(getByRole(wrapper, 'button', 'Rechnung stornieren (RE-1001)')).toBeTruthy();
  });

  it('shows nothing for an order without an invoice, or when the background refuses', async () => {
    const fake = fakeBackground({ getOrderInvoice: () => ({ ok: true, invoice: null }) });
    let wrapper = mountFor('o-9');
    await flush();
    expect(queryByRole(wrapper, 'button')).toBeNull();
    expect(wrapper.text()).toBe('');
    fake.answer('getOrderInvoice', () => ({ ok: false, error: { code: 'foreign-origin', message: 'This page may only ask about orders of its own site.' } }));
    wrapper = mountFor('o-1');
    await flush();
    expect(wrapper.text()).toBe('');
  });
});
