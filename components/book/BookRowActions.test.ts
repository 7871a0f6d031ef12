/**
 * The invoice book page around its list: payment status read on opening (the list follows
 * what changed), an invoice's files downloaded from its row, and a payment reminder for an
 * overdue invoice.
 */
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '@/entrypoints/book/App.vue';
import { click, flush, getByRole, queryAllByRole, queryByRole, textOf } from '@/tests/support/dom';
import { fakeBackground } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import { invoiceRow } from '@/tests/support/book';
import { bookRowView } from '@/utils/book/view';
import type { InvoiceRow } from '@/utils/book/schema';

enableAutoUnmount(afterEach);

const TODAY = '2026-12-05';

let downloads: string[];
beforeEach(() => {
  downloads = [];
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:1');
  vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push(this.download);
  });
});

function background(book: () => InvoiceRow[], changed = 0) {
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
      bookTotals: () => ({ ok: true, totals: [] }),
      pollPayments: () => ({ ok: true, polled: true, checked: 2, changed, at: '2026-12-05T10:00:00.000Z', summary: `2 invoices checked, ${changed} changed.` }),
      downloadEInvoice: ({ format, invoiceId }) => ({ ok: true, fileName: `${invoiceId}.${format}`, mimeType: format === 'xml' ? 'application/xml' : 'application/pdf', base64: 'PD94bWw+' }),
      createReminder: () => ({ ok: true, reminder: { id: 'd-1', url: 'https://app.lexware.de/permalink/dunnings/view/d-1', createdAt: '2026-12-05T10:01:00.000Z' }, existing: false }),
    },
    'book.html',
  );
}

const mountPage = () => mount(App, { global: { plugins: plugins('en'), stubs: { BookExports: true } }, attachTo: document.body });

describe('the invoice book around its list', () => {
  it('reads payment status on opening and shows the list as it is afterwards', async () => {
    let rows = [invoiceRow({ invoiceId: 'lx-1', invoiceNumber: 'RE-1001' })];
    const fake = background(() => rows, 1);
    // The poll finds the invoice paid: the list is read again.
    fake.answer('pollPayments', () => {
      rows = [invoiceRow({ invoiceId: 'lx-1', invoiceNumber: 'RE-1001', status: 'paid', paidMinor: 119_000, paidDate: '2026-12-04' })];
      return { ok: true, polled: true, checked: 1, changed: 1, at: '2026-12-05T10:00:00.000Z', summary: '1 invoice checked, 1 changed.' };
    });
    const wrapper = mountPage();
    await flush();
    await flush();
    expect(queryAllByRole(wrapper, 'status').map(textOf)).toContain('1 invoice checked, 1 changed.');
    expect(textOf(getByRole(wrapper, 'grid'))).toContain('Paid');
    expect(fake.callsOf('pollPayments')).toHaveLength(1);

    await click(getByRole(wrapper, 'button', 'Check payments now'));
    expect(fake.callsOf('pollPayments')).toHaveLength(2);
  });

  it('asks for the first rows before anything else on opening, and the rest once they are on screen', async () => {
    const rows = [invoiceRow({ invoiceId: 'lx-1', invoiceNumber: 'RE-1001' })];
    const fake = background(() => rows);
    let answerRows!: () => void;
    const rowsAsked = new Promise<void>((resolve) => (answerRows = resolve));
    fake.answer('queryBook', async ({ offset, limit }) => {
      await rowsAsked;
      return { ok: true, rows: rows.slice(offset, offset + limit).map((r) => bookRowView(r, TODAY)), total: rows.length, today: TODAY, migrationFailed: null };
    });
    const wrapper = mountPage();
    await flush();
    expect(fake.calls.map((c) => c.type)).toEqual(['queryBook']);

    answerRows();
    for (const later of ['pollPayments', 'bookCustomers', 'bookTotals', 'getStatus'] as const) await vi.waitFor(() => expect(fake.callsOf(later)).toHaveLength(1));
    expect(textOf(getByRole(wrapper, 'grid'))).toContain('RE-1001');
    const asked = fake.calls.map((c) => c.type);
    for (const later of ['pollPayments', 'bookCustomers', 'bookTotals', 'getStatus'] as const) expect(asked.indexOf(later)).toBeGreaterThan(asked.indexOf('queryBook'));
  });

  it("downloads an invoice's e-invoice and PDF from its row; a Lexware draft has neither", async () => {
    background(() => [invoiceRow({ invoiceId: 'lx-1', invoiceNumber: 'RE-1001' }), invoiceRow({ invoiceId: 'lx-2', invoiceNumber: null, status: 'draft', eInvoiceProfile: null })]);
    const wrapper = mountPage();
    await flush();
    await click(getByRole(wrapper, 'button', 'Download e-invoice (XML): RE-1001'));
    await click(getByRole(wrapper, 'button', 'Download PDF: RE-1001'));
    await flush();
    expect(downloads).toEqual(['lx-1.xml', 'lx-1.pdf']);
    expect(queryByRole(wrapper, 'button', 'Download PDF: A-0001')).toBeNull();
  });

  it('creates a payment reminder for an overdue invoice and shows its link', async () => {
    const reminder = { id: 'd-1', url: 'https://app.lexware.de/permalink/dunnings/view/d-1', createdAt: '2026-12-05T10:01:00.000Z' };
    let rows = [invoiceRow({ invoiceId: 'lx-1', invoiceNumber: 'RE-1001', dueDate: '2026-11-20' })];
    const fake = background(() => rows);
    // The background keeps the reminder with the invoice; the list, read again, shows it.
    fake.answer('createReminder', () => {
      rows = [invoiceRow({ invoiceId: 'lx-1', invoiceNumber: 'RE-1001', dueDate: '2026-11-20', reminder })];
      return { ok: true, reminder, existing: false };
    });
    const wrapper = mountPage();
    await flush();
    await click(getByRole(wrapper, 'button', 'Create payment reminder (RE-1001)'));
    await flush();
    await flush();
    expect(fake.callsOf('createReminder')).toEqual([{ invoiceKey: 'lexware|lx-1' }]);
    expect(getByRole(wrapper, 'link', 'Open the reminder in Lexware Office').getAttribute('href')).toBe(reminder.url);
    expect(queryByRole(wrapper, 'button', 'Create payment reminder (RE-1001)')).toBeNull();
  });
});
