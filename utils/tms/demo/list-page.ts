/** Reads the demo TMS's order list: its rows, their selection, and what each row shows. */
import type { ListRow, OrderSummary } from '../adapter';
import { readPrice } from '../read-order';
import { parseGermanDate, type IsoDate } from '../../domain/dates';
import { DEMO_TMS, STATUS_WORDS } from './selectors';

const S = DEMO_TMS.list;

const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

export function findOrderTable(root: ParentNode): HTMLTableElement | null {
  for (const table of root.querySelectorAll<HTMLTableElement>(S.table)) {
    if (text(table.caption) === S.caption) return table;
  }
  return null;
}

/** The TMS id from an order link such as /orders/o-0001. */
export function orderIdFromHref(href: string | null): string | null {
  if (!href) return null;
  const match = /^\/orders\/([^/?#]+)/.exec(href);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

export function columnIndexes(table: HTMLTableElement): Record<keyof typeof S.columns, number> {
  const headers = [...(table.tHead?.querySelector('tr')?.cells ?? [])].map((cell) => text(cell));
  const index = (label: string) => headers.indexOf(label);
  return {
    number: index(S.columns.number),
    customer: index(S.columns.customer),
    price: index(S.columns.price),
    status: index(S.columns.status),
  };
}

export function listRows(root: ParentNode): ListRow[] {
  const table = findOrderTable(root);
  if (!table) return [];
  const rows: ListRow[] = [];
  for (const row of table.querySelectorAll<HTMLTableRowElement>(S.rows)) {
    const checkbox = row.querySelector<HTMLInputElement>(S.checkbox);
    const id = orderIdFromHref(row.querySelector(S.orderLink)?.getAttribute('href') ?? null);
    if (checkbox && id) rows.push({ id, row, checkbox });
  }
  return rows;
}

export function summariseRow(row: ListRow, columns?: ReturnType<typeof columnIndexes>): OrderSummary {
  const tr = row.row as HTMLTableRowElement;
  const cols = columns ?? columnIndexes(tr.closest('table')!);
  const cell = (i: number) => (i >= 0 ? tr.cells[i] : undefined);
  const statusText = text(cell(cols.status));
  return {
    id: row.id,
    number: text(cell(cols.number)) || row.id,
    customerName: text(cell(cols.customer)),
    price: readPrice(cell(cols.price)?.textContent).price ?? null,
    status: STATUS_WORDS[statusText] ?? statusText,
  };
}

/** The row of a row checkbox (not the select-all box in the header). */
export function rowOf(checkbox: Element): ListRow | null {
  if (!(checkbox instanceof HTMLInputElement) || checkbox.type !== 'checkbox') return null;
  const row = checkbox.closest('tr');
  if (!row || row.parentElement?.tagName !== 'TBODY') return null;
  const table = row.closest('table');
  if (!table || text(table.caption) !== S.caption) return null;
  const id = orderIdFromHref(row.querySelector(S.orderLink)?.getAttribute('href') ?? null);
  return id && row.querySelector(S.checkbox) === checkbox ? { id, row, checkbox } : null;
}

/** The date in a row's "Delivery" column ("12.11.2026"), or null. */
export function rowDeliveredOn(row: ListRow): IsoDate | null {
  const tr = row.row as HTMLTableRowElement;
  const table = tr.closest('table');
  if (!table) return null;
  const index = [...(table.tHead?.querySelector('tr')?.cells ?? [])].findIndex((cell) => text(cell) === S.deliveryColumn);
  return index >= 0 ? parseGermanDate(text(tr.cells[index])) : null;
}
