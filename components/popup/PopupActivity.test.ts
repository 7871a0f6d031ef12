import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import PopupActivity from './PopupActivity.vue';
import { click, flush, getByRole, queryAllByRole, queryByRole, textOf } from '@/tests/support/dom';
import { fakeBackground, recentInvoice, type BackgroundAnswers } from '@/tests/support/background';
import { jobView, plugins } from '@/tests/support/panel';
import type { Locale } from '@/utils/i18n/translate';
import type { ResponseOf } from '@/utils/messaging';

enableAutoUnmount(afterEach);

type Activity = ResponseOf<'getActivity'>;

async function mountActivity(activity: Activity | (() => Activity), options: { answers?: BackgroundAnswers; locale?: Locale; refreshMs?: { active: number; idle: number } } = {}) {
  const background = fakeBackground({ getActivity: typeof activity === 'function' ? activity : () => activity, ...options.answers });
  const wrapper = mount(PopupActivity, {
    props: { refreshMs: options.refreshMs ?? { active: 60_000, idle: 60_000 } },
    global: { plugins: plugins(options.locale ?? 'en') },
    attachTo: document.body,
  });
  await flush();
  return { wrapper, background };
}

const items = (region: HTMLElement) => queryAllByRole(region, 'listitem').filter((li) => li.parentElement?.closest('li') === null).map((li) => textOf(li));

const writeBack = (states: ('pending' | 'done' | 'failed')[]) =>
  states.map((state, i) => ({ orderId: `o-${i}`, orderNumber: `A-2026-04${10 + i}`, state, attempts: state === 'pending' ? 0 : 1 }));

describe('PopupActivity: in progress', () => {
  it('shows each job with its customer, orders, amount and its state in words', async () => {
    const { wrapper } = await mountActivity({
      jobs: [
        jobView({ id: 'j-1', state: 'creating', orderNumbers: ['A-2026-0412'], grossMinor: 148750 }),
        jobView({ id: 'j-2', state: 'invoice-created', orderNumbers: ['A-2026-0410', 'A-2026-0411', 'A-2026-0412'], writeBack: writeBack(['done', 'done', 'pending']) }),
        jobView({ id: 'j-3', state: 'planned', customerName: 'Bayern Logistik AG', orderNumbers: ['B-1'] }),
      ],
      recent: [],
    });
    const region = getByRole(wrapper, 'region', 'In progress');
    expect(items(region)).toEqual([
      'Spedition Nordlicht GmbH €1,487.50 A-2026-0412 Creating the invoice…',
      'Spedition Nordlicht GmbH A-2026-0410, A-2026-0411 +1 Recording on orders 2/3',
      'Bayern Logistik AG B-1 Waiting to start…',
    ]);
    const bars = [...region.querySelectorAll<HTMLElement>('.popup-progress span')].map((bar) => bar.style.width);
    expect(bars).toEqual(['35%', '87%', '5%']);
  });

  it('says when recording on an order is being retried, and why', async () => {
    const pending = { orderId: 'o-2', orderNumber: 'A-2026-0420', state: 'pending' as const, attempts: 2, error: { reason: 'session-expired' } };
    const { wrapper } = await mountActivity({ jobs: [jobView({ state: 'invoice-created', writeBack: [pending] })], recent: [] });
    expect(textOf(getByRole(wrapper, 'region', 'In progress'))).toContain('Recording on orders 0/1, retrying: TMS session expired: sign in to the TMS again');
  });

  it('says a job needs a decision and lets the user pick among the candidates', async () => {
    const candidates = [
      { id: 'inv-a', number: 'RE0007', url: 'http://127.0.0.1:4411/permalink/invoices/view/inv-a', status: 'draft' as const },
      { id: 'inv-b', number: null, url: 'http://127.0.0.1:4411/permalink/invoices/view/inv-b', status: 'draft' as const },
    ];
    const { wrapper, background } = await mountActivity({ jobs: [jobView({ id: 'j-9', state: 'needs-attention', candidates })], recent: [] });
    const region = getByRole(wrapper, 'region', 'In progress');
    expect(textOf(region)).toContain('Needs your decision');
    expect(textOf(region)).toContain('Lexware Office has several invoices that could be this one. Which one is it?');
    expect(getByRole(region, 'link', 'RE0007').getAttribute('href')).toBe(candidates[0]!.url);

    await click(getByRole(region, 'button', 'This is the one: inv-b'));
    expect(background.callsOf('resolveJob')).toEqual([{ jobId: 'j-9', action: { kind: 'use-invoice', invoiceId: 'inv-b' } }]);
  });

  it('offers to create an uncertain invoice again, or to check it oneself', async () => {
    const { wrapper, background } = await mountActivity({ jobs: [jobView({ id: 'j-4', state: 'needs-attention' })], recent: [] });
    await click(getByRole(wrapper, 'button', 'Create it again'));
    await click(getByRole(wrapper, 'button', 'I will check myself'));
    expect(background.callsOf('resolveJob').map((r) => r.action.kind)).toEqual(['send-again', 'dismiss']);
  });

  it('offers to retry recording an invoice on the orders where that failed', async () => {
    const invoice = { id: 'inv-1', number: null, url: 'http://127.0.0.1:4411/permalink/invoices/edit/inv-1', status: 'draft' as const };
    const failed = { orderId: 'o-1', orderNumber: 'A-2026-0412', state: 'failed' as const, attempts: 1, error: { reason: 'not-found' } };
    const { wrapper, background } = await mountActivity({ jobs: [jobView({ id: 'j-5', state: 'needs-attention', invoice, writeBack: [failed] })], recent: [] });
    expect(textOf(wrapper.element.parentElement!)).toContain('Not recorded on order A-2026-0412: order not found in the TMS');
    await click(getByRole(wrapper, 'button', 'Retry now'));
    expect(background.callsOf('resolveJob')).toEqual([{ jobId: 'j-5', action: { kind: 'retry-write-back' } }]);
  });

  it('puts a refused decision into words', async () => {
    const { wrapper } = await mountActivity(
      { jobs: [jobView({ id: 'j-4', state: 'needs-attention' })], recent: [] },
      { answers: { resolveJob: () => ({ ok: false, error: { code: 'network', message: 'offline' } }) } },
    );
    await click(getByRole(wrapper, 'button', 'Create it again'));
    expect(getByRole(wrapper, 'alert').textContent).toBe('No connection to Lexware Office. Check your internet connection.');
  });

  it('follows a job while the popup is open', async () => {
    let state: 'creating' | 'done' = 'creating';
    const { wrapper } = await mountActivity(
      () => (state === 'creating' ? { jobs: [jobView({ state: 'creating' })], recent: [] } : { jobs: [], recent: [recentInvoice()] }),
      { refreshMs: { active: 5, idle: 60_000 } },
    );
    expect(textOf(getByRole(wrapper, 'region', 'In progress'))).toContain('Creating the invoice…');
    state = 'done';
    await new Promise((resolve) => setTimeout(resolve, 30));
    await flush();
    expect(queryByRole(wrapper, 'region', 'In progress')).toBeNull();
    expect(textOf(getByRole(wrapper, 'region', 'Last invoices'))).toContain('RE0001');
  });

  it('shows no "In progress" section when nothing runs', async () => {
    const { wrapper } = await mountActivity({ jobs: [], recent: [] });
    expect(queryByRole(wrapper, 'region', 'In progress')).toBeNull();
  });
});

describe('PopupActivity: last invoices', () => {
  it('lists each with number or "Draft", customer, amount, date, orders and its link', async () => {
    const { wrapper } = await mountActivity({
      jobs: [],
      recent: [
        recentInvoice(),
        recentInvoice({
          provider: 'sevdesk',
          invoiceId: '98100001',
          invoiceNumber: null,
          url: 'http://127.0.0.1:4412/fi/detail/type/RE/id/98100001',
          customerName: 'Alpentrans AG',
          orderNumbers: ['A-1', 'A-2', 'A-3', 'A-4'],
          grossMinor: 98050,
          currency: 'CHF',
          createdAt: '2026-11-20T08:00:00.000Z',
        }),
      ],
    });
    const region = getByRole(wrapper, 'region', 'Last invoices');
    expect(items(region)).toEqual([
      'RE0001 Spedition Nordlicht GmbH €1,487.50 23 Nov 2026 A-2026-0412 Open in Lexware Office',
      'Draft Alpentrans AG CHF 980.50 20 Nov 2026 A-1, A-2 +2 Open in sevdesk',
    ]);
    const link = getByRole(region, 'link', 'Open in sevdesk: Draft, Alpentrans AG');
    expect(link.getAttribute('href')).toBe('http://127.0.0.1:4412/fi/detail/type/RE/id/98100001');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    getByRole(region, 'link', 'Open in Lexware Office: RE0001, Spedition Nordlicht GmbH');
  });

  it('says how invoices come about when there are none yet', async () => {
    const { wrapper } = await mountActivity({ jobs: [], recent: [] });
    expect(textOf(getByRole(wrapper, 'region', 'Last invoices'))).toBe('Last invoices No invoices yet. Select orders in your TMS and choose "Create invoice".');
  });

  it('speaks German', async () => {
    const { wrapper } = await mountActivity({ jobs: [jobView({ state: 'creating' })], recent: [recentInvoice({ invoiceNumber: null })] }, { locale: 'de' });
    expect(textOf(getByRole(wrapper, 'region', 'In Arbeit'))).toContain('Rechnung wird angelegt…');
    expect(items(getByRole(wrapper, 'region', 'Letzte Rechnungen'))).toEqual(['Entwurf Spedition Nordlicht GmbH 1.487,50 € 23.11.2026 A-2026-0412 In Lexware Office öffnen']);
  });

  it('says so when the extension does not answer', async () => {
    const { wrapper } = await mountActivity({ jobs: [], recent: [] }, { answers: { getActivity: null as never } });
    expect(getByRole(wrapper, 'alert').textContent).toBe('The extension did not answer. Reload the page and try again.');
  });
});
