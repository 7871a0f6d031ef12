/**
 * Finds the invoicing proposal for a TMS list page: the adapter's delivered orders (all
 * pages through the TMS's API where it can, else the rows on screen), minus what the
 * background knows as invoiced or being invoiced. The background is asked with the same
 * message the preview uses to leave invoiced orders out (getInvoicingContext), never storage.
 */
import { DeliveredListError, openDelivered, proposeForInvoicing, type DateRange, type DeliveredCandidate, type Proposal } from '@/utils/tms/proposal';
import type { OrderSummary, TmsPageAdapter } from '@/utils/tms/adapter';
import type { Connection, Failure } from '@/utils/messaging';
import type { IsoDate } from '@/utils/domain/dates';
import type { PanelEnvironment } from './invoice-panel';

/** 'all': every page of the TMS was counted; 'loaded': only the rows on screen. */
export type ProposalScope = 'all' | 'loaded';
export interface FoundProposal extends Proposal {
  scope: ProposalScope;
  /** The billing system the user invoices in, as the background said with the count. */
  connection: Connection | null;
}
export type ProposalFinder = (range: DateRange) => Promise<FoundProposal>;

/** The background takes this many order ids per question. */
const IDS_PER_QUESTION = 5000;

function candidatesOnScreen(adapter: TmsPageAdapter, doc: Document): DeliveredCandidate[] {
  return adapter.listRows(doc).map((row) => ({ summary: adapter.summariseRow(row), deliveredOn: adapter.rowDeliveredOn?.(row) ?? null, invoicedInTms: false }));
}

export function proposalFinder(env: Pick<PanelEnvironment, 'adapter' | 'doc' | 'fetch' | 'send' | 'onTexts'> & { origin: string }): ProposalFinder {
  return async (range) => {
    let candidates: DeliveredCandidate[];
    let scope: ProposalScope;
    if (env.adapter.listDelivered) {
      try {
        candidates = await env.adapter.listDelivered(range.from, { origin: env.origin, fetch: env.fetch });
      } catch (error) {
        throw error instanceof DeliveredListError ? error : new DeliveredListError('tms-unreachable');
      }
      scope = 'all';
    } else {
      candidates = candidatesOnScreen(env.adapter, env.doc);
      scope = 'loaded';
    }
    const ids = [...new Set(openDelivered(candidates, range).map((c) => c.summary.id))];
    const invoiced = new Set<string>();
    const inProgress = new Set<string>();
    let connection: Connection | null = null;
    for (let i = 0; i < ids.length || i === 0; i += IDS_PER_QUESTION) {
      const context = await env.send('getInvoicingContext', { origin: env.origin, customers: [], orderIds: ids.slice(i, i + IDS_PER_QUESTION) });
      if (i === 0) {
        env.onTexts?.(context.locale, context.texts);
        connection = context.connection;
      }
      for (const id of context.invoicedOrderIds) invoiced.add(id);
      for (const id of context.inProgressOrderIds) inProgress.add(id);
    }
    return { ...proposeForInvoicing(candidates, range, { invoiced, inProgress }), scope, connection };
  };
}

export type ExternalCheckResult = { ok: true; recorded: number; ambiguous: number; summary: string } | Failure;
/**
 * Orders the proposal counts may have been invoiced in the billing system directly, past
 * Frachtbeleg. This asks the background to read that system's invoices from the period's
 * start to today and match them to these orders by the order numbers in their texts; clear
 * matches are recorded in the invoice book (and so no longer proposed), unclear ones wait in
 * the book for the user to confirm.
 */
export type ExternalCheck = (provider: Connection['provider'], orders: readonly OrderSummary[], range: DateRange, today: IsoDate) => Promise<ExternalCheckResult>;

/** The background takes at most this many orders per search (findExternalInvoices). */
export const MAX_ORDERS_PER_SEARCH = 2000;

export function externalInvoiceCheck(env: Pick<PanelEnvironment, 'send'> & { origin: string }): ExternalCheck {
  return async (provider, orders, range, today) => {
    const answer = await env.send('findExternalInvoices', {
      provider,
      from: range.from,
      // Invoices for a month's deliveries are often dated in the month after.
      to: today >= range.from ? today : range.to,
      orders: orders.slice(0, MAX_ORDERS_PER_SEARCH).map((o) => ({ origin: env.origin, orderId: o.id, orderNumber: o.number.slice(0, 100) })),
    });
    return answer.ok ? { ok: true, recorded: answer.recorded.length, ambiguous: answer.ambiguous.length, summary: answer.summary } : answer;
  };
}
