/**
 * The shape of the export settings, on the wire and in storage (no storage access here: the
 * protocol imports it, and content scripts must not carry storage code).
 */
import * as v from 'valibot';
import { CSV_COLUMNS, CSV_SEPARATORS } from './csv';

const Digits = v.pipe(v.string(), v.trim(), v.regex(/^\d{4,9}$/, 'digits only'));

export const CsvSettingsSchema = v.object({
  columns: v.pipe(
    v.array(v.picklist(CSV_COLUMNS)),
    v.minLength(1, 'choose at least one column'),
    v.check((columns) => new Set(columns).size === columns.length, 'each column once'),
  ),
  separator: v.picklist(CSV_SEPARATORS),
  language: v.picklist(['de', 'en']),
  guardFormulas: v.boolean(),
});

export const DatevSettingsSchema = v.pipe(
  v.object({
    beraterNummer: v.pipe(v.number(), v.integer(), v.minValue(1001), v.maxValue(9_999_999)),
    mandantenNummer: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(99_999)),
    fiscalYearStartMonth: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(12)),
    accountLength: v.pipe(v.number(), v.integer(), v.minValue(4), v.maxValue(8)),
    chart: v.picklist(['SKR03', 'SKR04']),
    revenueAccounts: v.object({
      domestic: Digits,
      intraEuReverseCharge: Digits,
      thirdCountry: Digits,
      exemptExport: Digits,
      smallBusiness: Digits,
    }),
    collectiveDebtor: Digits,
    useCustomerNumberAsDebtor: v.boolean(),
    lock: v.boolean(),
  }),
  // DATEV refuses accounts of another length than the header's Sachkontenlänge (debtors: one more).
  v.forward(
    v.check((d) => Object.values(d.revenueAccounts).every((a) => a.length === d.accountLength), 'revenue accounts must have as many digits as the account length'),
    ['revenueAccounts'],
  ),
  v.forward(
    v.check((d) => d.collectiveDebtor.length === d.accountLength + 1 && !d.collectiveDebtor.startsWith('0'), 'the collective debtor has one digit more than the account length'),
    ['collectiveDebtor'],
  ),
);

export const ExportSettingsSchema = v.object({ csv: CsvSettingsSchema, datev: DatevSettingsSchema });
