/** The extension's own record of every invoice it created, order by order. */
import { ledgerItem, type LedgerEntry } from './storage';
import { computeTotals } from './domain/totals';
import { PROVIDER_RULES } from './domain/provider-rules';
import type { Job } from './jobs/job';
import type { CreatedInvoice } from './billing/provider';

const MAX_ENTRIES = 20_000;

export function ledgerEntries(job: Job, invoice: CreatedInvoice, at: string): LedgerEntry[] {
  const totals = computeTotals(job.draft.positions, job.draft.currency, PROVIDER_RULES[job.draft.provider].rounding);
  return job.draft.positions.map((p, i) => ({
    provider: job.draft.provider,
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    url: invoice.url,
    origin: job.draft.tms.origin,
    orderId: p.orderId,
    orderNumber: p.orderNumber,
    customerName: job.draft.customer.name,
    currency: job.draft.currency,
    positionNetMinor: totals.lines[i]!.minor,
    invoiceGrossMinor: invoice.grossMinor ?? totals.gross.minor,
    createdAt: at,
    jobId: job.id,
    ...(invoice.eInvoice ? { eInvoiceProfile: invoice.eInvoice.profile, eInvoiceMissing: invoice.eInvoice.missingForDomesticB2b } : {}),
  }));
}

export async function recordInLedger(job: Job, invoice: CreatedInvoice, at: string): Promise<void> {
  await ledgerItem.update((entries) => {
    const known = new Set(entries.map((e) => `${e.invoiceId}|${e.orderId}`));
    const fresh = ledgerEntries(job, invoice, at).filter((e) => !known.has(`${e.invoiceId}|${e.orderId}`));
    return [...entries, ...fresh].slice(-MAX_ENTRIES);
  });
}

/** The ledger entries of these orders on this TMS, by order id. */
export async function invoicedOrders(origin: string, orderIds: readonly string[]): Promise<Map<string, LedgerEntry>> {
  const wanted = new Set(orderIds);
  const found = new Map<string, LedgerEntry>();
  for (const entry of await ledgerItem.get()) {
    if (entry.origin === origin && wanted.has(entry.orderId)) found.set(entry.orderId, entry);
  }
  return found;
}
