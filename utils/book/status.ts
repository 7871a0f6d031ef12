/**
 * Payment status: what Lexware Office and sevdesk report, mapped to the book's statuses
 * (fact sheet e-invoicing-and-tax §3.4 and §4.4). Pure; the poll feeds it.
 */
import * as v from 'valibot';
import { isIsoDate, type IsoDate } from '../domain/dates';
import { minorFromApiNumber, parseDecimalMoney } from '../domain/money';
import type { BookStatus, StoredStatus } from './schema';

export interface PaymentState {
  status: StoredStatus;
  paidMinor: number;
  paidDate: IsoDate | null;
}

export type MappingResult = { ok: true; state: PaymentState } | { ok: false; reason: string };

/** "Überfällig" wins over open and partly paid once the due date has passed. */
export function displayStatus(row: { status: StoredStatus; dueDate: IsoDate | null }, today: IsoDate): BookStatus {
  if ((row.status === 'open' || row.status === 'partlyPaid') && row.dueDate !== null && row.dueDate < today) return 'overdue';
  return row.status;
}

/** What is still to be paid; always shown next to the status. */
export function openMinor(row: { status: StoredStatus; grossMinor: number; paidMinor: number }): number {
  if (row.status === 'cancelled' || row.status === 'draft' || row.status === 'paid') return 0;
  return Math.max(0, row.grossMinor - row.paidMinor);
}

/** An amount as APIs send it: a JSON number or a decimal string ("123.45"). */
function amountMinor(value: unknown, currency: string): number | null {
  if (typeof value === 'number') return minorFromApiNumber(value, currency);
  if (typeof value === 'string') return parseDecimalMoney(value, currency)?.minor ?? null;
  return null;
}

/** A date from an API timestamp ("2026-11-12T10:00:00.000+01:00" → "2026-11-12"): the billing system's calendar day. */
function dayOf(value: unknown): IsoDate | null {
  if (typeof value !== 'string') return null;
  const day = value.slice(0, 10);
  return isIsoDate(day) ? day : null;
}

// ------------------------------------------------------------------------------------------
// Lexware Office

/** The parts of `GET /v1/payments/{id}` the mapping reads (API sheet §1.7). */
export const LexwarePaymentsSchema = v.object({
  openAmount: v.union([v.number(), v.string()]),
  paymentStatus: v.optional(v.string()),
  currency: v.optional(v.string()),
  voucherStatus: v.optional(v.string()),
  paidDate: v.optional(v.nullable(v.string())),
  paymentItems: v.optional(
    v.array(
      v.object({
        paymentItemType: v.string(),
        postingDate: v.optional(v.nullable(v.string())),
        amount: v.optional(v.union([v.number(), v.string()])),
      }),
    ),
    [],
  ),
});
export type LexwarePayments = v.InferOutput<typeof LexwarePaymentsSchema>;

export interface LexwareStatusInput {
  /** From the voucher list: draft, open, overdue, paid, paidoff, voided, transferred, sepadebit. */
  voucherStatus: string;
  grossMinor: number;
  currency: string;
  /** The payments endpoint's answer, when it was asked. */
  payments?: LexwarePayments | undefined;
}

const LEXWARE_OPENISH = new Set(['open', 'overdue', 'transferred', 'sepadebit']);
const LEXWARE_PAID = new Set(['paid', 'paidoff']);
const CREDIT_NOTE_ITEMS = new Set(['partPaymentCreditNote', 'creditNote']);

export function mapLexwareStatus(input: LexwareStatusInput): MappingResult {
  const status = input.voucherStatus;
  if (status === 'draft') return ok('draft', 0, null);
  // Voided reports "balanced" with nothing open: the voucher status decides, not the amount.
  if (status === 'voided') return ok('cancelled', 0, null);
  if (!LEXWARE_OPENISH.has(status) && !LEXWARE_PAID.has(status)) return { ok: false, reason: `unknown voucherStatus "${status}"` };

  const payments = input.payments;
  const items = payments?.paymentItems ?? [];
  const lastPosting = items.map((i) => dayOf(i.postingDate)).filter((d): d is IsoDate => d !== null).sort().at(-1) ?? dayOf(payments?.paidDate);

  if (LEXWARE_PAID.has(status)) {
    // Settled only by a linked credit note: cancelled, not paid.
    if (items.length > 0 && items.every((i) => CREDIT_NOTE_ITEMS.has(i.paymentItemType))) return ok('cancelled', 0, null);
    return ok('paid', input.grossMinor, lastPosting ?? null);
  }

  if (!payments) return ok('open', 0, null);
  const open = amountMinor(payments.openAmount, input.currency);
  if (open === null || open < 0) return { ok: false, reason: `unreadable openAmount "${String(payments.openAmount)}"` };
  if (open === 0) {
    if (items.length > 0 && items.every((i) => CREDIT_NOTE_ITEMS.has(i.paymentItemType))) return ok('cancelled', 0, null);
    return ok('paid', input.grossMinor, lastPosting ?? null);
  }
  if (open < input.grossMinor) return ok('partlyPaid', input.grossMinor - open, lastPosting ?? null);
  return ok('open', 0, null);
}

// ------------------------------------------------------------------------------------------
// sevdesk

export interface SevdeskStatusInput {
  /** 50 deactivated recurring, 100 draft, 200 open, 750 partly paid, 1000 paid; sevdesk sends strings. */
  status: string | number;
  grossMinor: number;
  currency: string;
  /** Read-only `paidAmount`; number, string or null. */
  paidAmount: unknown;
  payDate: unknown;
  /** `getIsPartiallyPaid` for invoices older than status 750 (13.06.2024), when asked. */
  isPartiallyPaid?: boolean | undefined;
  /** sevdesk has no "cancelled" status: we know from the cancellation invoice (SR) we stored. */
  hasCancellationInvoice: boolean;
}

export function mapSevdeskStatus(input: SevdeskStatusInput): MappingResult {
  if (input.hasCancellationInvoice) return ok('cancelled', 0, null);
  const code = String(input.status);
  const paid = input.paidAmount === null || input.paidAmount === undefined ? 0 : amountMinor(input.paidAmount, input.currency);
  if (paid === null || paid < 0) return { ok: false, reason: `unreadable paidAmount "${String(input.paidAmount)}"` };
  const payDate = dayOf(input.payDate);
  switch (code) {
    case '50':
    case '100':
      return ok('draft', 0, null);
    case '200':
      if (paid >= input.grossMinor && input.grossMinor > 0) return ok('paid', input.grossMinor, payDate);
      if (paid > 0 || input.isPartiallyPaid === true) return ok('partlyPaid', paid, payDate);
      return ok('open', 0, null);
    case '750':
      return ok('partlyPaid', paid, payDate);
    case '1000':
      return ok('paid', input.grossMinor, payDate);
    default:
      return { ok: false, reason: `unknown invoice status ${code}` };
  }
}

function ok(status: StoredStatus, paidMinor: number, paidDate: IsoDate | null): MappingResult {
  return { ok: true, state: { status, paidMinor, paidDate } };
}
