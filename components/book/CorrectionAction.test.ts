/**
 * "Correct invoice" and "Cancel invoice" in the invoice book: the dialog (found by its name)
 * offers the full amount or chosen positions (sevdesk: as a draft credit note), cancels as a whole,
 * sends nothing before the user confirms, links the correction once made, and releases a
 * cancelled invoice's orders only after a second, explicit confirmation.
 */
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import App from '@/entrypoints/book/App.vue';
import { click, flush, getByLabelText, getByRole, isDisabled, queryAllByRole, queryByRole, textOf } from '@/tests/support/dom';
import { fakeBackground } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import { invoiceRow } from '@/tests/support/book';
import { bookRowView } from '@/utils/book/view';
import type { InvoiceRow } from '@/utils/book/schema';

enableAutoUnmount(afterEach);

const TODAY = '2026-12-05';
const LINES = [
  { index: 0, name: 'Transport Hamburg – München', quantity: 1, unitName: 'Pauschale', netMinor: 125_000, taxRatePercentage: 19 },
  { index: 1, name: 'Standzeit', quantity: 2.5, unitName: 'Stunde', netMinor: 11_250, taxRatePercentage: 19 },
];

function background(book: () => InvoiceRow[]) {
  return fakeBackground(
    {
      queryBook: ({ offset, limit }) => ({
        ok: true,
        rows: book().slice(offset, offset + limit).map((r) => bookRowView(r, TODAY)),
        total: book().length,
        today: TODAY,
        migrationFailed: null,
      }),
      bookCustomers: () => ({ ok: true, customers: [] }),
      pollPayments: () => ({ ok: true, polled: true, checked: 0, changed: 0, at: null, summary: 'Nothing changed.' }),
      getCorrectionOptions: () => ({ ok: true, lines: LINES, pending: false, draftUrl: null }),
      correctInvoice: () => ({ ok: true, correction: { number: 'GS-0001', url: 'https://app.lexware.de/permalink/credit-notes/view/cn-1', kind: 'creditNote', full: false }, existing: false, summary: 'Lexware Office made GS-0001.' }),
      releaseInvoicedOrders: () => ({ ok: true, orderNumbers: ['A-0001'] }),
    },
    'book.html',
  );
}

const mountPage = () => mount(App, { global: { plugins: plugins('en'), stubs: { BookExports: true } }, attachTo: document.body });

describe('correcting and cancelling invoices in the book', () => {
  it('credits chosen positions of a Lexware invoice only after the user confirms', async () => {
    const fake = background(() => [invoiceRow({ invoiceId: 'lx-1', invoiceNumber: 'RE-1001' })]);
    const wrapper = mountPage();
    await flush();
    await click(getByRole(wrapper, 'button', 'Correct invoice (RE-1001)'));
    const dialog = getByRole(document.body, 'dialog', 'Correct invoice RE-1001');
    expect(textOf(dialog)).toContain('Rechnungskorrektur zu Rechnung RE-1001');

    await click(getByRole(dialog, 'radio', /^Chosen positions/));
    await click(getByRole(dialog, 'checkbox', 'Standzeit (2.5 Stunde, €112.50)'));
    const submit = getByRole(dialog, 'button', 'Create credit note');
    expect(isDisabled(submit)).toBe(true);
    await click(submit);
    expect(fake.callsOf('correctInvoice')).toHaveLength(0);

    await click(getByLabelText(dialog, 'I understand that this cannot be undone'));
    expect(isDisabled(submit)).toBe(false);
    await click(submit);
    expect(fake.callsOf('correctInvoice')).toEqual([{ invoiceKey: 'lexware|lx-1', kind: 'correct', lines: [1] }]);
    expect(queryByRole(document.body, 'dialog')).toBeNull();
    expect(queryAllByRole(wrapper, 'status').map(textOf)).toContain('Lexware Office made GS-0001.');
  });

  it('corrects the full amount when chosen so, without naming lines', async () => {
    const fake = background(() => [invoiceRow({ invoiceId: 'lx-1', invoiceNumber: 'RE-1001' })]);
    const wrapper = mountPage();
    await flush();
    await click(getByRole(wrapper, 'button', 'Correct invoice (RE-1001)'));
    const dialog = getByRole(document.body, 'dialog', 'Correct invoice RE-1001');
    expect((getByRole(dialog, 'radio', 'The full amount (€1,000.00)') as HTMLInputElement).checked).toBe(true);
    // Chosen positions without any position chosen cannot be sent.
    await click(getByRole(dialog, 'radio', 'Chosen positions'));
    await click(getByLabelText(dialog, 'I understand that this cannot be undone'));
    expect(isDisabled(getByRole(dialog, 'button', 'Create credit note'))).toBe(true);
    await click(getByRole(dialog, 'radio', 'The full amount (€1,000.00)'));
    await click(getByRole(dialog, 'button', 'Create credit note'));
    expect(fake.callsOf('correctInvoice')).toEqual([{ invoiceKey: 'lexware|lx-1', kind: 'correct' }]);
  });

  it('cancels a sevdesk invoice as a whole, pointing to "Correct invoice" for single positions', async () => {
    const fake = background(() => [invoiceRow({ provider: 'sevdesk', invoiceId: '901', invoiceNumber: 'RE-2001', deepLink: 'https://my.sevdesk.de/fi/detail/type/RE/id/901' })]);
    const wrapper = mountPage();
    await flush();
    await click(getByRole(wrapper, 'button', 'Cancel invoice (RE-2001)'));
    const dialog = getByRole(document.body, 'dialog', 'Cancel invoice RE-2001');
    expect(textOf(dialog)).toContain('cancellation invoice (storno)');
    expect(textOf(dialog)).toContain('To credit only some positions, use "Correct invoice" instead.');
    expect(queryAllByRole(dialog, 'radio')).toHaveLength(0);
    await click(getByLabelText(dialog, 'I understand that this cannot be undone'));
    await click(getByRole(dialog, 'button', 'Cancel invoice now'));
    expect(fake.callsOf('correctInvoice')).toEqual([{ invoiceKey: 'sevdesk|901', kind: 'cancel' }]);
  });

  it('corrects chosen positions of a sevdesk invoice as a draft credit note the user finalises in sevdesk', async () => {
    const fake = background(() => [invoiceRow({ provider: 'sevdesk', invoiceId: '901', invoiceNumber: 'RE-2001', deepLink: 'https://my.sevdesk.de/fi/detail/type/RE/id/901' })]);
    fake.answer('correctInvoice', () => ({
      ok: true,
      correction: { number: 'GU-1000', url: 'https://my.sevdesk.de/fi/detail/type/GU/id/977', kind: 'creditNote', full: false },
      existing: false,
      summary: 'sevdesk made GU-1000 as a draft: check, finalise and send it in sevdesk.',
    }));
    const wrapper = mountPage();
    await flush();
    await click(getByRole(wrapper, 'button', 'Correct invoice (RE-2001)'));
    const dialog = getByRole(document.body, 'dialog', 'Correct invoice RE-2001');
    expect(textOf(dialog)).toContain('("Rechnungskorrektur zu Rechnung RE-2001") as a draft: you check, finalise and send it in sevdesk.');
    await click(getByRole(dialog, 'radio', /^Chosen positions/));
    await click(getByRole(dialog, 'checkbox', 'Transport Hamburg – München (1 Pauschale, €1,250.00)'));
    await click(getByLabelText(dialog, 'I understand that this cannot be undone'));
    await click(getByRole(dialog, 'button', 'Create credit note'));
    expect(fake.callsOf('correctInvoice')).toEqual([{ invoiceKey: 'sevdesk|901', kind: 'correct', lines: [0] }]);
    expect(queryByRole(document.body, 'dialog')).toBeNull();
    expect(queryAllByRole(wrapper, 'status').map(textOf)).toContain('sevdesk made GU-1000 as a draft: check, finalise and send it in sevdesk.');
  });

  it('offers the way to edit or delete a draft instead of a correction', async () => {
    const fake = background(() => [invoiceRow({ invoiceId: 'lx-2', invoiceNumber: null, status: 'draft' })]);
    fake.answer('getCorrectionOptions', () => ({ ok: true, lines: null, pending: false, draftUrl: 'https://app.lexware.de/permalink/invoices/edit/lx-2' }));
    const wrapper = mountPage();
    await flush();
    await click(getByRole(wrapper, 'button', 'Cancel invoice (A-0001)'));
    const dialog = getByRole(document.body, 'dialog', 'Cancel invoice A-0001');
    expect(getByRole(dialog, 'link', 'Edit or delete the draft in Lexware Office').getAttribute('href')).toBe('https://app.lexware.de/permalink/invoices/edit/lx-2');
    expect(queryByRole(dialog, 'button', 'Cancel invoice now')).toBeNull();
  });

  it('shows invoice → correction and releases the orders only after confirming', async () => {
    let released = false;
    const row = () =>
      invoiceRow({
        invoiceId: 'lx-1',
        invoiceNumber: 'RE-1001',
        status: 'cancelled',
        correctedBy: ['lexware|cn-1'],
        correction: {
          key: 'lexware|cn-1',
          id: 'cn-1',
          number: 'GS-0001',
          url: 'https://app.lexware.de/permalink/credit-notes/view/cn-1',
          kind: 'creditNote',
          full: true,
          createdAt: '2026-12-05T09:00:00.000Z',
          ...(released ? { releasedAt: '2026-12-05T09:05:00.000Z' } : {}),
        },
      });
    const fake = background(() => [row()]);
    fake.answer('releaseInvoicedOrders', () => {
      released = true;
      return { ok: true, orderNumbers: ['A-0001'] };
    });
    const wrapper = mountPage();
    await flush();
    expect(getByRole(wrapper, 'link', 'Cancelled by GS-0001').getAttribute('href')).toBe('https://app.lexware.de/permalink/credit-notes/view/cn-1');
    expect(queryByRole(wrapper, 'button', 'Cancel invoice (RE-1001)')).toBeNull();
    expect(textOf(wrapper)).toContain('The orders still count as invoiced.');

    await click(getByRole(wrapper, 'button', 'Invoice the orders again… (RE-1001)'));
    const dialog = getByRole(document.body, 'dialog', 'Invoice the orders again…');
    expect(textOf(dialog)).toContain('Orders A-0001 will count as not invoiced');
    await click(getByRole(dialog, 'button', 'Close'));
    expect(fake.callsOf('releaseInvoicedOrders')).toHaveLength(0);

    await click(getByRole(wrapper, 'button', 'Invoice the orders again… (RE-1001)'));
    await click(getByRole(document.body, 'button', 'Yes, invoice again'));
    await flush();
    expect(fake.callsOf('releaseInvoicedOrders')).toEqual([{ invoiceKey: 'lexware|lx-1' }]);
    expect(queryByRole(wrapper, 'button', 'Invoice the orders again… (RE-1001)')).toBeNull();
  });
});
