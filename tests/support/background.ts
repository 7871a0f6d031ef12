/**
 * A fake background for extension pages (popup, options): real `handle()` registrations
 * behind WXT's fake browser, so every request and answer goes through the protocol's
 * validation as it does in the browser. Each message type answers with the test's function
 * or a default; every request is recorded.
 */
import { handle, removeAllHandlers, type MessageType, type RequestOf, type ResponseOf } from '@/utils/messaging';
import { deliverMessagesFrom, extensionPage } from './messaging';
import { nordlicht, TMS_ORIGIN } from './orders';
import { jobView } from './panel';

export type BackgroundAnswer<K extends MessageType> = (data: RequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>>;
export type BackgroundAnswers = { [K in MessageType]?: BackgroundAnswer<K> };

export type ListedCustomer = ResponseOf<'listCustomers'>['customers'][number];

/** A customer as the popup lists it; linked when a contact name is given. */
export function listed(overrides: Partial<ListedCustomer> & { contact?: string } = {}): ListedCustomer {
  const { contact, ...rest } = overrides;
  return {
    origin: TMS_ORIGIN,
    customer: nordlicht,
    onActiveTab: false,
    seenAt: '2026-11-23T09:00:00.000Z',
    link: contact ? { contact: { id: `c-${contact.length}`, name: contact }, linkedAt: '2026-11-22T09:00:00.000Z' } : null,
    ...rest,
  };
}

export const recentInvoice = (overrides: Partial<ResponseOf<'getActivity'>['recent'][number]> = {}): ResponseOf<'getActivity'>['recent'][number] => ({
  provider: 'lexware',
  invoiceId: 'inv-1',
  invoiceNumber: 'RE0001',
  url: 'http://127.0.0.1:4411/permalink/invoices/view/inv-1',
  customerName: nordlicht.name,
  orderNumbers: ['A-2026-0412'],
  grossMinor: 148750,
  currency: 'EUR',
  createdAt: '2026-11-23T10:15:00.000Z',
  ...overrides,
});

const defaults: BackgroundAnswers = {
  getStatus: () => ({ locale: 'en', connection: { provider: 'lexware', configured: true } }),
  testConnection: () => ({ ok: true, companyName: 'Fuhrunternehmen Sandmann GmbH' }),
  // The options' e-invoice card reads the company data on open: Lexware reports no seller field.
  getCompanyData: () => ({ ok: true, provider: 'lexware', data: { companyName: 'Fuhrunternehmen Sandmann GmbH', seller: {}, xRechnungAvailable: true } }),
  getActivity: () => ({ jobs: [], recent: [] }),
  // Pages that open read payment status first; by default it was read a moment ago.
  pollPayments: () => ({ ok: true, polled: false, skipped: 'recent', checked: 0, changed: 0, at: '2026-11-23T09:58:00.000Z', summary: 'Payments checked at 09:58.' }),
  getBillingRun: () => ({ run: null }),
  // The options' automatic-drafts card asks on open: no site has it on.
  getAutoDrafts: () => ({ sites: [] }),
  listCustomers: () => ({ provider: 'lexware', customers: [] }),
  suggestContacts: () => ({ ok: true, suggestions: [] }),
  searchContacts: () => ({ ok: true, contacts: [] }),
  linkCustomer: () => ({ ok: true }),
  unlinkCustomer: () => ({ ok: true }),
  createContact: ({ customer }) => ({ ok: true, contact: { id: 'c-new', name: customer.name }, createdAt: '2026-11-23T10:00:00.000Z' }),
  resolveJob: ({ jobId }) => ({ ok: true, job: jobView({ id: jobId, state: 'done' }) }),
  // The popup's "Teach" section asks on open whether the tab's builder waits for a grant.
  getBuilderFrameAccess: () => ({ origin: null }),
};

export interface FakeBackground {
  calls: { type: MessageType; data: unknown }[];
  callsOf<K extends MessageType>(type: K): RequestOf<K>[];
  /** Changes how a message type answers from now on. */
  answer<K extends MessageType>(type: K, answer: BackgroundAnswer<K>): void;
}

/**
 * Starts a fake background answering messages from an extension page. Types the test sets to
 * `null` get no handler at all (the background does not answer them).
 */
export function fakeBackground(answers: { [K in MessageType]?: BackgroundAnswer<K> | null } = {}, page = 'popup.html'): FakeBackground {
  removeAllHandlers();
  deliverMessagesFrom(extensionPage(page));
  const current: Record<string, unknown> = { ...defaults, ...answers };
  const calls: FakeBackground['calls'] = [];
  const types = new Set([...Object.keys(defaults), ...Object.keys(answers)]) as Set<MessageType>;
  for (const type of types) {
    if (current[type] === null) continue;
    handle(type, async (data) => {
      calls.push({ type, data });
      return (current[type] as (d: unknown) => never)(data);
    });
  }
  return {
    calls,
    callsOf: <K extends MessageType>(type: K) => calls.filter((c) => c.type === type).map((c) => c.data as RequestOf<K>),
    answer(type, answer) {
      current[type] = answer;
    },
  };
}
