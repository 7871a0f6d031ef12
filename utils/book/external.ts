/**
 * "Find invoices made in Lexware Office / sevdesk": reads the billing system's invoices of a
 * period (through an injected source), matches them to TMS orders (external-match.ts) and
 * records the unambiguous ones as made in the billing system, so their orders count as
 * invoiced everywhere. Ambiguous ones are kept aside (book meta) until the user picks the
 * orders (`confirmExternalMatch`); nothing ambiguous is applied silently.
 */
import * as v from 'valibot';
import type { IsoDate } from '../domain/dates';
import type { InvoiceBook, RecordInvoiceInput } from './book';
import { matchExternalInvoices, type KnownOrder, type MatchReason } from './external-match';
import { invoiceKeyOf, type BookProvider } from './schema';

/** An invoice as the billing system has it, ready to be recorded once its orders are known. */
export interface ExternalInvoice {
  record: Omit<RecordInvoiceInput, 'orders' | 'origin' | 'createdBy' | 'correctionOf'>;
  /** Its texts in words (title, introduction, remark, header, line names and descriptions). */
  texts: string[];
}

export interface ExternalSource {
  /** The period's finalized invoices; `truncated` when there were more than one search reads. */
  listInvoices(from: IsoDate, to: IsoDate): Promise<{ invoices: ExternalInvoice[]; truncated: boolean }>;
}

export interface OrderOnPage {
  origin: string;
  orderId: string;
  orderNumber: string;
}

export interface AmbiguousMatch {
  invoiceKey: string;
  invoiceNumber: string | null;
  customerName: string;
  grossMinor: number;
  currency: string;
  candidates: KnownOrder[];
  reasons: MatchReason[];
}

export interface ExternalSearchResult {
  recorded: { invoiceKey: string; invoiceNumber: string | null; orderNumbers: string[] }[];
  ambiguous: AmbiguousMatch[];
  unmatched: number;
  known: number;
  truncated: boolean;
}

const KnownOrderSchema = v.object({ origin: v.string(), orderId: v.string(), orderNumber: v.string(), invoicedBy: v.optional(v.string()) });
const PendingSchema = v.object({ record: v.looseObject({ provider: v.string(), invoiceId: v.string() }), candidates: v.array(KnownOrderSchema) });

export const pendingMatchKey = (invoiceKey: string): string => `external|${invoiceKey}`;

/** Tokens as `containsToken` sees them: maximal runs of letters and digits, joined by - / . _ */
const TOKENS = /[\p{L}\p{N}]+(?:[-/._][\p{L}\p{N}]+)*/gu;

export async function findExternalInvoices(book: InvoiceBook, source: ExternalSource, provider: BookProvider, period: { from: IsoDate; to: IsoDate }, onPage: readonly OrderOnPage[]): Promise<ExternalSearchResult> {
  const { invoices, truncated } = await source.listInvoices(period.from, period.to);
  const byKey = new Map(invoices.map((i) => [invoiceKeyOf(provider, i.record.invoiceId), i]));
  const knownKeys = new Set<string>();
  for (const key of byKey.keys()) if (await book.get(key).catch(() => undefined)) knownKeys.add(key);

  const orders = await candidateOrders(book, invoices, onPage);
  const results = matchExternalInvoices(
    [...byKey.entries()].map(([key, i]) => ({ key, texts: i.texts })),
    orders,
    knownKeys,
  );
  const out: ExternalSearchResult = { recorded: [], ambiguous: [], unmatched: 0, known: 0, truncated };
  for (const result of results) {
    const invoice = byKey.get(result.key)!;
    if (result.kind === 'known') out.known++;
    else if (result.kind === 'unmatched') out.unmatched++;
    else if (result.kind === 'matched') {
      const row = await record(book, invoice, result.origin, result.orders);
      out.recorded.push({ invoiceKey: row.key, invoiceNumber: row.invoiceNumber, orderNumbers: row.orderNumbers });
    } else {
      await book.db.meta.put({ key: pendingMatchKey(result.key), value: { record: invoice.record, candidates: result.candidates } });
      out.ambiguous.push({
        invoiceKey: result.key,
        invoiceNumber: invoice.record.invoiceNumber,
        customerName: invoice.record.customerName,
        grossMinor: invoice.record.grossMinor,
        currency: invoice.record.currency,
        candidates: result.candidates,
        reasons: result.reasons,
      });
    }
  }
  return out;
}

export type ConfirmOutcome = { ok: true; invoiceKey: string; orderNumbers: string[] } | { ok: false; reason: 'no-pending-match' | 'not-a-candidate' | 'one-site-only' };

/** The user picked the orders of an ambiguous match: only orders it offered, of one TMS site. */
export async function confirmExternalMatch(book: InvoiceBook, invoiceKey: string, picked: readonly { origin: string; orderId: string }[]): Promise<ConfirmOutcome> {
  const stored = await book.db.meta.get(pendingMatchKey(invoiceKey));
  const pending = v.safeParse(PendingSchema, stored?.value);
  if (!pending.success) return { ok: false, reason: 'no-pending-match' };
  const chosen = picked.map((p) => pending.output.candidates.find((c) => c.origin === p.origin && c.orderId === p.orderId));
  if (chosen.length === 0 || chosen.some((c) => c === undefined)) return { ok: false, reason: 'not-a-candidate' };
  const orders = chosen as KnownOrder[];
  if (new Set(orders.map((o) => o.origin)).size > 1) return { ok: false, reason: 'one-site-only' };
  // The stored record is checked field by field when the book writes it (InvoiceRowSchema).
  const row = await record(book, { record: pending.output.record as unknown as ExternalInvoice['record'], texts: [] }, orders[0]!.origin, orders);
  await book.db.meta.delete(pendingMatchKey(invoiceKey));
  return { ok: true, invoiceKey: row.key, orderNumbers: row.orderNumbers };
}

function record(book: InvoiceBook, invoice: ExternalInvoice, origin: string, orders: readonly KnownOrder[]) {
  return book.recordInvoice({
    ...invoice.record,
    origin,
    createdBy: 'billing-system',
    correctionOf: null,
    orders: orders.map((o) => ({ orderId: o.orderId, orderNumber: o.orderNumber })),
  });
}

/**
 * The orders an invoice may name: those on the page the user came from, and those the book
 * knows whose number appears as a token in some text (found through the order-number index).
 */
async function candidateOrders(book: InvoiceBook, invoices: readonly ExternalInvoice[], onPage: readonly OrderOnPage[]): Promise<KnownOrder[]> {
  const tokens = [...new Set(invoices.flatMap((i) => i.texts.join('\n').match(TOKENS) ?? []))];
  const links = tokens.length === 0 ? [] : await book.db.orders.where('orderNumber').anyOfIgnoreCase(tokens).toArray();
  const orders: KnownOrder[] = [];
  for (const link of links) {
    const parsed = v.safeParse(KnownOrderSchema, { origin: link.origin, orderId: link.orderId, orderNumber: link.orderNumber, invoicedBy: link.invoiceKey });
    if (parsed.success) orders.push(parsed.output);
  }
  const bySite = new Map<string, OrderOnPage[]>();
  for (const o of onPage) bySite.set(o.origin, [...(bySite.get(o.origin) ?? []), o]);
  for (const [origin, list] of bySite) {
    const invoiced = await book.isInvoiced(origin, list.map((o) => o.orderId));
    for (const o of list) {
      if (orders.some((k) => k.origin === o.origin && k.orderId === o.orderId)) continue;
      const by = invoiced.get(o.orderId)?.invoiceKey;
      orders.push({ ...o, ...(by ? { invoicedBy: by } : {}) });
    }
  }
  return orders;
}
