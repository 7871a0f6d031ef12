/**
 * The invoice book's list as the user meets it: rows, totals, filters, sorting, opening an
 * invoice's orders, the keyboard, the window of rendered rows, and the empty states. The fake
 * background answers with the book's own filter, sort and totals functions.
 */
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import BookInvoices from './BookInvoices.vue';
import App from '@/entrypoints/book/App.vue';
import { click, flush, getByLabelText, getByRole, queryAllByRole, queryByRole, textOf, type } from '@/tests/support/dom';
import { fakeBackground } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import { invoiceRow } from '@/tests/support/book';
import { matches, sortRows, totalsPerCurrency } from '@/utils/book/query';
import { bookRowView } from '@/utils/book/view';
import type { InvoiceRow } from '@/utils/book/schema';
import type { Locale } from '@/utils/i18n/translate';
import type { ResponseOf } from '@/utils/messaging';

enableAutoUnmount(afterEach);

const TODAY = '2026-12-05';
const TMS = 'http://127.0.0.1:4410';

const rows: InvoiceRow[] = [
  invoiceRow({ invoiceId: 'lx-1', invoiceNumber: 'RE-1001', invoiceDate: '2026-11-10', dueDate: '2026-12-24', orderNumbers: ['A-0001', 'A-0002'] }),
  invoiceRow({ invoiceId: 'lx-2', invoiceNumber: 'RE-1002', invoiceDate: '2026-11-12', dueDate: '2026-11-26', customerKey: 'lexware|c-2', customerName: 'Kühne Logistik', netMinor: 200_000, taxMinor: 38_000, grossMinor: 238_000, orderNumbers: ['A-0003'] }),
  invoiceRow({ invoiceId: 'lx-3', invoiceNumber: 'RE-1003', invoiceDate: '2026-11-20', status: 'paid', paidMinor: 119_000, paidDate: '2026-11-30', orderNumbers: ['A-0004'] }),
];

type Orders = Extract<ResponseOf<'bookOrders'>, { ok: true }>['orders'];

/** A background holding these rows; `failed` makes the migration report a failure. */
function background(book: InvoiceRow[] = rows, options: { failed?: boolean } = {}) {
  return fakeBackground(
    {
      queryBook: ({ filter, sort, offset, limit }) => {
        const found = sortRows(book.filter((r) => matches(r, filter, TODAY)), sort, TODAY);
        return {
          ok: true,
          rows: found.slice(offset, offset + limit).map((r) => bookRowView(r, TODAY)),
          total: found.length,
          today: TODAY,
          migrationFailed: options.failed ? { at: '2026-12-05T08:00:00.000Z', reason: 'the old ledger is not a list (string)' } : null,
        };
      },
      bookTotals: ({ filter }) => ({ ok: true, totals: totalsPerCurrency(book.filter((r) => matches(r, filter, TODAY)), TODAY) }),
      bookCustomers: () => ({ ok: true, customers: [{ key: 'lexware|c-2', name: 'Kühne Logistik' }, { key: 'lexware|c-1', name: 'Spedition Müller GmbH' }] }),
      bookOrders: ({ invoiceKey }) => {
        const row = book.find((r) => r.key === invoiceKey)!;
        const orders: Orders = row.orderNumbers.map((n, i) => ({ origin: TMS, orderId: `o-${n}`, orderNumber: n, url: i === 0 ? `${TMS}/orders/o-${n}` : null }));
        return { ok: true, orders };
      },
    },
    'book.html',
  );
}

async function mountBook(book: InvoiceRow[] = rows, locale: Locale = 'en', props: Record<string, unknown> = {}) {
  const fake = background(book);
  const wrapper = mount(BookInvoices, { props: { searchDelayMs: 0, ...props }, global: { plugins: plugins(locale) }, attachTo: document.body });
  await flush();
  return { wrapper, fake };
}

const grid = (w: Parameters<typeof getByRole>[0]) => getByRole(w, 'grid');
/** The invoice rows (the header row left out), as they read. */
const shownRows = (w: Parameters<typeof getByRole>[0]) => queryAllByRole(grid(w), 'row').filter((r) => r.hasAttribute('data-index'));
const numbers = (w: Parameters<typeof getByRole>[0]) => shownRows(w).map((r) => textOf(r).split(' ')[0]);
const rowOf = (w: Parameters<typeof getByRole>[0], number: string) => shownRows(w).find((r) => textOf(r).startsWith(number))!;

function select(el: HTMLSelectElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event('change'));
}

function key(el: HTMLElement, name: string) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
}

describe('the invoice book list', () => {
  it('shows one row per invoice with its numbers, amounts, status and links, and the totals per currency', async () => {
    const { wrapper } = await mountBook();
    expect(getByRole(wrapper, 'grid', 'Invoices')).toBeTruthy();
    expect(textOf(getByRole(wrapper, 'status'))).toBe('3 invoices');
    // Newest first.
    expect(numbers(wrapper)).toEqual(['RE-1003', 'RE-1002', 'RE-1001']);
    expect(textOf(rowOf(wrapper, 'RE-1002'))).toBe('RE-1002 12/11/2026 Kühne Logistik 1 order €2,000.00 €2,380.00 EUR Lexware Office XRechnung Overdue 26/11/2026 Open in Lexware Office');
    expect(textOf(rowOf(wrapper, 'RE-1003'))).toContain('Paid 30/11/2026');
    expect(getByRole(rowOf(wrapper, 'RE-1001'), 'link', 'Open in Lexware Office: RE-1001').getAttribute('href')).toBe('https://app.lexware.de/permalink/invoices/view/lx-1');
    const totals = getByRole(getByRole(wrapper, 'region', 'Totals of the invoices shown'), 'table');
    expect(textOf(totals)).toBe('Currency Invoices Invoiced Open Overdue EUR 3 €4,760.00 €3,570.00 €2,380.00');
  });

  it('shows the first rows without waiting for the totals, which follow (they read every matching row)', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const fake = background();
    fake.answer('bookTotals', async ({ filter }) => {
      await held;
      return { ok: true, totals: totalsPerCurrency(rows.filter((r) => matches(r, filter, TODAY)), TODAY) };
    });
    const wrapper = mount(BookInvoices, { props: { searchDelayMs: 0 }, global: { plugins: plugins('en') }, attachTo: document.body });
    await flush();
    expect(numbers(wrapper)).toEqual(['RE-1003', 'RE-1002', 'RE-1001']);
    const region = getByRole(wrapper, 'region', 'Totals of the invoices shown');
    expect(region.getAttribute('aria-busy')).toBe('true');
    expect(textOf(region)).toContain('Adding up the invoices…');
    release();
    await flush();
    expect(region.getAttribute('aria-busy')).toBe('false');
    expect(textOf(getByRole(region, 'table'))).toBe('Currency Invoices Invoiced Open Overdue EUR 3 €4,760.00 €3,570.00 €2,380.00');
  });

  it('still lists the invoices when the totals fail, and says why', async () => {
    const fake = background();
    fake.answer('bookTotals', () => ({ ok: false, error: { code: 'unknown', message: 'The database is busy' } }));
    const wrapper = mount(BookInvoices, { props: { searchDelayMs: 0 }, global: { plugins: plugins('en') }, attachTo: document.body });
    await flush();
    expect(numbers(wrapper)).toHaveLength(3);
    expect(textOf(getByRole(wrapper, 'region', 'Totals of the invoices shown'))).toContain('The totals could not be added up: The database is busy');
  });

  it('filters by status, customer and period, and searches by an order number', async () => {
    const { wrapper, fake } = await mountBook();
    select(getByLabelText<HTMLSelectElement>(wrapper, 'Status'), 'overdue');
    await flush();
    expect(fake.callsOf('queryBook').at(-1)?.filter).toEqual({ statuses: ['overdue'] });
    expect(numbers(wrapper)).toEqual(['RE-1002']);
    expect(textOf(getByRole(wrapper, 'table'))).toContain('EUR 1 €2,380.00 €2,380.00 €2,380.00');

    select(getByLabelText<HTMLSelectElement>(wrapper, 'Status'), '');
    select(getByLabelText<HTMLSelectElement>(wrapper, 'Customer'), 'lexware|c-1');
    await flush();
    expect(numbers(wrapper)).toEqual(['RE-1003', 'RE-1001']);

    type(getByLabelText(wrapper, 'From'), '2026-11-15');
    await flush();
    expect(numbers(wrapper)).toEqual(['RE-1003']);

    select(getByLabelText<HTMLSelectElement>(wrapper, 'Customer'), '');
    type(getByLabelText(wrapper, 'From'), '');
    type(getByRole(wrapper, 'searchbox', 'Invoice or order number'), 'a-0002');
    await flush();
    expect(numbers(wrapper)).toEqual(['RE-1001']);
  });

  it('starts with the search it was opened with', async () => {
    const { wrapper, fake } = await mountBook(rows, 'en', { initialSearch: 'RE-1002' });
    expect(fake.callsOf('queryBook')[0]?.filter).toEqual({ search: 'RE-1002' });
    expect(numbers(wrapper)).toEqual(['RE-1002']);
    expect((getByRole(wrapper, 'searchbox', 'Invoice or order number') as HTMLInputElement).value).toBe('RE-1002');
  });

  it('sorts by a column header, marking the order with aria-sort, and turns it round on a second click', async () => {
    const { wrapper } = await mountBook();
    const header = (name: string) => queryAllByRole(grid(wrapper), 'columnheader').find((h) => textOf(h).startsWith(name))!;
    expect(header('Date').getAttribute('aria-sort')).toBe('descending');
    await click(getByRole(header('Customer'), 'button'));
    expect(header('Customer').getAttribute('aria-sort')).toBe('ascending');
    expect(header('Date').hasAttribute('aria-sort')).toBe(false);
    expect(numbers(wrapper)).toEqual(['RE-1002', 'RE-1001', 'RE-1003']);
    await click(getByRole(header('Gross'), 'button'));
    expect(header('Gross').getAttribute('aria-sort')).toBe('descending');
    expect(numbers(wrapper)[0]).toBe('RE-1002');
    await click(getByRole(header('Gross'), 'button'));
    expect(header('Gross').getAttribute('aria-sort')).toBe('ascending');
    expect(numbers(wrapper).at(-1)).toBe('RE-1002');
  });

  it('opens an invoice to show its orders, each linked back to the TMS where it can be', async () => {
    const { wrapper } = await mountBook();
    const toggle = getByRole(rowOf(wrapper, 'RE-1001'), 'button', '2 orders · RE-1001');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const orders = getByRole(wrapper, 'list', 'Orders of RE-1001');
    expect(getByRole(orders, 'link', 'Open order A-0001 in the TMS').getAttribute('href')).toBe(`${TMS}/orders/o-A-0001`);
    expect(textOf(orders)).toContain('A-0002 (no link: its TMS site is not set up for links)');
    await click(toggle);
    expect(queryByRole(wrapper, 'list', 'Orders of RE-1001')).toBeNull();
  });

  it('read again after a payment check, keeps the invoice the user opened open, with its new status', async () => {
    const book = rows.map((r) => ({ ...r }));
    const { wrapper } = await mountBook(book);
    await click(getByRole(rowOf(wrapper, 'RE-1002'), 'button', '1 order · RE-1002'));
    expect(getByRole(wrapper, 'list', 'Orders of RE-1002')).toBeTruthy();
    // The billing system says it was paid; the book refreshes its rows in place.
    Object.assign(book[1]!, { status: 'paid', paidMinor: 238_000, paidDate: '2026-12-04' });
    await (wrapper.vm as unknown as { refresh(): Promise<void> }).refresh();
    await flush();
    expect(textOf(rowOf(wrapper, 'RE-1002'))).toContain('Paid 04/12/2026');
    expect(getByRole(wrapper, 'list', 'Orders of RE-1002')).toBeTruthy();
    // A new filter is a new query: back to the top, nothing open.
    await (wrapper.vm as unknown as { reload(): Promise<void> }).reload();
    await flush();
    expect(queryByRole(wrapper, 'list', 'Orders of RE-1002')).toBeNull();
  });

  it('is operated with the keyboard: arrows move between rows, Enter opens one', async () => {
    const { wrapper } = await mountBook();
    const first = shownRows(wrapper)[0]!;
    expect(first.tabIndex).toBe(0);
    first.focus();
    key(first, 'ArrowDown');
    await flush();
    expect(textOf(document.activeElement!)).toMatch(/^RE-1002 /);
    key(document.activeElement as HTMLElement, 'End');
    await flush();
    expect(textOf(document.activeElement!)).toMatch(/^RE-1001 /);
    key(document.activeElement as HTMLElement, 'Enter');
    await flush();
    expect(getByRole(wrapper, 'list', 'Orders of RE-1001')).toBeTruthy();
    key(document.activeElement as HTMLElement, 'ArrowUp');
    await flush();
    expect(textOf(document.activeElement!)).toMatch(/^RE-1002 /);
    // Only the focused row is in the tab order.
    expect(shownRows(wrapper).filter((r) => r.tabIndex === 0).map((r) => textOf(r).split(' ')[0])).toEqual(['RE-1002']);
  });

  it('renders only the rows in view and reads further pages as the list scrolls', async () => {
    const many = Array.from({ length: 500 }, (_, i) => invoiceRow({ invoiceId: `lx-${i}`, invoiceNumber: `RE-${String(i).padStart(4, '0')}`, orderNumbers: [`A-${i}`] }));
    const { wrapper, fake } = await mountBook(many, 'en', { pageSize: 50 });
    expect(textOf(getByRole(wrapper, 'status'))).toBe('500 invoices');
    const rendered = shownRows(wrapper).length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(40);
    expect(fake.callsOf('queryBook').map((c) => c.offset)).toEqual([0]);

    const scroller = grid(wrapper).querySelector<HTMLElement>('.book-scroller')!;
    scroller.scrollTop = 44 * 300;
    scroller.dispatchEvent(new Event('scroll'));
    await flush();
    expect(fake.callsOf('queryBook').map((c) => c.offset)).toContain(300);
    const shown = shownRows(wrapper).map((r) => Number(r.getAttribute('aria-rowindex')) - 2);
    expect(Math.min(...shown.filter((i) => i > 0))).toBeGreaterThan(290);
    expect(shownRows(wrapper).length).toBeLessThan(40);
  });

  it('says what to do when the book is empty, and how to get rows back when the filters hide them all', async () => {
    const { wrapper } = await mountBook([]);
    expect(textOf(wrapper)).toContain('No invoices in the book yet');
    expect(textOf(wrapper)).toContain('Select orders in your TMS and choose "Create invoice"');
    expect(queryByRole(wrapper, 'grid')).toBeNull();
    wrapper.unmount();

    const { wrapper: filtered } = await mountBook();
    type(getByRole(filtered, 'searchbox', 'Invoice or order number'), 'ZZ-9');
    await flush();
    expect(textOf(filtered)).toContain('No invoice matches these filters.');
    await click(getByRole(filtered, 'button', 'Clear filters'));
    expect(numbers(filtered)).toHaveLength(3);
  });

  it('speaks German: statuses, dates and money in the user\'s language', async () => {
    const { wrapper } = await mountBook(rows, 'de');
    expect(textOf(getByRole(wrapper, 'status'))).toBe('3 Rechnungen');
    expect(textOf(rowOf(wrapper, 'RE-1002'))).toContain('12.11.2026 Kühne Logistik 1 Auftrag 2.000,00 € 2.380,00 € EUR Lexware Office XRechnung Überfällig');
    expect(textOf(getByRole(wrapper, 'region', 'Summen der angezeigten Rechnungen'))).toContain('EUR 3 4.760,00 € 3.570,00 € 2.380,00 €');
  });
});

describe('the invoice book page', () => {
  it('says clearly when the old ledger could not be moved in, and that it was kept', async () => {
    background(rows, { failed: true });
    // The exports section has tests of its own (BookExports.test.ts).
    const wrapper = mount(App, { global: { plugins: plugins('en'), stubs: { BookExports: true, PaymentCheck: true } }, attachTo: document.body });
    await flush();
    expect(getByRole(wrapper, 'heading', 'Invoice book')).toBeTruthy();
    expect(textOf(getByRole(wrapper, 'alert'))).toBe(
      'Your earlier invoices could not be moved into the invoice book (the old ledger is not a list (string)). They were kept as they were and still count as invoiced, but this list does not show them yet. Frachtbeleg tries again the next time it starts.',
    );
  });
});
