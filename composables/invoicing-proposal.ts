/**
 * Finds the invoicing proposal for a TMS list page: the adapter's delivered orders (all
 * pages through the TMS's API where it can, else the rows on screen), minus what the
 * background knows as invoiced or being invoiced. The background is asked with the same
 * message the preview uses to leave invoiced orders out (getInvoicingContext), never storage.
 */
import { DeliveredListError, openDelivered, proposeForInvoicing, type DateRange, type DeliveredCandidate, type Proposal } from '@/utils/tms/proposal';
import type { TmsPageAdapter } from '@/utils/tms/adapter';
import type { PanelEnvironment } from './invoice-panel';

/** 'all': every page of the TMS was counted; 'loaded': only the rows on screen. */
export type ProposalScope = 'all' | 'loaded';
export interface FoundProposal extends Proposal {
  scope: ProposalScope;
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
    for (let i = 0; i < ids.length; i += IDS_PER_QUESTION) {
      const context = await env.send('getInvoicingContext', { origin: env.origin, customers: [], orderIds: ids.slice(i, i + IDS_PER_QUESTION) });
      if (i === 0) env.onTexts?.(context.locale, context.texts);
      for (const id of context.invoicedOrderIds) invoiced.add(id);
      for (const id of context.inProgressOrderIds) inProgress.add(id);
    }
    return { ...proposeForInvoicing(candidates, range, { invoiced, inProgress }), scope };
  };
}
