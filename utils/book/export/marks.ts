/**
 * The export marks (what was last exported of each invoice, per format): the base for
 * "new since the last export" and for the reversal of a version that changed after it was in
 * a file. Since book version 3 they are one row per format (`exportMarks`, see
 * ExportMarkIndexSchema) and one row of exported versions per log entry (`exportSnapshots`),
 * so an export writes a handful of rows instead of one per invoice.
 */
import * as v from 'valibot';
import { firstIssue, type BookDb } from '../db';
import { ExportMarkIndexSchema, ExportSnapshotsSchema, InvoiceRowSchema, type ExportFormat, type ExportMarkIndex, type ExportSnapshots, type InvoiceRow } from '../schema';

/** What was last exported of one invoice in a format. */
export interface ExportMark {
  invoiceKey: string;
  exportId: string;
  /** `documentChangedAt` of the version in the file; null once a reversal took it back out. */
  changedAt: string | null;
  at: string;
}

/** A mark to be written with an export: the version written, or null for a reversal alone. */
export interface NewMark {
  invoiceKey: string;
  exportId: string;
  snapshot: InvoiceRow | null;
}

export class DamagedMarksError extends Error {
  constructor(reason: string) {
    super(`The export marks are damaged (${reason}); nothing was exported`);
    this.name = 'DamagedMarksError';
  }
}

const emptyIndex = (format: ExportFormat): ExportMarkIndex => ({ format, invoiceKeys: [], exportIds: [], changedAt: [], at: [], damaged: [] });

async function readIndex(db: BookDb, format: ExportFormat): Promise<ExportMarkIndex> {
  const raw = await db.exportMarks.get(format);
  if (raw === undefined) return emptyIndex(format);
  const parsed = v.safeParse(ExportMarkIndexSchema, raw);
  if (!parsed.success) {
    const { field, detail } = firstIssue(parsed.issues);
    throw new DamagedMarksError(field ? `${field}: ${detail}` : detail);
  }
  return parsed.output;
}

/**
 * The marks of the given invoices in a format (invoices never exported have none). Throws
 * DamagedMarksError when one of them is damaged, as version 2 did for a damaged mark row.
 */
export async function readMarks(db: BookDb, format: ExportFormat, invoiceKeys: readonly string[]): Promise<Map<string, ExportMark>> {
  const index = await readIndex(db, format);
  const wanted = new Set(invoiceKeys);
  const damaged = index.damaged.find((d) => wanted.has(d.invoiceKey));
  if (damaged) throw new DamagedMarksError(damaged.reason);
  const out = new Map<string, ExportMark>();
  index.invoiceKeys.forEach((invoiceKey, i) => {
    if (wanted.has(invoiceKey)) out.set(invoiceKey, { invoiceKey, exportId: index.exportIds[i]!, changedAt: index.changedAt[i]!, at: index.at[i]! });
  });
  return out;
}

/** The exported versions of these marks (only marks with a version in a file), each checked as a row. */
export async function snapshotsOf(db: BookDb, marks: readonly ExportMark[]): Promise<Map<string, InvoiceRow>> {
  const byExport = new Map<string, Set<string>>();
  for (const m of marks) {
    if (m.changedAt === null) continue;
    const keys = byExport.get(m.exportId) ?? new Set<string>();
    keys.add(m.invoiceKey);
    byExport.set(m.exportId, keys);
  }
  const ids = [...byExport.keys()];
  const stored = await db.exportSnapshots.bulkGet(ids);
  const out = new Map<string, InvoiceRow>();
  ids.forEach((id, i) => {
    const parsed = v.safeParse(ExportSnapshotsSchema, stored[i]);
    if (!parsed.success) throw new DamagedMarksError(`the exported versions of export ${id} are missing or damaged`);
    const keys = byExport.get(id)!;
    for (const raw of parsed.output.rows) {
      if (!keys.has(raw.key)) continue;
      const row = v.safeParse(InvoiceRowSchema, raw);
      if (!row.success) throw new DamagedMarksError(`${raw.key}: ${firstIssue(row.issues).field}: ${firstIssue(row.issues).detail}`);
      out.set(raw.key, row.output);
    }
    for (const key of keys) if (!out.has(key)) throw new DamagedMarksError(`the exported version of ${key} is missing from export ${id}`);
  });
  return out;
}

/**
 * Writes the marks of an export in one format (in the caller's transaction, which must
 * include `exportMarks` and `exportSnapshots`): one index row, one row of versions per log
 * entry, and the rows of versions no mark points to any more are removed.
 */
export async function writeMarks(db: BookDb, format: ExportFormat, marks: readonly NewMark[], at: string): Promise<void> {
  if (marks.length === 0) return;
  const index = await readIndex(db, format);
  const position = new Map(index.invoiceKeys.map((k, i) => [k, i]));
  const snapshots = new Map<string, ExportSnapshots>();
  for (const mark of marks) {
    const changedAt = mark.snapshot?.documentChangedAt ?? null;
    const i = position.get(mark.invoiceKey);
    if (i === undefined) {
      position.set(mark.invoiceKey, index.invoiceKeys.length);
      index.invoiceKeys.push(mark.invoiceKey);
      index.exportIds.push(mark.exportId);
      index.changedAt.push(changedAt);
      index.at.push(at);
    } else {
      index.exportIds[i] = mark.exportId;
      index.changedAt[i] = changedAt;
      index.at[i] = at;
    }
    if (mark.snapshot) {
      const row = snapshots.get(mark.exportId) ?? { id: mark.exportId, format, rows: [] };
      row.rows.push(mark.snapshot);
      snapshots.set(mark.exportId, row);
    }
  }
  // A mark written now replaces a damaged one: the invoice's state is known again.
  const marked = new Set(marks.map((m) => m.invoiceKey));
  index.damaged = index.damaged.filter((d) => !marked.has(d.invoiceKey));
  const referenced = new Set(index.exportIds.filter((_, i) => index.changedAt[i] !== null));
  const unused = (await db.exportSnapshots.where('format').equals(format).primaryKeys()).filter((id) => !referenced.has(id) && !snapshots.has(id));
  await db.exportMarks.put(index);
  await db.exportSnapshots.bulkPut([...snapshots.values()]);
  if (unused.length > 0) await db.exportSnapshots.bulkDelete(unused);
}
