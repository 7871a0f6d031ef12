/**
 * Filtering, sorting and totals of book rows. Pure functions over validated rows; book.ts
 * narrows the candidates through an index first and then applies these.
 */
import type { IsoDate } from '../domain/dates';
import { displayStatus, openMinor } from './status';
import type { BookProvider, BookStatus, InvoiceRow, StoredStatus } from './schema';

export interface BookFilter {
  /** Invoice date range, inclusive. */
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
  customerKey?: string | undefined;
  statuses?: readonly BookStatus[] | undefined;
  provider?: BookProvider | undefined;
  /** An invoice or order number, or its beginning; case does not matter. */
  search?: string | undefined;
}

export const SORT_COLUMNS = [
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'customerName',
  'netMinor',
  'grossMinor',
  'openMinor',
  'currency',
  'provider',
  'status',
  'eInvoiceProfile',
  'orders',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export interface BookSort {
  column: SortColumn;
  direction: 'asc' | 'desc';
}
export const DEFAULT_SORT: BookSort = { column: 'invoiceDate', direction: 'desc' };

/** Normalises the search text the way both indexes are searched. */
export const searchText = (search: string | undefined): string => (search ?? '').trim().toLowerCase();

/** The stored statuses that can show as one of the wanted statuses. */
export function storedStatusesFor(statuses: readonly BookStatus[]): StoredStatus[] {
  const out = new Set<StoredStatus>();
  for (const s of statuses) {
    if (s === 'overdue') {
      out.add('open');
      out.add('partlyPaid');
    } else out.add(s);
  }
  return [...out];
}

export function matches(row: InvoiceRow, filter: BookFilter, today: IsoDate): boolean {
  if (filter.from !== undefined && row.invoiceDate < filter.from) return false;
  if (filter.to !== undefined && row.invoiceDate > filter.to) return false;
  if (filter.customerKey !== undefined && row.customerKey !== filter.customerKey) return false;
  if (filter.provider !== undefined && row.provider !== filter.provider) return false;
  if (filter.statuses !== undefined && filter.statuses.length > 0 && !filter.statuses.includes(displayStatus(row, today))) return false;
  const q = searchText(filter.search);
  if (q !== '') {
    const hit = (row.invoiceNumber ?? '').toLowerCase().startsWith(q) || row.orderNumbers.some((n) => n.toLowerCase().startsWith(q));
    if (!hit) return false;
  }
  return true;
}

const collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });

/** Sorts in place by the column; ties by invoice date, then key, so paging is stable. */
export function sortRows(rows: InvoiceRow[], sort: BookSort, today: IsoDate): InvoiceRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const cmp = comparer(sort.column, today);
  return rows.sort((a, b) => sign * cmp(a, b) || sign * (a.invoiceDate < b.invoiceDate ? -1 : a.invoiceDate > b.invoiceDate ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const STATUS_ORDER: Record<BookStatus, number> = { draft: 0, open: 1, partlyPaid: 2, overdue: 3, paid: 4, cancelled: 5 };

function comparer(column: SortColumn, today: IsoDate): (a: InvoiceRow, b: InvoiceRow) => number {
  const text = (f: (r: InvoiceRow) => string | null) => (a: InvoiceRow, b: InvoiceRow) => {
    const x = f(a);
    const y = f(b);
    // Empty values last in ascending order.
    if (x === null || x === '') return y === null || y === '' ? 0 : 1;
    if (y === null || y === '') return -1;
    return collator.compare(x, y);
  };
  const num = (f: (r: InvoiceRow) => number) => (a: InvoiceRow, b: InvoiceRow) => f(a) - f(b);
  switch (column) {
    case 'invoiceNumber':
      return text((r) => r.invoiceNumber);
    case 'invoiceDate':
      return text((r) => r.invoiceDate);
    case 'dueDate':
      return text((r) => r.dueDate);
    case 'customerName':
      return text((r) => r.customerName);
    case 'currency':
      return text((r) => r.currency);
    case 'provider':
      return text((r) => r.provider);
    case 'eInvoiceProfile':
      return text((r) => r.eInvoiceProfile);
    case 'orders':
      return text((r) => r.orderNumbers[0] ?? null);
    case 'status':
      return num((r) => STATUS_ORDER[displayStatus(r, today)]);
    case 'netMinor':
      return num((r) => r.netMinor);
    case 'grossMinor':
      return num((r) => r.grossMinor);
    case 'openMinor':
      return num((r) => openMinor(r));
  }
}

export interface CurrencyTotals {
  currency: string;
  count: number;
  /** Gross of invoices that are not drafts, less their credit notes. */
  invoicedMinor: number;
  openMinor: number;
  overdueMinor: number;
}

/** Totals per currency of the rows (gross): invoiced, still open, overdue. */
export function totalsPerCurrency(rows: Iterable<InvoiceRow>, today: IsoDate): CurrencyTotals[] {
  const totals = new TotalsAccumulator(today);
  totals.add(rows);
  return totals.result();
}

/** The same totals, added up chunk by chunk (the book reads every row in chunks). */
export class TotalsAccumulator {
  private readonly by = new Map<string, CurrencyTotals>();
  constructor(private readonly today: IsoDate) {}

  add(rows: Iterable<InvoiceRow>): void {
    for (const row of rows) {
      let t = this.by.get(row.currency);
      if (!t) this.by.set(row.currency, (t = { currency: row.currency, count: 0, invoicedMinor: 0, openMinor: 0, overdueMinor: 0 }));
      t.count++;
      if (row.status === 'draft') continue;
      // Cancelled by a correction document: the invoice counts and its credit note takes it back;
      // cancelled with none in the book (voided, sevdesk cancellation not read): it never counted.
      if (row.status === 'cancelled' && row.correctedBy.length === 0) continue;
      const sign = row.documentType === 'creditNote' ? -1 : 1;
      t.invoicedMinor += sign * row.grossMinor;
      if (row.documentType === 'creditNote') continue;
      const open = openMinor(row);
      t.openMinor += open;
      if (displayStatus(row, this.today) === 'overdue') t.overdueMinor += open;
    }
  }

  result(): CurrencyTotals[] {
    return [...this.by.values()].map((t) => ({ ...t })).sort((a, b) => a.currency.localeCompare(b.currency));
  }
}
