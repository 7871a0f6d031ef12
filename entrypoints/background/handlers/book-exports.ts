/**
 * The invoice book's exports for the extension's own pages (#17): settings, "Export new
 * documents" with its count and 24-hour question, "Export range", the export log with
 * preview and re-run. The files are built, checked and logged here, in the background, so a
 * large export never blocks the page; the page gets the exact bytes to download.
 * None of these messages is open to content scripts (see FROM_TMS_PAGES in utils/messaging.ts).
 */
import * as v from 'valibot';
import type { InvoiceBook } from '@/utils/book/book';
import { BookValidationError } from '@/utils/book/db';
import { ExportLog, type ExportOutcome } from '@/utils/book/export/log';
import { exportSettingsItem, exportSettingsOf, ExportSettingsSchema } from '@/utils/book/export/settings';
import type { ExportLogEntry } from '@/utils/book/schema';
import { bytesToBase64 } from '@/utils/base64';
import type { ExportFileView, ExportLogRowView, Failure, RequestOf, ResponseOf } from '@/utils/messaging';
import { failure } from '../services/results';

export interface BookExportDeps {
  book: () => Promise<InvoiceBook>;
  now?: () => Date;
  newId?: () => string;
}

/** How many problems of a failed check go to the page (the first ones say enough). */
const MAX_PROBLEMS = 100;

const refuse = (code: string, message: string, fields?: { field: string; key: string }[]): Failure => ({ ok: false, error: { code, message, ...(fields ? { fields } : {}) } });

export function rowOf(entry: ExportLogEntry): ExportLogRowView {
  return {
    id: entry.id,
    fileName: entry.fileName,
    createdAt: entry.createdAt,
    format: entry.format,
    mode: entry.mode,
    range: entry.range,
    recordCount: entry.recordCount,
    replaced: entry.replacedBy !== null,
    rerunOf: entry.rerunOf,
  };
}

export function createBookExports(deps: BookExportDeps) {
  let cached: { book: InvoiceBook; log: ExportLog } | null = null;
  const exportLog = async (): Promise<ExportLog> => {
    const book = await deps.book();
    if (cached?.book !== book) cached = { book, log: new ExportLog(book.db, book, { ...(deps.now ? { now: deps.now } : {}), ...(deps.newId ? { newId: deps.newId } : {}) }) };
    return cached.log;
  };

  // One export at a time: a double click must not write two files with the same documents.
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  /** One log line by id, read alone (its file is read only for the preview, re-run and download). */
  const logEntry = async (id: string): Promise<ExportLogEntry | null> => (await exportLog()).entry(id);

  const fileOf = async (log: ExportLog, entry: ExportLogEntry): Promise<ExportFileView> => {
    const file = await log.fileOf(entry);
    return { fileName: file.fileName, mimeType: file.mimeType, base64: bytesToBase64(file.bytes) };
  };

  const outcomeView = async (log: ExportLog, outcome: ExportOutcome): Promise<ResponseOf<'runBookExport'>> => {
    switch (outcome.kind) {
      case 'exported':
        return { ok: true, outcome: { kind: 'exported', entries: outcome.entries.map(rowOf), files: await Promise.all(outcome.entries.map((e) => fileOf(log, e))) } };
      case 'nothing':
        return { ok: true, outcome: { kind: 'nothing' } };
      case 'recent':
        return { ok: true, outcome: { kind: 'recent', previous: rowOf(outcome.previous), count: outcome.count } };
      case 'invalid':
        return { ok: true, outcome: { kind: 'invalid', problems: outcome.problems.slice(0, MAX_PROBLEMS) } };
    }
  };

  /** Errors as refusals; a damaged book entry names its field. */
  const guarded = async <T>(work: () => Promise<T>): Promise<T | Failure> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof BookValidationError) return refuse('book-entry-invalid', error.message);
      return failure(error);
    }
  };

  return {
    async getExportSettings(): Promise<ResponseOf<'getExportSettings'>> {
      return exportSettingsOf(await exportSettingsItem.get());
    },

    async saveExportSettings(req: RequestOf<'saveExportSettings'>): Promise<ResponseOf<'saveExportSettings'>> {
      const parsed = v.safeParse(ExportSettingsSchema, req.settings);
      if (!parsed.success) {
        // The page names the field in the user's language; the message keeps valibot's words for "Copy details".
        const issues = parsed.issues.slice(0, 10);
        const fields = issues.map((issue) => ({ field: v.getDotPath(issue) ?? '', key: 'invalid' }));
        const detail = issues.map((issue) => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`).join('; ');
        return refuse('invalid-export-settings', `The export settings were not saved: ${detail}`.slice(0, 2000), fields);
      }
      return guarded(async () => {
        await exportSettingsItem.set(parsed.output);
        return { ok: true as const };
      });
    },

    planBookExport(req: RequestOf<'planBookExport'>): Promise<ResponseOf<'planBookExport'>> {
      return guarded(async () => {
        const plan = await (await exportLog()).planNew(req.format);
        return { ok: true as const, count: plan.count, previous: plan.previous ? rowOf(plan.previous) : null };
      });
    },

    runBookExport(req: RequestOf<'runBookExport'>): Promise<ResponseOf<'runBookExport'>> {
      return oneAtATime(() =>
        guarded(async () => {
          const { settings, datevSaved } = exportSettingsOf(await exportSettingsItem.get());
          if (req.format === 'datev' && !datevSaved) return refuse('datev-not-set-up', 'The DATEV settings (adviser and client number, accounts) were never saved');
          const log = await exportLog();
          if (req.mode === 'range') {
            if (req.from > req.to) return refuse('export-range-order', `${req.from} is after ${req.to}`);
            return outcomeView(log, await log.exportRange(req.format, req.from, req.to, settings));
          }
          return outcomeView(log, await log.exportNew(req.format, settings, { ignoreRecent: req.ignoreRecent }));
        }),
      );
    },

    listBookExports(): Promise<ResponseOf<'listBookExports'>> {
      return guarded(async () => ({ ok: true as const, entries: await (await exportLog()).list() }));
    },

    previewBookExport(req: RequestOf<'previewBookExport'>): Promise<ResponseOf<'previewBookExport'>> {
      return guarded(async () => {
        const entry = await logEntry(req.id);
        if (!entry) return refuse('export-not-found', `No export ${req.id} in the log`);
        const preview = await (await exportLog()).preview(req.id);
        return { ok: true as const, fileName: entry.fileName, ...preview };
      });
    },

    rerunBookExport(req: RequestOf<'rerunBookExport'>): Promise<ResponseOf<'rerunBookExport'>> {
      return oneAtATime(() =>
        guarded(async () => {
          const log = await exportLog();
          if (!(await logEntry(req.id))) return refuse('export-not-found', `No export ${req.id} in the log`);
          const outcome = await log.rerun(req.id);
          const entry = outcome.kind === 'exported' ? outcome.entries[0] : undefined;
          if (!entry) return refuse('internal', 'The re-run wrote no file');
          return { ok: true as const, entry: rowOf(entry), file: await fileOf(log, entry) };
        }),
      );
    },
  };
}

export type BookExports = ReturnType<typeof createBookExports>;
