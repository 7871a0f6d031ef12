/**
 * A fake environment for the invoice panel store: a TMS adapter that returns canned reads,
 * and a `send` that answers like the background (schema-valid answers, validated requests).
 */
import * as v from 'valibot';
import { vi } from 'vitest';
import { createPinia } from 'pinia';
import type { Plugin } from 'vue';
import { createI18n } from '@/composables/i18n';
import type { PanelEnvironment, PanelRequest } from '@/composables/invoice-panel';
import type { Order } from '@/utils/domain/order';
import type { Locale } from '@/utils/i18n/translate';
import type { JobView } from '@/utils/jobs/job';
import { protocol, type RequestOf, type ResponseOf } from '@/utils/messaging';
import type { OrderReadResult, TmsPageAdapter } from '@/utils/tms/adapter';
import { defaultInvoiceSettings, nordlicht, TMS_ORIGIN } from './orders';

/** The plugins every mounted component needs: the UI language and a store (Pinia, or the panel's). */
export function plugins(locale: Locale = 'en', store: Plugin = createPinia()) {
  return [createI18n(locale), store];
}

export type PanelMessage = Parameters<PanelRequest>[0];
export type Answer<K extends PanelMessage> = (data: RequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>>;
export type Answers = { [K in PanelMessage]?: Answer<K> };

export function invoicingContext(overrides: Partial<ResponseOf<'getInvoicingContext'>> = {}): ResponseOf<'getInvoicingContext'> {
  return {
    locale: 'en',
    connection: { provider: 'lexware', configured: true },
    settings: { ...defaultInvoiceSettings, extraFields: [...defaultInvoiceSettings.extraFields], templates: { ...defaultInvoiceSettings.templates } },
    links: {},
    taxCases: {},
    texts: {},
    invoicedOrderIds: [],
    inProgressOrderIds: [],
    today: '2026-11-23',
    ...overrides,
  };
}

/** The context for a customer already linked to a billing contact. */
export const linkedContext = (contact = { id: 'c-nordlicht', name: nordlicht.name }) => invoicingContext({ links: { [nordlicht.id]: { contact } } });

export function createdInvoice(overrides: Partial<NonNullable<JobView['invoice']>> = {}): NonNullable<JobView['invoice']> {
  return { id: 'inv-1', number: 'RE-1001', url: 'https://app.lexware.de/permalink/invoices/view/inv-1', status: 'draft', ...overrides };
}

export function jobView(overrides: Partial<JobView> = {}): JobView {
  return {
    id: 'job-1',
    state: 'planned',
    provider: 'lexware',
    customerName: nordlicht.name,
    orderNumbers: ['A-2026-0001'],
    currency: 'EUR',
    writeBack: [],
    updatedAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}

const defaults: Answers = {
  getInvoicingContext: () => invoicingContext(),
  searchContacts: () => ({ ok: true, contacts: [] }),
  suggestContacts: () => ({ ok: true, suggestions: [] }),
  linkCustomer: () => ({ ok: true }),
  setTaxCase: () => ({ ok: true }),
  createContact: ({ customer }) => ({ ok: true, contact: { id: 'c-new', name: customer.name }, createdAt: '2026-11-23T10:00:00.000Z' }),
  createInvoice: ({ draft }) => ({
    ok: true,
    reused: false,
    job: jobView({ customerName: draft.customer.name, orderNumbers: draft.positions.map((p) => p.orderNumber), currency: draft.currency }),
  }),
  getJob: () => ({ job: null }),
  resolveJob: ({ jobId }) => ({ ok: true, job: jobView({ id: jobId }) }),
  setBillingMode: () => ({ ok: true }),
};

export interface FakeSend {
  send: PanelRequest;
  /** Every request, as the background received it. */
  calls: { type: PanelMessage; data: unknown }[];
  callsOf<K extends PanelMessage>(type: K): RequestOf<K>[];
}

/**
 * A `send` that behaves like the background: the request crosses a process boundary (a
 * structured clone, as Firefox sends runtime messages), is validated against the protocol,
 * and is answered with a schema-valid answer.
 */
export function fakeSend(answers: Answers = {}): FakeSend {
  const calls: FakeSend['calls'] = [];
  const send = async (type: PanelMessage, data: unknown): Promise<unknown> => {
    const request = v.parse(protocol[type].request as v.GenericSchema, structuredClone(data));
    calls.push({ type, data: request });
    const answer = (answers[type] ?? defaults[type]) as ((data: unknown) => unknown) | undefined;
    if (!answer) throw new Error(`fake send: the test gives no answer to "${type}"`);
    return v.parse(protocol[type].response as v.GenericSchema, await answer(request));
  };
  return {
    send: send as PanelRequest,
    calls,
    callsOf: <K extends PanelMessage>(type: K) => calls.filter((c) => c.type === type).map((c) => c.data as RequestOf<K>),
  };
}

export const readOk = (order: Order): OrderReadResult => ({ ok: true, order });

const notUsed = (name: string) => () => {
  throw new Error(`fake adapter: ${name} is not part of this test`);
};

/** An adapter whose reads come from the test; `readOrders` may return a promise the test holds. */
export function fakeAdapter(reads: OrderReadResult[] | (() => Promise<OrderReadResult[]>)): TmsPageAdapter & { readOrders: ReturnType<typeof vi.fn> } {
  const readOrders = vi.fn(async (_ids: readonly string[]) => (typeof reads === 'function' ? reads() : reads));
  return {
    id: 'demo-tms',
    name: 'Demo TMS',
    recognises: () => true,
    pageKind: () => 'list',
    listRows: () => [],
    listContainer: () => null,
    summariseRow: notUsed('summariseRow'),
    detailOrderId: () => null,
    summariseDetail: () => null,
    detailActionAnchor: () => null,
    readDetail: () => {
      const first = typeof reads === 'function' ? undefined : reads[0];
      if (!first) throw new Error('fake adapter: no detail read given');
      return first;
    },
    readOrders,
  };
}

export function panelEnvironment(adapter: TmsPageAdapter, send: PanelRequest): PanelEnvironment {
  return { adapter, doc: document, url: () => new URL(`${TMS_ORIGIN}/orders`), fetch: vi.fn<typeof fetch>(), send };
}

export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
