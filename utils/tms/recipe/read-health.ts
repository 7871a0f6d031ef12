/**
 * Health from reads (recipes.md § 3.10): the page can look right to the recipe while the
 * orders it reads don't (a JSON field renamed, a label the detail pages changed). When more
 * than a fifth of the orders one preview read miss a field the recipe teaches, the page's
 * health notice says so and offers "Re-teach this field" for it.
 *
 * Only problems a recipe's locator can cause count: a TMS that doesn't answer, a session that
 * ended or an order that is gone say nothing about the recipe. A few orders prove nothing
 * either way (one order without a price is a price not entered yet), hence the minimum.
 */
import type { OrderFieldName, OrderReadResult, ReadProblem } from '../../domain/read-problem';
import type { DetailField } from './builder/fields';

/** What one preview read found: how many orders, and per recipe field how many missed it. */
export interface ReadReport {
  total: number;
  fields: { field: DetailField; failed: number }[];
}

/** More than this share of the orders read missing a field makes it weak. */
export const WEAK_READ_SHARE = 0.2;
/** Fewer orders than this in one read say nothing about the recipe. */
export const MIN_ORDERS_READ = 5;

const BY_ORDER_FIELD: Partial<Record<OrderFieldName, DetailField>> = {
  orderNumber: 'number',
  customerName: 'customer.name',
  customerNumber: 'customer.customerNumber',
  vatId: 'customer.vatId',
  email: 'customer.email',
  billingAddress: 'address',
  customerReference: 'customerReference',
  status: 'status',
  stopType: 'stops',
  stopName: 'stops',
  stopAddress: 'stops',
  stopDate: 'stops',
  goods: 'load.goods',
  weight: 'load.weightKg',
  loadingMeters: 'load.loadingMeters',
  pallets: 'load.pallets',
  pod: 'podUrl',
  cmrNumber: 'cmrNumber',
  vehicle: 'vehicle',
  freightTerms: 'freightTerms',
  exportReference: 'exportReference',
};

/** The recipe field a read problem points at; null for problems no locator causes. */
export function fieldOfProblem(problem: ReadProblem): DetailField | null {
  switch (problem.code) {
    case 'price-missing':
    case 'price-unreadable':
    case 'currency-unknown':
      return 'price';
    case 'customer-missing':
      return 'customer.name';
    case 'stops-missing':
    case 'delivery-missing':
      return 'stops';
    case 'date-invalid':
    case 'field-invalid':
    case 'field-missing':
      return problem.field ? (BY_ORDER_FIELD[problem.field] ?? null) : null;
    default:
      return null;
  }
}

/** The report of one read: each field counted once per order that missed it. */
export function readReport(results: readonly OrderReadResult[]): ReadReport {
  const failed = new Map<DetailField, number>();
  for (const result of results) {
    if (result.ok) continue;
    const fields = new Set(result.problems.map(fieldOfProblem).filter((f): f is DetailField => f !== null));
    for (const field of fields) failed.set(field, (failed.get(field) ?? 0) + 1);
  }
  return { total: results.length, fields: [...failed].map(([field, count]) => ({ field, failed: count })) };
}

/** The fields the read found weak, most missed first; none from a read of too few orders. */
export function weakReadFields(report: ReadReport | null): { field: DetailField; failed: number }[] {
  if (!report || report.total < MIN_ORDERS_READ) return [];
  return report.fields.filter((f) => f.failed / report.total > WEAK_READ_SHARE).sort((a, b) => b.failed - a.failed);
}
