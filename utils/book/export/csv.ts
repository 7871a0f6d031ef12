/**
 * CSV for a factoring company or a spreadsheet (fact sheet §7.2): columns and separator as the
 * user maps them, UTF-8 with BOM so Excel reads umlauts, decimal comma, dates as TT.MM.JJJJ,
 * RFC 4180 quoting and CRLF. Credit notes and reversals carry negative amounts.
 */
import type { ExportItem } from '../schema';
import { quoteField } from './delimited';
import { decimalComma, germanDate } from './format';

export const CSV_COLUMNS = [
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'customerNumber',
  'customerName',
  'customerVatId',
  'net',
  'tax',
  'gross',
  'currency',
  'orderNumbers',
  'documentType',
  'reference',
  'status',
  'paid',
  'provider',
  'eInvoiceProfile',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** What a factoring company asks for (issue #17), Belegart and reference so corrections read as such. */
export const DEFAULT_CSV_COLUMNS: readonly CsvColumn[] = [
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'customerName',
  'customerNumber',
  'customerVatId',
  'net',
  'tax',
  'gross',
  'currency',
  'orderNumbers',
  'documentType',
  'reference',
];

export const AMOUNT_COLUMNS: ReadonlySet<CsvColumn> = new Set(['net', 'tax', 'gross', 'paid']);
export const DATE_COLUMNS: ReadonlySet<CsvColumn> = new Set(['invoiceDate', 'dueDate']);

export const CSV_SEPARATORS = [';', ',', '\t'] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

export interface CsvOptions {
  columns: readonly CsvColumn[];
  separator: CsvSeparator;
  language: 'de' | 'en';
  /**
   * Text starting with = + - @ is a formula to a spreadsheet; customer names come from web
   * pages, so such text gets a leading apostrophe unless the receiving system needs it raw.
   */
  guardFormulas: boolean;
}

export const DEFAULT_CSV_OPTIONS: CsvOptions = { columns: DEFAULT_CSV_COLUMNS, separator: ';', language: 'de', guardFormulas: true };

export const CSV_HEADINGS: Record<'de' | 'en', Record<CsvColumn, string>> = {
  de: {
    invoiceNumber: 'Rechnungsnummer',
    invoiceDate: 'Rechnungsdatum',
    dueDate: 'Fälligkeit',
    customerNumber: 'Debitorennummer',
    customerName: 'Debitor',
    customerVatId: 'USt-IdNr.',
    net: 'Netto',
    tax: 'USt',
    gross: 'Brutto',
    currency: 'Währung',
    orderNumbers: 'Auftragsnummern',
    documentType: 'Belegart',
    reference: 'Bezug',
    status: 'Zahlstatus',
    paid: 'Bezahlt',
    provider: 'Buchhaltung',
    eInvoiceProfile: 'E-Rechnung',
  },
  en: {
    invoiceNumber: 'Invoice number',
    invoiceDate: 'Invoice date',
    dueDate: 'Due date',
    customerNumber: 'Debtor number',
    customerName: 'Debtor',
    customerVatId: 'VAT ID',
    net: 'Net',
    tax: 'VAT',
    gross: 'Gross',
    currency: 'Currency',
    orderNumbers: 'Order numbers',
    documentType: 'Document type',
    reference: 'Reference',
    status: 'Payment status',
    paid: 'Paid',
    provider: 'Billing system',
    eInvoiceProfile: 'E-invoice',
  },
};

/** RE invoice, GS credit note, ST reversal of an earlier exported document. */
export function documentCode(item: ExportItem): 'RE' | 'GS' | 'ST' {
  if (item.kind === 'reversal') return 'ST';
  return item.snapshot.documentType === 'creditNote' ? 'GS' : 'RE';
}

/** Credit notes reduce the receivable, reversals take back what was exported: both count negative. */
export function signOf(item: ExportItem): 1 | -1 {
  const credit = item.snapshot.documentType === 'creditNote' ? -1 : 1;
  return (item.kind === 'reversal' ? -credit : credit) as 1 | -1;
}

export function csvCell(item: ExportItem, column: CsvColumn): string {
  const r = item.snapshot;
  const sign = signOf(item);
  switch (column) {
    case 'invoiceNumber':
      return r.invoiceNumber ?? '';
    case 'invoiceDate':
      return germanDate(r.invoiceDate);
    case 'dueDate':
      return r.dueDate === null ? '' : germanDate(r.dueDate);
    case 'customerNumber':
      return r.customerNumber ?? '';
    case 'customerName':
      return r.customerName;
    case 'customerVatId':
      return r.customerVatId ?? '';
    case 'net':
      return decimalComma(sign * r.netMinor, r.currency);
    case 'tax':
      return decimalComma(sign * r.taxMinor, r.currency);
    case 'gross':
      return decimalComma(sign * r.grossMinor, r.currency);
    case 'paid':
      return decimalComma(r.paidMinor, r.currency);
    case 'currency':
      return r.currency;
    case 'orderNumbers':
      return r.orderNumbers.join(', ');
    case 'documentType':
      return documentCode(item);
    case 'reference':
      return item.reference ?? '';
    case 'status':
      return r.status;
    case 'provider':
      return r.provider === 'lexware' ? 'Lexware Office' : 'sevdesk';
    case 'eInvoiceProfile':
      return r.eInvoiceProfile ?? '';
  }
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function buildCsv(items: readonly ExportItem[], options: CsvOptions = DEFAULT_CSV_OPTIONS): string {
  const sep = options.separator;
  const text = (column: CsvColumn, value: string) => {
    const guarded = options.guardFormulas && !AMOUNT_COLUMNS.has(column) && FORMULA_START.test(value) ? `'${value}` : value;
    return quoteField(guarded, sep);
  };
  const lines = [options.columns.map((c) => quoteField(CSV_HEADINGS[options.language][c], sep)).join(sep)];
  for (const item of items) lines.push(options.columns.map((c) => text(c, csvCell(item, c))).join(sep));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
