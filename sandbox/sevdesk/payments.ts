/**
 * Payment state of invoices (fact sheet §4.4): `PUT /Invoice/{id}/bookAmount` books a (partial)
 * payment; the status moves 200 → 750 (partially paid) → 1000 (paid, with `payDate`), and the
 * read-only `paidAmount` follows. `GET /Invoice/{id}/getIsPartiallyPaid` answers the flag older
 * integrations read. Overdue ("delinquent") is open or partly paid past invoiceDate + timeToPay.
 */
import { json, type EmuRequest, type EmuResponse, type Router } from '../kit/http';
import type { Context } from './context';
import { calendarDateOf, compareDates, formatInstant, midnight, parseDateInput, type CalendarDate } from './dates';
import { ZERO, add, compare, parseDecimal, sub, toText, type Decimal } from './decimal';
import { okResponse } from './envelope';
import { badRequest, guarded } from './errors';
import { SEV_CLIENT } from './lookups';
import type { InvoiceRecord } from './store';
import { isObject, readRef, requireBody } from './validation';

export const BOOKING_TYPES = ['FULL_PAYMENT', 'N', 'CB', 'CF', 'O', 'OF', 'MTC'] as const;

/** Open and partly paid invoices can take payments; drafts, paid ones and SR/MA documents cannot. */
export function isPayable(inv: InvoiceRecord): boolean {
  return (inv.status === '200' || inv.status === '750') && (inv.invoiceType === 'RE' || inv.invoiceType === 'AR' || inv.invoiceType === 'TR' || inv.invoiceType === 'ER');
}

export function openAmount(inv: InvoiceRecord): Decimal {
  return sub(inv.sumGross, inv.paidAmount);
}

/** The due day: invoice date plus timeToPay days (0 when unset). */
export function dueDate(inv: InvoiceRecord): CalendarDate {
  const days = Number(inv.timeToPay ?? 0);
  return calendarDateOf(new Date(midnight(inv.invoiceDate).getTime() + days * 86_400_000 + 12 * 3_600_000));
}

export function isDelinquent(inv: InvoiceRecord, now: Date): boolean {
  return (inv.status === '200' || inv.status === '750') && compareDates(dueDate(inv), calendarDateOf(now)) < 0;
}

/**
 * Books an amount: CB (Skonto), O, MTC and FULL_PAYMENT settle the invoice in full whatever
 * the amount (the difference is written off, as sevdesk does); N books a partial payment.
 */
export function book(ctx: Context, inv: InvoiceRecord, amount: Decimal, date: CalendarDate, type: string) {
  const fromStatus = inv.status;
  const settles = type !== 'N' && type !== 'OF' && type !== 'CF';
  inv.paidAmount = settles ? inv.sumGross : add(inv.paidAmount, amount);
  if (compare(inv.paidAmount, inv.sumGross) >= 0) {
    inv.status = '1000';
    inv.payDate = midnight(date);
  } else if (compare(inv.paidAmount, ZERO) > 0) inv.status = '750';
  const now = ctx.now();
  inv.update = now;
  return {
    id: ctx.store.newId('invoice'),
    objectName: 'InvoiceLog',
    additionalInformation: null,
    create: formatInstant(now),
    invoice: { id: inv.id, objectName: 'Invoice' },
    fromStatus,
    toStatus: inv.status,
    ammountPayed: toText(amount),
    bookingDate: formatInstant(midnight(date)),
    sevClient: SEV_CLIENT,
  };
}

function readBooking(inv: InvoiceRecord, body: Record<string, unknown>, requireAccount: boolean): { amount: Decimal; date: CalendarDate; type: string } {
  const amount = body.amount === undefined && !requireAccount ? openAmount(inv) : parseDecimal(body.amount);
  if (!amount || compare(amount, ZERO) <= 0) throw badRequest('amount must be a positive number');
  const date = body.date === undefined && !requireAccount ? calendarDateOf(new Date()) : parseDateInput(body.date);
  if (!date) throw badRequest('date must be a timestamp or a date');
  const type = body.type === undefined && !requireAccount ? 'N' : String(body.type);
  if (!(BOOKING_TYPES as readonly string[]).includes(type)) throw badRequest(`type must be one of ${BOOKING_TYPES.join(', ')}, '${type}' given`);
  if (requireAccount) {
    if (!isObject(body.checkAccount)) throw badRequest('checkAccount is required.');
    readRef(body.checkAccount, 'checkAccount', 'CheckAccount');
  }
  if (type === 'N' && compare(amount, openAmount(inv)) > 0) throw badRequest(`amount ${toText(amount)} exceeds the open amount ${toText(openAmount(inv))}`);
  return { amount, date, type };
}

export function paymentRoutes(r: Router, ctx: Context, requireInvoice: (id: string | undefined) => InvoiceRecord): void {
  r.put(
    '/api/v1/Invoice/:id/bookAmount',
    guarded((req) => {
      const inv = requireInvoice(req.params.id);
      if (!isPayable(inv)) throw badRequest(`Invoice ${inv.invoiceNumber} with status ${inv.status} can not be booked`);
      const { amount, date, type } = readBooking(inv, requireBody(req.body, req.bodyError), true);
      return okResponse(book(ctx, inv, amount, date, type));
    }),
  );
  r.get(
    '/api/v1/Invoice/:id/getIsPartiallyPaid',
    guarded((req) => {
      const inv = requireInvoice(req.params.id);
      return okResponse(inv.status === '750' || (compare(inv.paidAmount, ZERO) > 0 && compare(inv.paidAmount, inv.sumGross) < 0));
    }),
  );
}

/** `POST /__sandbox/invoices/{id}/payments {amount?, date?, type?}`: a bank transaction matched in sevdesk. */
export function sandboxBook(ctx: Context, req: EmuRequest, requireInvoice: (id: string | undefined) => InvoiceRecord): EmuResponse {
  try {
    const inv = requireInvoice(req.params.id);
    if (!isPayable(inv)) return json(409, { message: `invoice ${inv.invoiceNumber} has status ${inv.status} (${inv.invoiceType}); only open or partly paid invoices take payments` });
    const body = req.body === undefined ? {} : req.body;
    if (!isObject(body)) return json(400, { message: 'body must be a JSON object {amount?, date?, type?}' });
    const booking = readBooking(inv, { ...body, ...(body.date === undefined ? { date: formatDay(calendarDateOf(ctx.now())) } : {}) }, false);
    return json(200, book(ctx, inv, booking.amount, booking.date, booking.type));
  } catch (error) {
    return json(400, { message: error instanceof Error ? error.message : String(error) });
  }
}

const formatDay = (d: CalendarDate) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
