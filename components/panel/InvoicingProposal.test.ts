/**
 * "Proposed for invoicing" on a TMS list page as the user meets it: how many delivered,
 * not yet invoiced orders a period holds, across the TMS's pages where the adapter can ask
 * the TMS's API (else only the rows on screen, and it says so), and "Select them".
 */
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import InvoicingProposal from './InvoicingProposal.vue';
import { externalInvoiceCheck, proposalFinder } from '@/composables/invoicing-proposal';
import { click, flush, getByLabelText, getByRole, textOf, queryByRole } from '@/tests/support/dom';
import { fakeAdapter, fakeSend, invoicingContext, plugins } from '@/tests/support/panel';
import { TMS_ORIGIN } from '@/tests/support/orders';
import { DeliveredListError, type DateRange, type DeliveredCandidate, type PeriodKind } from '@/utils/tms/proposal';
import type { TmsPageAdapter } from '@/utils/tms/adapter';
import type { Locale } from '@/utils/i18n/translate';
import { demoTmsAdapter } from '@/utils/tms/demo/page-adapter';
import { fixtureDocument } from '@/utils/tms/demo/fixtures/fixtures';

enableAutoUnmount(afterEach);

const candidate = (id: string, deliveredOn: string, status = 'delivered'): DeliveredCandidate => ({
  summary: { id, number: `A-${id}`, customerName: 'Alpha Logistik GmbH', price: { minor: 100000, currency: 'EUR' }, status },
  deliveredOn,
  invoicedInTms: false,
});

/** 37 open November orders (of them 2 shown on this page), one invoiced, one cancelled, one being invoiced, two in December. */
const tmsList = [
  ...Array.from({ length: 37 }, (_, i) => candidate(`nov-${i}`, `2026-11-${String((i % 28) + 1).padStart(2, '0')}`)),
  candidate('invoiced', '2026-11-12'),
  candidate('cancelled', '2026-11-12', 'cancelled'),
  candidate('busy', '2026-11-12'),
  candidate('dec-1', '2026-12-01'),
  candidate('dec-2', '2026-12-03'),
];

type Answers = Parameters<typeof fakeSend>[0];
async function show(options: { adapter?: TmsPageAdapter; doc?: Document; locale?: Locale; folded?: boolean; answers?: Answers; invoiced?: Set<string>; period?: { kind: PeriodKind; custom: DateRange } } = {}) {
  const adapter = options.adapter ?? { ...fakeAdapter([]), listDelivered: vi.fn(async () => tmsList) };
  const invoiced = options.invoiced ?? new Set(['invoiced']);
  const fake = fakeSend({
    getInvoicingContext: ({ orderIds }) => invoicingContext({ invoicedOrderIds: orderIds.filter((id) => invoiced.has(id)), inProgressOrderIds: orderIds.filter((id) => id === 'busy') }),
    ...options.answers,
  });
  const find = proposalFinder({ adapter, doc: options.doc ?? document, fetch: vi.fn<typeof fetch>(), send: fake.send, origin: TMS_ORIGIN });
  const openBook = vi.fn();
  const external = { check: externalInvoiceCheck({ send: fake.send, origin: TMS_ORIGIN }), openBook };
  const wrapper = mount(InvoicingProposal, { props: { find, today: '2026-12-05', startOpen: !options.folded, external, ...(options.period ? { period: options.period } : {}) }, global: { plugins: plugins(options.locale ?? 'en') }, attachTo: document.body });
  await flush();
  return { wrapper, fake, openBook, region: getByRole(wrapper.element.parentElement!, 'region', options.locale === 'de' ? 'Zur Abrechnung vorgeschlagen' : 'Proposed for invoicing') };
}

describe('Proposed for invoicing', () => {
  it('starts folded into a button that says the count, opens on click and folds again', async () => {
    const { wrapper } = await show({ folded: true });
    const pill = getByRole(wrapper.element.parentElement!, 'button', '37 delivered orders from November to invoice');
    expect(pill.getAttribute('aria-expanded')).toBe('false');
    expect(queryByRole(wrapper.element.parentElement!, 'button', 'Select them')).toBeNull();
    await click(pill);
    const minimize = getByRole(wrapper.element.parentElement!, 'button', 'Minimize');
    expect(minimize.getAttribute('aria-expanded')).toBe('true');
    expect(getByRole(wrapper.element.parentElement!, 'button', 'Select them')).toBeTruthy();
    await click(minimize);
    expect(queryByRole(wrapper.element.parentElement!, 'button', 'Select them')).toBeNull();
  });

  it('counts last month’s delivered orders across all pages, leaving out invoiced, cancelled and in-progress ones, and selects them', async () => {
    const { wrapper, region, fake } = await show();
    expect(textOf(region)).toContain('37 delivered orders from November not invoiced yet');
    expect(textOf(region)).toContain('Counted across all pages of the TMS.');
    // The background is asked which of them it invoiced, through the preview's own message.
    expect(fake.callsOf('getInvoicingContext')[0]?.orderIds).toContain('invoiced');
    expect(fake.callsOf('getInvoicingContext')[0]?.orderIds).not.toContain('cancelled');

    await click(getByRole(region, 'button', 'Select them'));
    const selected = wrapper.emitted('select')?.[0]?.[0] as { id: string }[];
    expect(selected).toHaveLength(37);
    expect(selected.map((o) => o.id)).not.toContain('invoiced');
  });

  it('counts another period when the user chooses it', async () => {
    const { region } = await show();
    const period = getByLabelText<HTMLSelectElement>(region, 'Period');
    period.value = 'this-month';
    period.dispatchEvent(new Event('change'));
    await flush();
    expect(textOf(region)).toContain('2 delivered orders from December not invoiced yet');

    period.value = 'custom';
    period.dispatchEvent(new Event('change'));
    await flush();
    const from = getByLabelText(region, 'From');
    from.value = '01/11/2026';
    from.dispatchEvent(new Event('input'));
    const to = getByLabelText(region, 'To');
    to.value = '01/12/2026';
    to.dispatchEvent(new Event('input'));
    await flush();
    expect(textOf(region)).toContain('38 delivered orders from 01/11/2026 to 01/12/2026 not invoiced yet');
  });

  it('counts all periods on request, and "Select them" names the period with the orders (chosen by keyboard)', async () => {
    const { wrapper, region } = await show();
    const period = getByLabelText<HTMLSelectElement>(region, 'Period');
    period.focus();
    expect(document.activeElement).toBe(period);
    period.value = 'all';
    period.dispatchEvent(new Event('change'));
    await flush();
    expect(textOf(region)).toContain('39 delivered orders from all periods not invoiced yet');
    expect(wrapper.emitted('period')?.at(-1)?.[0]).toMatchObject({ kind: 'all' });

    await click(getByRole(region, 'button', 'Select them'));
    const [orders, chosen] = wrapper.emitted('select')![0]! as [{ id: string }[], unknown];
    expect(orders).toHaveLength(39);
    expect(chosen).toEqual({ kind: 'all', range: { from: '2000-01-01', to: '2026-12-05' }, label: 'all periods' });
  });

  it('shows the period chosen before again (shown anew after a preview or a run), in German', async () => {
    const { wrapper, region } = await show({ locale: 'de', period: { kind: 'this-month', custom: { from: '2026-12-01', to: '2026-12-31' } } });
    expect(getByLabelText<HTMLSelectElement>(region, 'Zeitraum').value).toBe('this-month');
    expect(textOf(region)).toContain('2 gelieferte Aufträge aus Dezember noch nicht abgerechnet');
    await click(getByRole(region, 'button', 'Diese auswählen'));
    expect(wrapper.emitted('select')![0]![1]).toEqual({ kind: 'this-month', range: { from: '2026-12-01', to: '2026-12-31' }, label: 'Dezember' });
  });

  it('without the TMS’s API, counts the delivered orders loaded on the page and says that it counts only those (German)', async () => {
    const onScreen = { ...demoTmsAdapter, listDelivered: undefined };
    const { region } = await show({ adapter: onScreen, doc: fixtureDocument('list.html'), locale: 'de' });
    expect(textOf(region)).toContain('3 gelieferte Aufträge aus November noch nicht abgerechnet');
    expect(textOf(region)).toContain('Zählt nur die auf dieser Seite geladenen Aufträge.');
  });

  it('says why it could not count, and counts again on request', async () => {
    const listDelivered = vi.fn<NonNullable<TmsPageAdapter['listDelivered']>>(async () => Promise.reject(new DeliveredListError('session-expired')));
    const { region } = await show({ adapter: { ...fakeAdapter([]), listDelivered } });
    expect(textOf(region)).toContain('The TMS’s order list could not be read: your TMS session has expired, sign in again');
    expect((getByRole(region, 'button', 'Select them') as HTMLButtonElement).disabled).toBe(true);
    listDelivered.mockResolvedValueOnce([candidate('late', '2026-11-30')]);
    await click(getByRole(region, 'button', 'Count again'));
    await flush();
    expect(textOf(region)).toContain('1 delivered order from November not invoiced yet');
  });
  it('looks for the proposed orders in Lexware Office: clear matches drop out of the count, unclear ones wait in the invoice book', async () => {
    const invoiced = new Set(['invoiced']);
    const { region, fake, openBook } = await show({
      invoiced,
      answers: {
        findExternalInvoices: ({ orders }) => {
          // Lexware Office has invoices for two of the proposed orders, and one that names an order unclearly.
          for (const o of orders.filter((x) => x.orderId === 'nov-0' || x.orderId === 'nov-1')) invoiced.add(o.orderId);
          return { ok: true, recorded: [{ invoiceKey: 'lexware|x1', invoiceNumber: 'RE-9', orderNumbers: ['A-nov-0', 'A-nov-1'] }], ambiguous: [{ invoiceKey: 'lexware|x2', invoiceNumber: 'RE-10', customerName: 'Alpha Logistik GmbH', grossMinor: 119000, currency: 'EUR', candidates: [], reasons: ['order-on-several-invoices'] }], unmatched: 3, known: 0, truncated: false, summary: '1 recorded as made in Lexware Office, 1 to confirm, 3 without a known order.' };
        },
      },
    });
    expect(textOf(region)).toContain('Some of them may have been invoiced in Lexware Office directly.');
    await click(getByRole(region, 'button', 'Look for them in Lexware Office'));
    await flush();

    // The background got the proposed orders of this site, from the period's start to today.
    const [asked] = fake.callsOf('findExternalInvoices');
    expect(asked).toMatchObject({ provider: 'lexware', from: '2026-11-01', to: '2026-12-05' });
    expect(asked?.orders).toHaveLength(37);
    expect(asked?.orders[0]).toEqual({ origin: TMS_ORIGIN, orderId: 'nov-0', orderNumber: 'A-nov-0' });

    expect(textOf(region)).toContain('1 recorded as made in Lexware Office, 1 to confirm, 3 without a known order.');
    expect(textOf(region)).toContain('35 delivered orders from November not invoiced yet');
    expect(textOf(region)).toContain('1 invoice names these orders unclearly: confirm it in the invoice book.');
    await click(getByRole(region, 'button', 'Open the invoice book'));
    expect(openBook).toHaveBeenCalledOnce();
  });

  it('a search the billing system refuses is said in words, and nothing changes (German)', async () => {
    const { region } = await show({
      locale: 'de',
      answers: { findExternalInvoices: () => ({ ok: false, error: { code: 'auth', message: 'Lexware Office hat den API-Schlüssel abgelehnt.' } }) },
    });
    await click(getByRole(region, 'button', 'In Lexware Office nach ihnen suchen'));
    await flush();
    expect(textOf(region)).toContain('Die Suche war nicht möglich: Lexware Office hat den API-Schlüssel abgelehnt.');
    expect(textOf(region)).toContain('37 gelieferte Aufträge aus November noch nicht abgerechnet');
  });

  it('offers no search while no billing system is connected', async () => {
    const { region } = await show({ answers: { getInvoicingContext: () => invoicingContext({ connection: { provider: 'sevdesk', configured: false } }) } });
    expect(textOf(region)).toContain('delivered orders from November not invoiced yet');
    expect(queryByRole(region, 'button', 'Look for them in sevdesk')).toBeNull();
  });
});
