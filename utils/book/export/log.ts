/**
 * Exports and their log, as a bookkeeper expects (Qargo's invoice export sets the bar):
 * "Export range" and "Export new documents", a log with file name, time, format, record count
 * and a "Replaced?" mark, preview and re-run of the same file, a warning when new documents
 * are exported again in the same format within 24 hours. An invoice corrected or cancelled
 * after it was exported comes back in the next "new documents" file as a reversal (and, if
 * changed, as its new version): an old file is never silently changed.
 */
import type { IsoDate } from '../../domain/dates';
import type { InvoiceBook } from '../book';
import * as v from 'valibot';
import { checkRow, setAside, validRows, type BookDb, type ReadProblem } from '../db';
import type { ExportFileRow, ExportFormat, ExportItem, ExportLogEntry, InvoiceRow } from '../schema';
import { buildCsv, type CsvOptions } from './csv';
import { encodeCp1252 } from './cp1252';
import { buildDatev, DatevBuildError, fiscalYearStart, type DatevOptions } from './datev';
import { parseDelimited } from './delimited';
import { berlinClock } from './format';
import { readMarks, snapshotsOf, writeMarks, type NewMark } from './marks';
import { validateCsv, validateDatev, type ExportProblem } from './validate';

export interface ExportSettings {
  csv: CsvOptions;
  datev: DatevOptions;
}

export const RECENT_EXPORT_MS = 24 * 60 * 60 * 1000;
/** "New since the last export" re-reads a minute before it: the marks drop what was already in a file. */
const SINCE_OVERLAP_MS = 60_000;

export type ExportOutcome =
  | { kind: 'exported'; entries: ExportLogEntry[] }
  | { kind: 'nothing' }
  /** A "new documents" export in this format ran less than 24 hours ago: re-run that one, or export what is new. */
  | { kind: 'recent'; previous: ExportLogEntry; count: number }
  /** The file failed its check before download; nothing was logged or marked. */
  | { kind: 'invalid'; problems: ExportProblem[] };

export interface ExportLogRow {
  id: string;
  fileName: string;
  createdAt: string;
  format: ExportFormat;
  mode: ExportLogEntry['mode'];
  range: ExportLogEntry['range'];
  recordCount: number;
  /** The "Replaced?" mark. */
  replaced: boolean;
  rerunOf: string | null;
}

export interface ExportFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface ExportPreview {
  headings: string[];
  rows: string[][];
  total: number;
}

/** A mark to be written with an export; its log entry is known only then. */
type PendingMark = Omit<NewMark, 'exportId'>;

/** The order records appear in a file: by date and number, a reversal before the new version. */
function byDocument(a: ExportItem, b: ExportItem): number {
  const x = a.snapshot;
  const y = b.snapshot;
  if (x.invoiceDate !== y.invoiceDate) return x.invoiceDate < y.invoiceDate ? -1 : 1;
  const nx = x.invoiceNumber ?? x.invoiceId;
  const ny = y.invoiceNumber ?? y.invoiceId;
  if (nx !== ny) return nx < ny ? -1 : 1;
  return a.kind === b.kind ? 0 : a.kind === 'reversal' ? -1 : 1;
}

export class ExportLog {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(
    private readonly db: BookDb,
    private readonly book: InvoiceBook,
    options: { now?: () => Date; newId?: () => string } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? (() => crypto.randomUUID());
  }

  /** The log, newest first. */
  async list(): Promise<ExportLogRow[]> {
    const entries = await this.entries();
    return entries.map((e) => ({
      id: e.id,
      fileName: e.fileName,
      createdAt: e.createdAt,
      format: e.format,
      mode: e.mode,
      range: e.range,
      recordCount: e.recordCount,
      replaced: e.replacedBy !== null,
      rerunOf: e.rerunOf,
    }));
  }

  /** What "Export new documents" would write now: the count to show first, and a recent export to warn about. */
  async planNew(format: ExportFormat): Promise<{ count: number; previous: ExportLogEntry | null }> {
    const { items } = await this.newItems(format);
    return { count: items.length, previous: await this.recentNew(format) };
  }

  async exportNew(format: ExportFormat, settings: ExportSettings, options: { ignoreRecent?: boolean } = {}): Promise<ExportOutcome> {
    const { items, marks } = await this.newItems(format);
    if (!options.ignoreRecent) {
      const previous = await this.recentNew(format);
      if (previous) return { kind: 'recent', previous, count: items.length };
    }
    if (items.length === 0) return { kind: 'nothing' };
    return this.write(format, 'new', null, items, marks, settings);
  }

  /** Every document dated in the range, as it stands now. */
  async exportRange(format: ExportFormat, from: IsoDate, to: IsoDate, settings: ExportSettings): Promise<ExportOutcome> {
    const rows = (await this.book.matching({ from, to })).filter((r) => r.status !== 'draft' && !(r.status === 'cancelled' && r.correctedBy.length === 0));
    if (rows.length === 0) return { kind: 'nothing' };
    const references = await this.referencesOf(rows);
    const items = rows.map((r): ExportItem => ({ kind: 'document', invoiceKey: r.key, snapshot: r, reference: references.get(r.key) ?? null })).sort(byDocument);
    const marks = rows.map((r) => this.mark(r, r));
    return this.write(format, 'range', { from, to }, items, marks, settings);
  }

  /** The same file again, logged as a re-run; the original gets the "Replaced?" mark. */
  async rerun(id: string): Promise<ExportOutcome> {
    const original = await this.entry(id);
    if (!original) throw new Error(`No export ${id} in the log`);
    // The same file: the re-run's line points to the original's file, never a copy of it.
    const entry = checkRow('exportLog', { ...original, id: this.newId(), mode: 'rerun', createdAt: this.now().toISOString(), rerunOf: original.id, replacedBy: null });
    await this.db.transaction('rw', this.db.exportLog, async () => {
      await this.db.exportLog.put(entry);
      await this.db.exportLog.put(checkRow('exportLog', { ...original, replacedBy: entry.id }));
    });
    return { kind: 'exported', entries: [entry] };
  }

  /** The file's rows as a table (DATEV: only the columns that hold something). */
  async preview(id: string, limit = 200): Promise<ExportPreview> {
    const entry = await this.entry(id);
    if (!entry) throw new Error(`No export ${id} in the log`);
    const content = await this.contentOf(entry);
    const parsed = parseDelimited(content.replace(/^\uFEFF/, ''), entry.format === 'csv' ? settingsSeparator(content) : ';');
    if (!parsed.ok) throw new Error(`The stored file ${entry.fileName} cannot be read: row ${parsed.row}: ${parsed.message}`);
    const table = parsed.rows.map((r) => r.map((f) => f.value));
    const [headings = [], ...rows] = entry.format === 'datev' ? table.slice(1) : table;
    const used = entry.format === 'datev' ? headings.map((_, c) => rows.some((r) => (r[c] ?? '') !== '')) : headings.map(() => true);
    const keep = <T>(cells: T[]) => cells.filter((_, c) => used[c]);
    return { headings: keep(headings), rows: rows.slice(0, limit).map(keep), total: rows.length };
  }

  /** The bytes to download: CSV in UTF-8 with BOM, DATEV in Windows-1252. */
  async fileOf(entry: ExportLogEntry): Promise<ExportFile> {
    const content = await this.contentOf(entry);
    const bytes = entry.format === 'datev' ? encodeCp1252(content) : new TextEncoder().encode(content);
    return { fileName: entry.fileName, mimeType: entry.format === 'datev' ? 'text/csv;charset=windows-1252' : 'text/csv;charset=utf-8', bytes };
  }

  /** The text of an export's file, read only now (Preview, Re-run, download). */
  async contentOf(entry: ExportLogEntry): Promise<string> {
    const problems: ReadProblem[] = [];
    const [file] = validRows('exportFiles', [await this.db.exportFiles.get(entry.fileId)].filter((f) => f !== undefined), problems);
    if (problems.length > 0) await setAside(this.db, problems, this.now().toISOString());
    if (!file) throw new Error(`The file of export ${entry.fileName} is missing or damaged`);
    return file.content;
  }

  /** One line of the log by id, read alone. */
  async entry(id: string): Promise<ExportLogEntry | null> {
    const raw = await this.db.exportLog.get(id);
    if (raw === undefined) return null;
    const problems: ReadProblem[] = [];
    const [entry] = validRows('exportLog', [raw], problems);
    if (problems.length > 0) await setAside(this.db, problems, this.now().toISOString());
    return entry ?? null;
  }

  // ----------------------------------------------------------------------------------------

  private async entries(): Promise<ExportLogEntry[]> {
    const problems: ReadProblem[] = [];
    const entries = validRows('exportLog', await this.db.exportLog.orderBy('createdAt').reverse().toArray(), problems);
    if (problems.length > 0) await setAside(this.db, problems, this.now().toISOString());
    return entries;
  }

  private async recentNew(format: ExportFormat): Promise<ExportLogEntry | null> {
    const cutoff = this.now().getTime() - RECENT_EXPORT_MS;
    const entries = await this.entries();
    return entries.find((e) => e.format === format && isNewExport(e, entries) && new Date(e.createdAt).getTime() > cutoff) ?? null;
  }

  /**
   * Documents created or changed since the last "new documents" export in this format, as
   * records: never exported → the document; exported and changed → reversal of the exported
   * version, then the new one; exported and cancelled → a reversal, unless a credit note in
   * the book carries the cancellation (it is a document of its own, so it is exported itself).
   */
  private async newItems(format: ExportFormat): Promise<{ items: ExportItem[]; marks: PendingMark[] }> {
    const entries = await this.entries();
    const lastNew = entries.find((e) => e.format === format && e.mode === 'new');
    const since = lastNew ? new Date(new Date(lastNew.createdAt).getTime() - SINCE_OVERLAP_MS).toISOString() : null;
    const candidates = await this.book.documentsChangedAfter(since);
    const marks = await readMarks(this.db, format, candidates.map((r) => r.key));
    // The exported versions are read only for the invoices that changed since their export.
    const changed = candidates.flatMap((r) => {
      const mark = marks.get(r.key);
      return mark && mark.changedAt !== null && mark.changedAt !== r.documentChangedAt && r.status !== 'draft' ? [mark] : [];
    });
    const snapshots = await snapshotsOf(this.db, changed);
    const references = await this.referencesOf(candidates);

    const items: ExportItem[] = [];
    const newMarks: PendingMark[] = [];
    for (const row of candidates) {
      if (row.status === 'draft') continue;
      const reference = references.get(row.key) ?? null;
      const mark = marks.get(row.key);
      const cancelledAlone = row.status === 'cancelled' && row.correctedBy.length === 0;
      if (!mark || mark.changedAt === null) {
        // Never in a file (or reversed before): a document unless it was voided without one.
        if (cancelledAlone) continue;
        items.push({ kind: 'document', invoiceKey: row.key, snapshot: row, reference });
        newMarks.push(this.mark(row, row));
        continue;
      }
      if (mark.changedAt === row.documentChangedAt) continue;
      const exported = snapshots.get(row.key)!;
      if (row.status === 'cancelled') {
        if (row.correctedBy.length > 0) {
          newMarks.push(this.mark(row, row));
          continue;
        }
        items.push({ kind: 'reversal', invoiceKey: row.key, snapshot: exported, reference: exported.invoiceNumber });
        newMarks.push(this.mark(row, null));
        continue;
      }
      items.push({ kind: 'reversal', invoiceKey: row.key, snapshot: exported, reference: exported.invoiceNumber });
      items.push({ kind: 'document', invoiceKey: row.key, snapshot: row, reference });
      newMarks.push(this.mark(row, row));
    }
    return { items: items.sort(byDocument), marks: newMarks };
  }

  /** A mark to be written with the export (its export id is filled in then). */
  private mark(row: InvoiceRow, snapshot: InvoiceRow | null): PendingMark {
    return { invoiceKey: row.key, snapshot };
  }

  /** The invoice numbers credit notes refer to. */
  private async referencesOf(rows: readonly InvoiceRow[]): Promise<Map<string, string>> {
    const wanted = rows.filter((r) => r.correctionOf !== null);
    const originals = await this.db.invoices.bulkGet(wanted.map((r) => r.correctionOf!));
    const out = new Map<string, string>();
    wanted.forEach((r, i) => {
      const number = (originals[i] as { invoiceNumber?: unknown } | undefined)?.invoiceNumber;
      if (typeof number === 'string') out.set(r.key, number);
    });
    return out;
  }

  private async write(
    format: ExportFormat,
    mode: 'new' | 'range',
    range: { from: IsoDate; to: IsoDate } | null,
    items: ExportItem[],
    marks: PendingMark[],
    settings: ExportSettings,
  ): Promise<ExportOutcome> {
    const createdAt = this.now();
    const files: Array<{ fileName: string; content: string; items: ExportItem[] }> = [];
    if (format === 'csv') {
      const content = buildCsv(items, settings.csv);
      const problems = validateCsv(content, settings.csv);
      if (problems.length > 0) return { kind: 'invalid', problems };
      const clock = berlinClock(createdAt);
      const what = mode === 'new' ? 'neu' : `${range!.from}_${range!.to}`;
      files.push({ fileName: `Rechnungen_${what}_${clock.date}_${clock.time.replaceAll(':', '')}.csv`, content, items });
    } else {
      // One file per fiscal and calendar year: DATEV takes the booking date's year from the header.
      const groups = new Map<string, ExportItem[]>();
      for (const item of items) {
        const d = item.snapshot.invoiceDate;
        const key = `${fiscalYearStart(d, settings.datev.fiscalYearStartMonth)}|${d.slice(0, 4)}`;
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
      }
      for (const group of [...groups.keys()].sort()) {
        const groupItems = groups.get(group)!;
        let file;
        try {
          file = buildDatev(groupItems, settings.datev, createdAt);
        } catch (error) {
          if (error instanceof DatevBuildError) return { kind: 'invalid', problems: [{ row: error.row, field: error.field, message: error.message }] };
          throw error;
        }
        const problems = validateDatev(file.content, settings.datev);
        if (problems.length > 0) return { kind: 'invalid', problems };
        files.push({ fileName: file.fileName, content: file.content, items: groupItems });
      }
    }

    const at = createdAt.toISOString();
    const written = files.map((f) => {
      const id = this.newId();
      const entry = checkRow('exportLog', { id, format, mode, range, fileName: f.fileName, createdAt: at, recordCount: f.items.length, fileId: id, rerunOf: null, replacedBy: null });
      // The text alone is checked here: the records were built from rows validated when read.
      const file: ExportFileRow = { id, content: v.parse(v.string(), f.content) };
      return { entry, file, items: f.items };
    });
    const exportOf = new Map<string, string>();
    for (const w of written) for (const item of w.items) exportOf.set(item.invoiceKey, w.entry.id);
    // Marks carry snapshots of rows validated when read: they are written as they are.
    const finalMarks = marks.map((m): NewMark => ({ ...m, exportId: exportOf.get(m.invoiceKey) ?? written[0]!.entry.id }));
    const entries = written.map((w) => w.entry);
    await this.db.transaction('rw', [this.db.exportLog, this.db.exportFiles, this.db.exportMarks, this.db.exportSnapshots], async () => {
      await this.db.exportFiles.bulkPut(written.map((w) => w.file));
      await this.db.exportLog.bulkPut(entries);
      await writeMarks(this.db, format, finalMarks, at);
    });
    return { kind: 'exported', entries };
  }
}

/** A "new documents" export, or a re-run of one. */
function isNewExport(entry: ExportLogEntry, all: readonly ExportLogEntry[]): boolean {
  let current: ExportLogEntry | undefined = entry;
  for (let hops = 0; current && hops <= all.length; hops++) {
    if (current.mode !== 'rerun') return current.mode === 'new';
    const parent: string | null = current.rerunOf;
    current = all.find((e) => e.id === parent);
  }
  return false;
}

/** A CSV file's separator, as its heading line shows it (the settings may have changed since). */
function settingsSeparator(content: string): string {
  const head = content.replace(/^\uFEFF/, '').split('\r\n', 1)[0] ?? '';
  for (const sep of [';', '\t', ',']) if (head.includes(sep)) return sep;
  return ';';
}
