/**
 * "Invoices made elsewhere" as the user works it: choose the billing system and period, search,
 * read what was found and recorded, and confirm or skip the ambiguous matches. The fake
 * background answers through the protocol (its validation included) and records each request.
 */
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import FindExternalInvoices from './FindExternalInvoices.vue';
import { click, flush, getByLabelText, getByRole, queryAllByRole, queryByRole, textOf, type } from '@/tests/support/dom';
import { fakeBackground, type BackgroundAnswers } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import type { Locale } from '@/utils/i18n/translate';
import type { ResponseOf } from '@/utils/messaging';

enableAutoUnmount(afterEach);

const TMS = 'http://127.0.0.1:4410';
const OTHER_TMS = 'https://tms.example.com';
type Found = Extract<ResponseOf<'findExternalInvoices'>, { ok: true }>;

function found(overrides: Partial<Found> = {}): Found {
  return { ok: true, recorded: [], ambiguous: [], unmatched: 0, known: 0, truncated: false, summary: '', ...overrides };
}

const recorded = [
  { invoiceKey: 'lexware|x1', invoiceNumber: 'RE-2001', orderNumbers: ['A-0001'] },
  { invoiceKey: 'lexware|x2', invoiceNumber: 'RE-2002', orderNumbers: ['A-0002', 'A-0003'] },
];

const twoSites: Found['ambiguous'][number] = {
  invoiceKey: 'lexware|x9',
  invoiceNumber: 'RE-2009',
  customerName: 'Spedition Müller GmbH',
  grossMinor: 119_000,
  currency: 'EUR',
  candidates: [
    { origin: TMS, orderId: 'o-4711', orderNumber: '4711' },
    { origin: OTHER_TMS, orderId: 'z-4711', orderNumber: '4711' },
  ],
  reasons: ['number-on-several-sites'],
};

const twice: Found['ambiguous'][number] = {
  invoiceKey: 'lexware|x10',
  invoiceNumber: 'RE-2010',
  customerName: 'Kühne Logistik',
  grossMinor: 50_000,
  currency: 'EUR',
  candidates: [
    { origin: TMS, orderId: 'o-5', orderNumber: 'A-0005' },
    { origin: TMS, orderId: 'o-6', orderNumber: 'A-0006', invoicedBy: 'lexware|lx-1' },
  ],
  reasons: ['order-on-several-invoices', 'already-invoiced'],
};

beforeEach(() => {
  // Only the clock: the fake background's answers still arrive through real timers.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(2026, 11, 5, 10, 0));
});
afterEach(() => {
  vi.useRealTimers();
});

async function mountFind(answers: BackgroundAnswers, locale: Locale = 'en', props: Record<string, unknown> = {}) {
  const background = fakeBackground(answers, 'book.html');
  const wrapper = mount(FindExternalInvoices, { props, global: { plugins: plugins(locale) }, attachTo: document.body });
  await flush();
  return { wrapper, background };
}

describe('Find invoices made in the billing system', () => {
  it('searches the chosen system for the last three months and says what was found and recorded', async () => {
    const { wrapper, background } = await mountFind({ findExternalInvoices: () => found({ recorded, unmatched: 2, known: 1 }) });
    expect(getByRole(wrapper, 'region', 'Invoices made elsewhere')).toBeTruthy();
    expect(getByLabelText(wrapper, 'From').value).toBe('2026-09-05');
    expect(getByLabelText(wrapper, 'To').value).toBe('2026-12-05');
    expect((getByRole(wrapper, 'radio', 'Lexware Office') as HTMLInputElement).checked).toBe(true);
    expect(getByRole(wrapper, 'button', 'Find invoices made in Lexware Office')).toBeTruthy();

    await click(getByRole(wrapper, 'radio', 'sevdesk'));
    type(getByLabelText(wrapper, 'From'), '2026-11-01');
    await flush();
    await click(getByRole(wrapper, 'button', 'Find invoices made in sevdesk'));
    await flush();

    expect(background.callsOf('findExternalInvoices')).toEqual([{ provider: 'sevdesk', from: '2026-11-01', to: '2026-12-05', orders: [] }]);
    const heading = getByRole(wrapper, 'heading', /^5 invoices found in sevdesk for /);
    expect(textOf(heading)).toMatch(/11.*2026 – .*12.*2026\.$/);
    expect(document.activeElement).toBe(heading);
    const text = textOf(wrapper);
    expect(text).toContain('2 matched to their orders and recorded as “created in the billing system”.');
    expect(text).toContain('1 was in the invoice book already.');
    expect(text).toContain('2 name no order number Frachtbeleg knows and were left out.');
    expect(text).not.toContain('cut short');
    expect(queryByRole(wrapper, 'list', 'Matches to confirm')).toBeNull();
  });

  it('says when the search was cut short', async () => {
    const { wrapper } = await mountFind({ findExternalInvoices: () => found({ recorded: recorded.slice(0, 1), truncated: true }) });
    await click(getByRole(wrapper, 'button', 'Find invoices made in Lexware Office'));
    await flush();
    expect(textOf(wrapper)).toContain(
      'The search was cut short: Lexware Office has more invoices in this period than one search reads. Search a shorter period to find the rest.',
    );
  });

  it('asks for a period that ends after it starts, and sends nothing', async () => {
    const { wrapper, background } = await mountFind({});
    type(getByLabelText(wrapper, 'From'), '2026-12-10');
    await click(getByRole(wrapper, 'button', 'Find invoices made in Lexware Office'));
    expect(textOf(getByRole(wrapper, 'alert'))).toBe('The period ends before it starts.');
    expect(background.callsOf('findExternalInvoices')).toEqual([]);
  });

  it('matches against the orders a page passes in', async () => {
    const orders = [{ origin: TMS, orderId: 'o-7', orderNumber: 'A-0007' }];
    const { wrapper, background } = await mountFind({ findExternalInvoices: () => found() }, 'en', { orders });
    await click(getByRole(wrapper, 'button', 'Find invoices made in Lexware Office'));
    await flush();
    expect(background.callsOf('findExternalInvoices')).toEqual([{ provider: 'lexware', from: '2026-09-05', to: '2026-12-05', orders }]);
    expect(textOf(getByRole(wrapper, 'heading', /found/))).toMatch(/^0 invoices found in Lexware Office for /);
  });

  it('preselects the connected billing system', async () => {
    const { wrapper } = await mountFind({ getStatus: () => ({ locale: 'en', connection: { provider: 'sevdesk', configured: true } }) });
    expect((getByRole(wrapper, 'radio', 'sevdesk') as HTMLInputElement).checked).toBe(true);
    expect(getByRole(wrapper, 'button', 'Find invoices made in sevdesk')).toBeTruthy();
  });
});

describe('Ambiguous matches', () => {
  async function searched(answers: BackgroundAnswers = {}, locale: Locale = 'en') {
    const mounted = await mountFind({ findExternalInvoices: () => found({ recorded, ambiguous: [twoSites, twice] }), ...answers }, locale);
    await click(getByRole(mounted.wrapper, 'button', locale === 'de' ? 'In Lexware Office erstellte Rechnungen finden' : 'Find invoices made in Lexware Office'));
    await flush();
    return mounted;
  }

  it('lists each with its reason and orders; Confirm sends exactly the ticked orders', async () => {
    const { wrapper, background } = await searched({ confirmExternalMatch: ({ invoiceKey }) => ({ ok: true, invoiceKey, orderNumbers: ['A-0006'] }) });
    expect(textOf(wrapper)).toContain('2 matches wait for you to confirm.');
    const list = getByRole(wrapper, 'list', 'Matches to confirm');
    const items = queryAllByRole(list, 'listitem');
    expect(items.map((i) => textOf(getByRole(i, 'heading')))).toEqual(['Invoice RE-2009 · Spedition Müller GmbH · €1,190.00', 'Invoice RE-2010 · Kühne Logistik · €500.00']);
    expect(textOf(items[0]!)).toContain('Why it needs you: the order number is on more than one TMS site.');
    expect(textOf(items[1]!)).toContain('Why it needs you: another invoice names the same order; the order is already on an invoice.');
    const orders = getByRole(items[1]!, 'group', 'Orders for invoice RE-2010');
    expect(queryAllByRole(orders, 'checkbox').map((c) => [textOf(c.closest('label')!), (c as HTMLInputElement).checked])).toEqual([
      ['A-0005', false],
      ['A-0006 (already on an invoice)', false],
    ]);
    expect(queryAllByRole(getByRole(items[0]!, 'group'), 'checkbox').map((c) => textOf(c.closest('label')!))).toEqual(['4711 on 127.0.0.1:4410', '4711 on tms.example.com']);

    // Nothing ticked: nothing is sent, the user is told what to do.
    await click(getByRole(items[1]!, 'button', 'Confirm invoice RE-2010'));
    expect(textOf(getByRole(items[1]!, 'alert'))).toBe('Tick the orders this invoice is for.');
    expect(background.callsOf('confirmExternalMatch')).toEqual([]);

    await click(getByRole(orders, 'checkbox', 'A-0006 (already on an invoice)'));
    await click(getByRole(items[1]!, 'button', 'Confirm invoice RE-2010'));
    await flush();

    expect(background.callsOf('confirmExternalMatch')).toEqual([{ invoiceKey: 'lexware|x10', orders: [{ origin: TMS, orderId: 'o-6' }] }]);
    expect(queryAllByRole(getByRole(wrapper, 'list', 'Matches to confirm'), 'listitem').map((i) => textOf(getByRole(i, 'heading')))).toEqual([
      'Invoice RE-2009 · Spedition Müller GmbH · €1,190.00',
    ]);
    expect(textOf(getByRole(wrapper, 'status'))).toBe('Invoice RE-2010 recorded as created in the billing system, for A-0006.');
    // The keyboard user goes on with the match that is left.
    expect(document.activeElement).toBe(getByRole(wrapper, 'checkbox', '4711 on 127.0.0.1:4410'));
  });

  it('Skip records nothing and takes the match off the list', async () => {
    const { wrapper, background } = await searched();
    await click(getByRole(wrapper, 'button', 'Skip invoice RE-2009'));
    await click(getByRole(wrapper, 'button', 'Skip invoice RE-2010'));

    expect(background.callsOf('confirmExternalMatch')).toEqual([]);
    expect(queryByRole(wrapper, 'list', 'Matches to confirm')).toBeNull();
    expect(textOf(getByRole(wrapper, 'status'))).toBe(
      'Invoice RE-2010 skipped: nothing was recorded. It is offered again at the next search. Every match has been confirmed or skipped.',
    );
    expect(document.activeElement).toBe(getByRole(wrapper, 'heading', /^4 invoices found/));
  });

  it('shows a refusal in German, and the match stays to be chosen again', async () => {
    const { wrapper, background } = await searched(
      { confirmExternalMatch: () => ({ ok: false, error: { code: 'one-site-only', message: 'one site only' } }) },
      'de',
    );
    const item = queryAllByRole(getByRole(wrapper, 'list', 'Zu bestätigende Zuordnungen'), 'listitem')[0]!;
    expect(textOf(item)).toContain('Warum Sie gefragt werden: die Auftragsnummer gibt es auf mehr als einer TMS-Seite.');
    for (const box of queryAllByRole(item, 'checkbox')) await click(box);
    await click(getByRole(item, 'button', 'Rechnung RE-2009 bestätigen'));
    await flush();

    expect(background.callsOf('confirmExternalMatch')).toEqual([{ invoiceKey: 'lexware|x9', orders: [{ origin: TMS, orderId: 'o-4711' }, { origin: OTHER_TMS, orderId: 'z-4711' }] }]);
    expect(textOf(getByRole(item, 'alert'))).toBe('Eine Rechnung gehört zu Aufträgen einer TMS-Seite: Wählen Sie Aufträge einer Seite.');
    expect(getByRole(wrapper, 'button', 'Rechnung RE-2009 überspringen')).toBeTruthy();
  });

  it('shows the billing system’s refusal of the search in the user’s words', async () => {
    const message = 'Lexware Office hat den API-Schlüssel abgelehnt. Prüfen Sie den Schlüssel in den Einstellungen.';
    const { wrapper } = await mountFind({ findExternalInvoices: () => ({ ok: false, error: { code: 'auth', message } }) }, 'de');
    await click(getByRole(wrapper, 'button', 'In Lexware Office erstellte Rechnungen finden'));
    await flush();
    expect(textOf(getByRole(wrapper, 'alert'))).toBe(message);
    expect(queryByRole(wrapper, 'heading', /gefunden/)).toBeNull();
  });
});
