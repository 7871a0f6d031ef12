/**
 * The last step of reading an order from any TMS: the candidate an adapter put together is
 * validated into an Order, and every way it can fail becomes a problem the preview names.
 */
import * as v from 'valibot';
import { OrderSchema } from '../domain/order';
import { parseGermanMoney, parseDecimalMoney, isCurrencyCode, type Money } from '../domain/money';
import type { OrderReadResult, ReadProblem } from './adapter';

export function readPrice(text: string | null | undefined): { price?: Money; problem?: ReadProblem } {
  if (text === null || text === undefined || text.trim() === '') return { problem: { code: 'price-missing' } };
  const parsed = parseGermanMoney(text);
  if (parsed.ok) return { price: parsed.value };
  if (parsed.error === 'empty') return { problem: { code: 'price-missing' } };
  if (parsed.error === 'unknown-currency' || parsed.error === 'no-currency') return { problem: { code: 'currency-unknown' } };
  return { problem: { code: 'price-unreadable' } };
}

/** For APIs that send `{ amount: "1250.00", currency: "EUR" }`. */
export function readDecimalPrice(amount: unknown, currency: unknown): { price?: Money; problem?: ReadProblem } {
  if (amount === undefined || amount === null || amount === '') return { problem: { code: 'price-missing' } };
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) return { problem: { code: 'currency-unknown' } };
  const price = typeof amount === 'string' ? parseDecimalMoney(amount, currency) : null;
  return price ? { price } : { problem: { code: 'price-unreadable' } };
}

function problemFor(issue: v.BaseIssue<unknown>): ReadProblem {
  const path = v.getDotPath(issue) ?? '';
  if (path === 'price' || path.startsWith('price.')) return { code: 'price-unreadable' };
  if (path.startsWith('customer')) return { code: 'customer-missing', field: path };
  if (path === 'stops') return { code: issue.message.includes('delivery') ? 'delivery-missing' : 'stops-missing' };
  if (/^stops\.\d+\.date$/.test(path)) return { code: 'date-invalid', field: path };
  return { code: 'field-invalid', field: path };
}

/**
 * Validates a candidate. Problems found while reading (an unreadable price) come first;
 * an order with any problem is never returned as an Order.
 */
export function finishOrder(candidate: Record<string, unknown>, found: ReadProblem[] = []): OrderReadResult {
  const id = typeof candidate.id === 'string' ? candidate.id : '';
  const number = typeof candidate.number === 'string' && candidate.number ? candidate.number : undefined;
  const parsed = v.safeParse(OrderSchema, candidate);
  if (found.length === 0 && parsed.success) return { ok: true, order: parsed.output };
  const problems = [...found];
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const problem = problemFor(issue);
      // The price problem found while reading says more than the schema's echo of it.
      if (problem.code === 'price-unreadable' && problems.some((p) => p.code.startsWith('price') || p.code === 'currency-unknown')) continue;
      if (!problems.some((p) => p.code === problem.code && p.field === problem.field)) problems.push(problem);
    }
  }
  return { ok: false, id, ...(number ? { number } : {}), problems };
}
