/**
 * The last step of reading an order from any TMS: the candidate an adapter put together is
 * validated into an Order, and every way it can fail becomes a problem the preview names.
 */
import * as v from 'valibot';
import { OrderSchema } from '../domain/order';
import { parseGermanMoney, parseDecimalMoney, parseGermanNumberText, isCurrencyCode, type Money } from '../domain/money';
import type { OrderFieldName, OrderReadResult, ReadProblem } from './adapter';

/** An amount with its currency inside a longer text ("ca. 1.250,50 € netto"). */
const AMOUNT_IN_TEXT = /(?:(?:[A-Z]{3}|€|Fr\.|zł|£|\$|Kč)\s*)?[+\-−]?\d[\d.' ]*(?:,\d+)?\s*(?:[A-Z]{3}\b|€|Fr\.|zł|£|\$|Kč)?/gu;

/**
 * Reads a price the page shows as text. Exact German amounts are read as they are; a text
 * with words around exactly one amount with a currency ("1250 EUR netto") is interpreted and
 * flagged so the preview can ask the user to check it. Two amounts or none: no guess.
 */
export function readPrice(text: string | null | undefined): { price?: Money; interpreted?: true; problem?: ReadProblem } {
  if (text === null || text === undefined || text.trim() === '') return { problem: { code: 'price-missing' } };
  const parsed = parseGermanMoney(text);
  if (parsed.ok) return { price: parsed.value };
  if (parsed.error === 'empty') return { problem: { code: 'price-missing' } };
  if (parsed.error === 'unknown-currency') return { problem: { code: 'currency-unknown' } };
  const amounts = [...text.matchAll(AMOUNT_IN_TEXT)].map((m) => m[0].trim()).filter((a) => /\d/.test(a));
  if (amounts.length === 1 && amounts[0] !== text.trim()) {
    const inner = parseGermanMoney(amounts[0]!);
    if (inner.ok) return { price: inner.value, interpreted: true };
  }
  if (parsed.error === 'no-currency') return { problem: { code: 'currency-unknown' } };
  return { problem: { code: 'price-unreadable' } };
}

/**
 * Reads a weight in kg from text. "12.400 kg" is exact; "ca. 1.200 kg" has one number among
 * words and is interpreted (flagged). Anything else is not read at all.
 */
export function readWeight(text: string, unit = 'kg'): { value: number; interpreted: boolean } | undefined {
  const exact = parseGermanNumberText(text.replace(unit, '').trim());
  if (exact !== null) return { value: Number(exact), interpreted: false };
  const numbers = text.match(/\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?/g) ?? [];
  if (numbers.length !== 1) return undefined;
  const plain = parseGermanNumberText(numbers[0]!);
  return plain === null ? undefined : { value: Number(plain), interpreted: true };
}

/** For APIs that send `{ amount: "1250.00", currency: "EUR" }`. */
export function readDecimalPrice(amount: unknown, currency: unknown): { price?: Money; problem?: ReadProblem } {
  if (amount === undefined || amount === null || amount === '') return { problem: { code: 'price-missing' } };
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) return { problem: { code: 'currency-unknown' } };
  const price = typeof amount === 'string' ? parseDecimalMoney(amount, currency) : null;
  return price ? { price } : { problem: { code: 'price-unreadable' } };
}

const FIELD_OF_PATH: Record<string, OrderFieldName> = {
  id: 'orderId',
  number: 'orderNumber',
  'customer.id': 'customerNumber',
  'customer.customerNumber': 'customerNumber',
  'customer.name': 'customerName',
  'customer.vatId': 'vatId',
  'customer.email': 'email',
  customerReference: 'customerReference',
  status: 'status',
  'load.goods': 'goods',
  'load.weightKg': 'weight',
  'load.loadingMeters': 'loadingMeters',
  'load.pallets': 'pallets',
  podUrl: 'pod',
  cmrNumber: 'cmrNumber',
  vehicle: 'vehicle',
  freightTerms: 'freightTerms',
  exportReference: 'exportReference',
  interpreted: 'unknown',
};

/** The field a schema path belongs to, as the user knows it ("stops.2.street" is a stop's address). */
export function orderFieldOf(path: string): OrderFieldName {
  if (path in FIELD_OF_PATH) return FIELD_OF_PATH[path]!;
  if (path.startsWith('customer.billingAddress')) return 'billingAddress';
  const stop = /^stops\.\d+\.(\w+)/.exec(path)?.[1];
  if (stop) return stop === 'date' ? 'stopDate' : stop === 'type' ? 'stopType' : stop === 'name' ? 'stopName' : 'stopAddress';
  if (path.startsWith('invoiceLinks')) return 'invoiceLinks';
  if (path.startsWith('source')) return 'source';
  return 'unknown';
}

function problemFor(issue: v.BaseIssue<unknown>): ReadProblem {
  const path = v.getDotPath(issue) ?? '';
  if (path === 'price' || path.startsWith('price.')) return { code: 'price-unreadable' };
  // Only a customer that is not there at all is "customer missing"; a bad field of it names that field.
  if (path === 'customer') return { code: 'customer-missing' };
  if (path === 'stops') return { code: issue.message.includes('delivery') ? 'delivery-missing' : 'stops-missing' };
  if (/^stops\.\d+\.date$/.test(path)) return { code: 'date-invalid', field: 'stopDate' };
  const field = orderFieldOf(path);
  if (issue.type === 'max_length') return { code: 'field-too-long', field, limit: Number(issue.requirement) };
  if (issue.type === 'min_length' || issue.input === undefined) return { code: 'field-missing', field };
  return { code: 'field-invalid', field };
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
