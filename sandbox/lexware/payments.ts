/**
 * Payment state of sales vouchers (fact sheet §3.4): the open amount, the status transitions
 * open → paid when the open amount reaches 0, voided via the sandbox, and `GET /v1/payments/{id}`.
 * Amounts are counted in cents; the resources keep Lexware's 2-decimal numbers.
 */
import { json, type EmuRequest, type EmuResponse, type Router } from '../kit/http';
import type { LexwareContext } from './context';
import { berlinDate, berlinMidnight, formatLexwareDateTime, parsePlainDate } from './datetime';
import { regularError } from './errors';
import type { Invoice, PaymentItem } from './model';

export const cents = (amount: number): number => Math.round(amount * 100);
const euros = (c: number): number => c / 100;

export const PAYMENT_ITEM_TYPES = ['manualPayment', 'cashDiscount', 'partPaymentCreditNote', 'dunningCosts', 'moneyTransit', 'irrecoverableReceivable'] as const;

/** What is still owed on an invoice, in cents. Voided invoices owe nothing. */
export function openCents(ctx: LexwareContext, invoice: Invoice): number {
  if (invoice.voucherStatus === 'voided') return 0;
  const paid = (ctx.store.payments.get(invoice.id) ?? []).reduce((sum, p) => sum + cents(p.amount), 0);
  return cents(invoice.totalPrice.totalGrossAmount) - paid;
}

/** A change the API can see: updatedDate and version move (so incremental polling notices it). */
export function touch(invoice: Invoice, now: Date): void {
  invoice.updatedDate = formatLexwareDateTime(now);
  invoice.version += 1;
}

/**
 * Books a payment (or a settling credit note) on an open invoice. Settled in full, the invoice
 * becomes `paid`, with the day of the last payment as its paid date.
 */
export function bookPayment(ctx: LexwareContext, invoice: Invoice, item: PaymentItem): void {
  const list = ctx.store.payments.get(invoice.id) ?? [];
  list.push(item);
  ctx.store.payments.set(invoice.id, list);
  if (openCents(ctx, invoice) <= 0) {
    invoice.voucherStatus = 'paid';
    ctx.store.paidDates.set(invoice.id, item.postingDate);
  }
  touch(invoice, ctx.now());
}

type PaymentStatus = 'balanced' | 'openRevenue' | 'openExpense';

export function paymentsResponse(ctx: LexwareContext, invoice: Invoice, voucherType: 'invoice' | 'creditnote') {
  const open = voucherType === 'creditnote' ? 0 : openCents(ctx, invoice);
  const status: PaymentStatus = open === 0 ? 'balanced' : open > 0 ? 'openRevenue' : 'openExpense';
  return {
    openAmount: euros(open),
    currency: 'EUR',
    paymentStatus: status,
    voucherType,
    voucherStatus: invoice.voucherStatus,
    paidDate: voucherType === 'invoice' ? (ctx.store.paidDates.get(invoice.id) ?? null) : null,
    paymentItems: voucherType === 'invoice' ? (ctx.store.payments.get(invoice.id) ?? []) : [],
  };
}

function getPayments(ctx: LexwareContext, req: EmuRequest): EmuResponse {
  const id = req.params.id ?? '';
  const now = ctx.now();
  const invoice = ctx.store.invoices.get(id);
  const creditNote = ctx.store.creditNotes.get(id);
  const voucher = invoice ?? creditNote;
  if (!voucher) return regularError(now, req.path, 404, `Resource not found: voucher ${id}`);
  if (voucher.voucherStatus === 'draft') return regularError(now, req.path, 406, 'Payments are not available for a voucher in status draft.');
  // A credit note that continues an invoice is settled through that invoice.
  if (creditNote && creditNote.relatedVouchers.length > 0) {
    return regularError(now, req.path, 406, 'Payments are not available for a credit note linked to an invoice.');
  }
  return json(200, paymentsResponse(ctx, voucher, invoice ? 'invoice' : 'creditnote'));
}

export function registerPaymentRoutes(router: Router, ctx: LexwareContext): void {
  router.get('/v1/payments/:id', (req) => getPayments(ctx, req));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `POST /__sandbox/invoices/{id}/payments {amount, date?, type?}`: what the user's bank account
 * sync or manual booking does in Lexware. `amount` in euros (≤ 2 decimals), at most the open
 * amount; `date` `yyyy-MM-dd` (default today in Berlin); `type` a paymentItemType (default manualPayment).
 */
export function sandboxBookPayment(ctx: LexwareContext, req: EmuRequest): EmuResponse {
  const invoice = ctx.store.invoices.get(req.params.id ?? '');
  if (!invoice) return json(404, { message: `unknown invoice ${req.params.id ?? ''}` });
  if (invoice.voucherStatus !== 'open') return json(409, { message: `invoice is ${invoice.voucherStatus}; only open invoices take payments` });
  const body: unknown = req.body;
  if (!isRecord(body)) return json(400, { message: 'body must be a JSON object {amount, date?, type?}' });
  const open = openCents(ctx, invoice);
  const amount = body.amount === undefined ? euros(open) : body.amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0 || Math.abs(amount * 100 - Math.round(amount * 100)) > 1e-6) {
    return json(400, { message: 'amount must be a positive number of euros with at most 2 decimals' });
  }
  if (cents(amount) > open) return json(400, { message: `amount ${amount} exceeds the open amount ${euros(open)}` });
  const date = body.date === undefined ? berlinDate(ctx.now()) : typeof body.date === 'string' ? parsePlainDate(body.date) : undefined;
  if (!date) return json(400, { message: 'date must be yyyy-MM-dd' });
  const type = body.type ?? 'manualPayment';
  if (typeof type !== 'string' || !(PAYMENT_ITEM_TYPES as readonly string[]).includes(type)) {
    return json(400, { message: `type must be one of ${PAYMENT_ITEM_TYPES.join(', ')}` });
  }
  bookPayment(ctx, invoice, { paymentItemType: type as PaymentItem['paymentItemType'], postingDate: formatLexwareDateTime(berlinMidnight(date)), amount, currency: 'EUR' });
  return json(200, paymentsResponse(ctx, invoice, 'invoice'));
}

/** `POST /__sandbox/invoices/{id}/void`: the user cancels ("storniert") a finalized invoice in the app. */
export function sandboxVoid(ctx: LexwareContext, req: EmuRequest): EmuResponse {
  const invoice = ctx.store.invoices.get(req.params.id ?? '');
  if (!invoice) return json(404, { message: `unknown invoice ${req.params.id ?? ''}` });
  if (invoice.voucherStatus === 'draft') return json(409, { message: 'a draft is deleted, not voided' });
  if (invoice.voucherStatus === 'voided') return json(409, { message: 'invoice is already voided' });
  // Lexware refuses to cancel a voucher with assigned payments until they are unassigned.
  if ((ctx.store.payments.get(invoice.id) ?? []).length > 0) return json(409, { message: 'invoice has payments; unassign them first' });
  invoice.voucherStatus = 'voided';
  touch(invoice, ctx.now());
  return json(200, paymentsResponse(ctx, invoice, 'invoice'));
}
