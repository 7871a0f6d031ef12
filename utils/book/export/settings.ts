/**
 * The export settings the user keeps (storage.local, `local:exportSettings`): CSV columns,
 * separator and heading language; the DATEV chart, revenue accounts per tax case and the
 * adviser's numbers. Validated on the way in and out; an unreadable stored value goes to the
 * quarantine (defineStoredItem), never silently replaced by defaults that then land in a file.
 */
import * as v from 'valibot';
import { defineStoredItem } from '../../storage';
import { BookTaxCaseSchema, type BookTaxCase } from '../schema';
import { DEFAULT_CSV_OPTIONS } from './csv';
import { defaultDatevOptions, DEFAULT_REVENUE_ACCOUNTS, type Chart } from './datev';
import { CsvSettingsSchema, DatevSettingsSchema, type ExportSettingsSchema } from './settings-schema';

export { CsvSettingsSchema, DatevSettingsSchema, ExportSettingsSchema } from './settings-schema';

export const TAX_CASES_FOR_ACCOUNTS = BookTaxCaseSchema.options;

/**
 * What is stored. `datev` stays null until the user saved it once: the adviser's and client's
 * numbers have no sensible default, so a DATEV export waits for them.
 */
export const StoredExportSettingsSchema = v.object({
  csv: v.optional(CsvSettingsSchema, () => ({ ...DEFAULT_CSV_OPTIONS, columns: [...DEFAULT_CSV_OPTIONS.columns] })),
  datev: v.optional(v.nullable(DatevSettingsSchema), null),
});
export type StoredExportSettings = v.InferOutput<typeof StoredExportSettingsSchema>;

export const exportSettingsItem = defineStoredItem('local:exportSettings', StoredExportSettingsSchema, {
  fallback: { csv: { ...DEFAULT_CSV_OPTIONS, columns: [...DEFAULT_CSV_OPTIONS.columns] }, datev: null },
  version: 1,
});

/** The settings the builders take: DATEV's defaults stand in until the user saved them. */
export function exportSettingsOf(stored: StoredExportSettings): { settings: v.InferOutput<typeof ExportSettingsSchema>; datevSaved: boolean } {
  return { settings: { csv: stored.csv, datev: stored.datev ?? defaultDatevOptions('SKR03') }, datevSaved: stored.datev !== null };
}

/** Switching the chart takes the other chart's default accounts, unless the user changed them. */
export function accountsForChart(current: Record<BookTaxCase, string>, from: Chart, to: Chart): Record<BookTaxCase, string> {
  const untouched = TAX_CASES_FOR_ACCOUNTS.every((c) => current[c] === DEFAULT_REVENUE_ACCOUNTS[from][c]);
  return untouched ? { ...DEFAULT_REVENUE_ACCOUNTS[to] } : { ...current };
}
