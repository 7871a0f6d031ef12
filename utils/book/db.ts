/**
 * The invoice book on IndexedDB through Dexie. The background owns it; pages ask the
 * background. Rows are validated on the way in (a bad row is refused with the failing field)
 * and on the way out (a bad row is skipped, reported and set aside, never overwritten).
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import * as v from 'valibot';
import {
  ExportFileRowSchema,
  ExportLogEntrySchema,
  ExportedMarkSchema,
  type ExportMarkIndex,
  type ExportSnapshots,
  InvoiceRowSchema,
  OrderInvoicesSchema,
  OrderLinkSchema,
  type ExportFileRow,
  type ExportLogEntry,
  type InvoiceRow,
  type OrderInvoices,
  type OrderLink,
  type RejectedRow,
} from './schema';

export const BOOK_DB_NAME = 'frachtbeleg-book';

/** A key-value row for the book's own bookkeeping (migration state, last poll per provider). */
export interface MetaRow {
  key: string;
  value: unknown;
}

export class BookDb extends Dexie {
  invoices!: Table<InvoiceRow, string>;
  orders!: Table<OrderLink, [string, string, string]>;
  exportLog!: Table<ExportLogEntry, string>;
  rejected!: Table<RejectedRow, number>;
  meta!: Table<MetaRow, string>;
  exportFiles!: Table<ExportFileRow, string>;
  orderInvoices!: Table<OrderInvoices, [string, string]>;
  exportMarks!: Table<ExportMarkIndex, string>;
  exportSnapshots!: Table<ExportSnapshots, string>;

  constructor(name: string, deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
    super(name, deps ? { indexedDB: deps.indexedDB, IDBKeyRange: deps.IDBKeyRange } : undefined);
    this.version(1).stores({
      // [status+dueDate] answers "overdue" without a scan; *searchKeys finds an invoice by the
      // beginning of its number or of one of its order numbers.
      invoices: 'key, invoiceNumber, customerKey, invoiceDate, status, [status+dueDate], provider, documentChangedAt, *searchKeys',
      orders: '[origin+orderId+invoiceKey], [origin+orderId], invoiceKey, orderNumber',
      exportLog: 'id, [format+createdAt], createdAt',
      exported: 'key, exportId',
      rejected: '++id, source',
      meta: 'key',
    });
    // Version 2: [status+invoiceDate] pages a status filter in date order straight from the
    // index; orderInvoices answers "is this order invoiced?" with one read by key per order
    // (range reads per order were the cost); the export log keeps its lines apart from the
    // files (exportFiles), so listing the log no longer reads every file.
    this.version(2)
      .stores({
        invoices: 'key, invoiceNumber, customerKey, invoiceDate, status, [status+dueDate], [status+invoiceDate], provider, documentChangedAt, *searchKeys',
        exportFiles: 'id',
        orderInvoices: '[origin+orderId]',
      })
      .upgrade((tx) => upgradeToVersion2(tx));
    // Version 3: the export marks as one row per format (exportMarks) and the exported versions
    // as one row per export (exportSnapshots), instead of one row per exported invoice with an
    // index no query used: writing those rows was most of an export's time in Chromium.
    this.version(3)
      .stores({
        exported: null,
        exportMarks: 'format',
        exportSnapshots: 'id, format',
      })
      .upgrade((tx) => upgradeToVersion3(tx));
  }
}

/**
 * The upgrade to version 3: every mark of version 2 is moved into its format's row, its
 * exported version into the row of its export. A mark that fails its check is kept as it was
 * in the row's `damaged` list (an export needing it stops, as before), or, when not even its
 * format and invoice can be read, in `rejected`. A failure rolls the upgrade back and the
 * book stays at version 2 with every mark.
 */
async function upgradeToVersion3(tx: Transaction): Promise<void> {
  const indexes = new Map<string, ExportMarkIndex>();
  const snapshots = new Map<string, ExportSnapshots>();
  const rejected: RejectedRow[] = [];
  const at = new Date().toISOString();
  await tx
    .table('exported')
    .toCollection()
    .each((raw: unknown) => {
      const parsed = v.safeParse(ExportedMarkSchema, raw);
      const key = (raw as { key?: unknown } | null)?.key;
      const [format, ...rest] = typeof key === 'string' ? key.split('|') : [];
      const invoiceKey = rest.join('|');
      if (!parsed.success) {
        const { field, detail } = firstIssue(parsed.issues);
        const reason = field ? `${field}: ${detail}` : detail;
        if ((format === 'csv' || format === 'datev') && invoiceKey !== '') indexOf(indexes, format).damaged.push({ invoiceKey, reason, raw });
        else rejected.push({ source: 'exported', reason, raw, at });
        return;
      }
      const mark = parsed.output;
      const index = indexOf(indexes, mark.format);
      index.invoiceKeys.push(mark.invoiceKey);
      index.exportIds.push(mark.exportId);
      index.changedAt.push(mark.snapshot?.documentChangedAt ?? null);
      index.at.push(mark.at);
      if (mark.snapshot) {
        const row = snapshots.get(mark.exportId) ?? { id: mark.exportId, format: mark.format, rows: [] };
        row.rows.push(mark.snapshot);
        snapshots.set(mark.exportId, row);
      }
    });
  await tx.table('exportMarks').bulkPut([...indexes.values()]);
  await tx.table('exportSnapshots').bulkPut([...snapshots.values()]);
  if (rejected.length > 0) await tx.table('rejected').bulkAdd(rejected);
}

function indexOf(indexes: Map<string, ExportMarkIndex>, format: 'csv' | 'datev'): ExportMarkIndex {
  const index = indexes.get(format) ?? { format, invoiceKeys: [], exportIds: [], changedAt: [], at: [], damaged: [] };
  indexes.set(format, index);
  return index;
}

/**
 * The upgrade to version 2, in the upgrade transaction (a failure rolls it back and the
 * book stays at version 1 with every row). Rows are moved as they are, valid or not: a
 * damaged row is set aside later by the reads that validate, never dropped here.
 */
async function upgradeToVersion2(tx: Transaction): Promise<void> {
  const orderInvoices = new Map<string, { origin: unknown; orderId: unknown; invoiceKeys: unknown[] }>();
  await tx
    .table('orders')
    .toCollection()
    .each((raw: unknown) => {
      const link = raw as { origin?: unknown; orderId?: unknown; invoiceKey?: unknown };
      const id = JSON.stringify([link.origin, link.orderId]);
      const entry = orderInvoices.get(id) ?? { origin: link.origin, orderId: link.orderId, invoiceKeys: [] };
      if (!entry.invoiceKeys.includes(link.invoiceKey)) entry.invoiceKeys.push(link.invoiceKey);
      orderInvoices.set(id, entry);
    });
  await tx.table('orderInvoices').bulkPut([...orderInvoices.values()]);
  const files: unknown[] = [];
  await tx
    .table('exportLog')
    .toCollection()
    .modify((entry: Record<string, unknown>) => {
      if (typeof entry.fileId === 'string') return;
      files.push({ id: entry.id, content: entry.content, items: entry.items });
      entry.fileId = entry.id;
      delete entry.content;
      delete entry.items;
    });
  await tx.table('exportFiles').bulkPut(files);
}

/**
 * Writes order links and adds their invoices to `orderInvoices` (in the caller's transaction,
 * which must include both tables).
 */
export async function putOrderLinks(db: BookDb, links: readonly OrderLink[]): Promise<void> {
  if (links.length === 0) return;
  await db.orders.bulkPut([...links]);
  const pairs = [...new Map(links.map((l) => [JSON.stringify([l.origin, l.orderId]), [l.origin, l.orderId] as [string, string]])).values()];
  const stored = await db.orderInvoices.bulkGet(pairs);
  const next = new Map<string, OrderInvoices>();
  pairs.forEach(([origin, orderId], i) => {
    const parsed = v.safeParse(OrderInvoicesSchema, stored[i]);
    // A damaged row is rebuilt from the order links, which are the record.
    next.set(JSON.stringify([origin, orderId]), { origin, orderId, invoiceKeys: parsed.success ? [...parsed.output.invoiceKeys] : [] });
  });
  for (const link of links) {
    const row = next.get(JSON.stringify([link.origin, link.orderId]))!;
    if (!row.invoiceKeys.includes(link.invoiceKey)) row.invoiceKeys.push(link.invoiceKey);
  }
  const damaged = pairs.filter((_, i) => stored[i] !== undefined && !v.safeParse(OrderInvoicesSchema, stored[i]).success);
  for (const [origin, orderId] of damaged) {
    const all = await db.orders.where('[origin+orderId]').equals([origin, orderId]).toArray();
    const row = next.get(JSON.stringify([origin, orderId]))!;
    for (const l of all) if (typeof l.invoiceKey === 'string' && !row.invoiceKeys.includes(l.invoiceKey)) row.invoiceKeys.push(l.invoiceKey);
  }
  await db.orderInvoices.bulkPut([...next.values()]);
}

/** Opens (creating or upgrading) the book. Tests pass fake-indexeddb's factory. */
export function openBookDb(name = BOOK_DB_NAME, deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }): BookDb {
  return new BookDb(name, deps);
}

// ------------------------------------------------------------------------------------------
// Validation at the boundary

export class BookValidationError extends Error {
  constructor(
    readonly what: string,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${what}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'BookValidationError';
  }
}

/** The first issue of a failed parse as "field" and "message", for errors users can act on. */
export function firstIssue(issues: readonly v.BaseIssue<unknown>[]): { field: string; detail: string } {
  const issue = issues[0];
  if (!issue) return { field: '', detail: 'invalid' };
  const field = v.getDotPath(issue) ?? '';
  return { field, detail: issue.message };
}

const SCHEMAS = {
  invoices: InvoiceRowSchema,
  orders: OrderLinkSchema,
  exportLog: ExportLogEntrySchema,
  exportFiles: ExportFileRowSchema,
} as const;
type Checked = keyof typeof SCHEMAS;
type RowOf<T extends Checked> = v.InferOutput<(typeof SCHEMAS)[T]>;

/** Validates a row before it is written; throws a BookValidationError naming the field. */
export function checkRow<T extends Checked>(table: T, row: unknown): RowOf<T> {
  const result = v.safeParse(SCHEMAS[table], row);
  if (!result.success) {
    const { field, detail } = firstIssue(result.issues);
    throw new BookValidationError(table, field, detail);
  }
  return result.output as RowOf<T>;
}

export interface ReadProblem {
  table: Checked;
  raw: unknown;
  reason: string;
}

/**
 * Splits rows read from a table into valid ones and problems. The caller shows the valid
 * ones and hands the problems to `setAside`.
 */
export function validRows<T extends Checked>(table: T, rows: readonly unknown[], problems: ReadProblem[]): RowOf<T>[] {
  const out: RowOf<T>[] = [];
  for (const raw of rows) {
    const result = v.safeParse(SCHEMAS[table], raw);
    if (result.success) out.push(result.output as RowOf<T>);
    else {
      const { field, detail } = firstIssue(result.issues);
      problems.push({ table, raw, reason: field ? `${field}: ${detail}` : detail });
    }
  }
  return out;
}

function primaryKeyOf(table: Checked, raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (table === 'orders') return [r.origin, r.orderId, r.invoiceKey];
  if (table === 'exportLog' || table === 'exportFiles') return r.id;
  return r.key;
}

/**
 * Moves rows that failed validation into the `rejected` table, as they were. A row is only
 * moved if it is still stored unchanged, so a concurrent repair is never undone.
 */
export async function setAside(db: BookDb, problems: readonly ReadProblem[], at: string): Promise<number> {
  let moved = 0;
  if (problems.length === 0) return 0;
  await db.transaction('rw', [db.invoices, db.orders, db.exportLog, db.exportFiles, db.rejected], async () => {
    for (const p of problems) {
      const key = primaryKeyOf(p.table, p.raw);
      const table = db.table(p.table);
      if (key === undefined) continue;
      const current: unknown = await table.get(key as never);
      if (current === undefined || JSON.stringify(current) !== JSON.stringify(p.raw)) continue;
      await db.rejected.add({ source: p.table, reason: p.reason, raw: p.raw, at });
      await table.delete(key as never);
      moved++;
    }
  });
  return moved;
}
