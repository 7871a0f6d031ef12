/**
 * "Proposed for invoicing" on a TMS list page as the user meets it: how many delivered,
 * not yet invoiced orders a period holds, across the TMS's pages where the adapter can ask
 * the TMS's API (else only the rows on screen, and it says so), and "Select them".
 */
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import InvoicingProposal from './InvoicingProposal.vue';
import { proposalFinder } from '@/composables/invoicing-proposal';
import { click, flush, getByLabelText, getByRole, textOf, queryByRole } from '@/tests/support/dom';
import { fakeAdapter, fakeSend, invoicingContext, plugins } from '@/tests/support/panel';
import { TMS_ORIGIN } from '@/tests/support/orders';
import { DeliveredListError, type DeliveredCandidate } from '@/utils/tms/proposal';
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

async function show(options: { adapter?: TmsPageAdapter; doc?: Document; locale?: Locale; folded?: boolean } = {}) {
  const adapter = options.adapter ?? { ...fakeAdapter([]), listDelivered: vi.fn(async () => tmsList) };
  const fake = fakeSend({ getInvoicingContext: ({ orderIds }) => invoicingContext({ invoicedOrderIds: orderIds.filter((id) => id === 'invoiced'), inProgressOrderIds: orderIds.filter((id) => id === 'busy') }) });
  const find = proposalFinder({ adapter, doc: options.doc ?? document, fetch: vi.fn<typeof fetch>(), send: fake.send, origin: TMS_ORIGIN });
  const wrapper = mount(InvoicingProposal, { props: { find, today: '2026-12-05', startOpen: !options.folded }, global: { plugins: plugins(options.locale ?? 'en') }, attachTo: document.body });
  await flush();
  return { wrapper, fake, region: getByRole(wrapper.element.parentElement!, 'region', options.locale === 'de' ? 'Zur Abrechnung vorgeschlagen' : 'Proposed for invoicing') };
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
});
