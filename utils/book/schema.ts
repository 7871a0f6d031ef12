/**
 * The shapes of the invoice book's rows. Every row is checked against these on the way into
 * and out of IndexedDB: the database outlives versions of the extension and can be edited by
 * hand in the devtools, so it is a trust boundary like storage.
 */
import * as v from 'valibot';
import { isIsoDate } from '../domain/dates';
import { isCurrencyCode } from '../domain/money';

export const BOOK_PROVIDERS = ['lexware', 'sevdesk'] as const;
export const BookProviderSchema = v.picklist(BOOK_PROVIDERS);
export type BookProvider = v.InferOutput<typeof BookProviderSchema>;

/**
 * The payment state as the billing system reports it. "Overdue" is not stored: it follows
 * from the due date and today (see `displayStatus`), so it never goes stale overnight.
 */
export const STORED_STATUSES = ['draft', 'open', 'partlyPaid', 'paid', 'cancelled'] as const;
export const StoredStatusSchema = v.picklist(STORED_STATUSES);
export type StoredStatus = v.InferOutput<typeof StoredStatusSchema>;

/** What the user sees and filters by. */
export const BOOK_STATUSES = ['draft', 'open', 'partlyPaid', 'paid', 'overdue', 'cancelled'] as const;
export type BookStatus = (typeof BOOK_STATUSES)[number];

/** The tax case decides the revenue account in the DATEV export. */
export const BookTaxCaseSchema = v.picklist(['domestic', 'intraEuReverseCharge', 'thirdCountry', 'exemptExport', 'smallBusiness']);
export type BookTaxCase = v.InferOutput<typeof BookTaxCaseSchema>;

export const IsoDateSchema = v.pipe(v.string(), v.check(isIsoDate, 'Expected a date as YYYY-MM-DD'));
/** Instants as ISO 8601 strings in UTC, so they sort as text in an index. */
export const InstantSchema = v.pipe(v.string(), v.isoTimestamp('Expected an ISO timestamp'));
const CurrencySchema = v.pipe(v.string(), v.check(isCurrencyCode, 'Expected an ISO 4217 currency code'));
const MinorSchema = v.pipe(v.number(), v.safeInteger('Expected integer minor units'));
const NonNegativeMinorSchema = v.pipe(MinorSchema, v.minValue(0, 'Expected a non-negative amount'));
const NonEmpty = v.pipe(v.string(), v.nonEmpty());

export const invoiceKeyOf = (provider: BookProvider, invoiceId: string): string => `${provider}|${invoiceId}`;

/**
 * The invoice number and order numbers in lower case, one index entry each: search by the
 * beginning of a number is then a plain range query (case-insensitive index scans are slow).
 */
export function searchKeysOf(row: { invoiceNumber: string | null; orderNumbers: readonly string[] }): string[] {
  const keys = row.invoiceNumber === null ? row.orderNumbers : [row.invoiceNumber, ...row.orderNumbers];
  return [...new Set(keys.map((k) => k.trim().toLowerCase()).filter((k) => k !== ''))];
}

/** A payment reminder made in the billing system for an invoice (Lexware: a dunning draft; sevdesk: an MA invoice). */
export const ReminderLinkSchema = v.object({
  id: NonEmpty,
  url: v.pipe(v.string(), v.url()),
  createdAt: InstantSchema,
});
export type ReminderLink = v.InferOutput<typeof ReminderLinkSchema>;

/**
 * "Correct invoice" / "Cancel invoice": the correction document made for an invoice (Lexware: a
 * credit note linked by precedingSalesVoucherId; sevdesk: the cancellation invoice SR).
 */
export const CorrectionLinkSchema = v.object({
  /** The book key of the correction document's own row. */
  key: NonEmpty,
  id: NonEmpty,
  number: v.nullable(v.string()),
  url: v.pipe(v.string(), v.url()),
  kind: v.picklist(['creditNote', 'cancellationInvoice']),
  /** The whole invoice was taken back (the invoice is cancelled), or only chosen positions. */
  full: v.boolean(),
  createdAt: InstantSchema,
  /**
   * When the user confirmed that the orders may be invoiced again. Until then a cancelled
   * invoice's orders still count as invoiced, so nobody invoices them again by accident.
   */
  releasedAt: v.optional(InstantSchema),
});
export type CorrectionLink = v.InferOutput<typeof CorrectionLinkSchema>;

export const InvoiceRowSchema = v.pipe(
  v.object({
    /** `provider|invoiceId`: one row per invoice and billing system. */
    key: NonEmpty,
    provider: BookProviderSchema,
    invoiceId: NonEmpty,
    invoiceNumber: v.nullable(NonEmpty),
    /** An invoice, or a correction document (credit note, sevdesk's cancellation invoice). */
    documentType: v.picklist(['invoice', 'creditNote']),
    invoiceDate: IsoDateSchema,
    dueDate: v.nullable(IsoDateSchema),
    /** Stable key of the billing contact (`provider|contactId`), or the TMS customer when unlinked. */
    customerKey: NonEmpty,
    customerName: v.string(),
    customerNumber: v.nullable(v.string()),
    customerVatId: v.nullable(v.string()),
    currency: CurrencySchema,
    netMinor: MinorSchema,
    taxMinor: MinorSchema,
    grossMinor: MinorSchema,
    taxCase: v.nullable(BookTaxCaseSchema),
    /** "XRechnung", "ZUGFeRD EN16931", … where the billing system told us. */
    eInvoiceProfile: v.nullable(v.string()),
    status: StoredStatusSchema,
    paidMinor: NonNegativeMinorSchema,
    paidDate: v.nullable(IsoDateSchema),
    deepLink: v.pipe(v.string(), v.url()),
    /** The TMS site the orders came from; null for an invoice made in the billing system and not matched yet. */
    origin: v.nullable(v.string()),
    /** Order numbers, denormalised for search and the exports (the order table links the ids). */
    orderNumbers: v.array(v.string()),
    /** Derived: `searchKeysOf(row)`. */
    searchKeys: v.array(v.string()),
    createdBy: v.picklist(['frachtbeleg', 'billing-system']),
    /** For a correction document: the key of the invoice it corrects. */
    correctionOf: v.nullable(v.string()),
    /** For an invoice: the keys of its correction documents. */
    correctedBy: v.array(v.string()),
    createdAt: InstantSchema,
    /** Any change, payment status included. */
    updatedAt: InstantSchema,
    /**
     * Changes an accountant cares about (number, date, customer, amounts, cancellation,
     * corrections). "Export new documents" follows this, not payment updates.
     */
    documentChangedAt: InstantSchema,
    /** "Create payment reminder": the reminder made for it; absent before (and in rows from older versions). */
    reminder: v.optional(ReminderLinkSchema),
    /** "Correct invoice" / "Cancel invoice": the correction made for it; absent before (and in rows from older versions). */
    correction: v.optional(CorrectionLinkSchema),
  }),
  v.check((r) => r.key === invoiceKeyOf(r.provider, r.invoiceId), 'key must be provider|invoiceId'),
  v.check((r) => r.netMinor + r.taxMinor === r.grossMinor, 'net + tax must equal gross'),
  v.check((r) => r.searchKeys.join('\u0000') === searchKeysOf(r).join('\u0000'), 'searchKeys must follow from the invoice and order numbers'),
);
export type InvoiceRow = v.InferOutput<typeof InvoiceRowSchema>;

/**
 * The fields of an invoice row that "is this order invoiced?" reads, checked alone: the whole
 * row's schema costs several times as much, and the list asks for 300 orders at once. A row
 * failing this is checked in full, reported and set aside as on every other read.
 */
export const InvoicedCheckSchema = v.object({
  key: NonEmpty,
  provider: BookProviderSchema,
  invoiceNumber: v.nullable(NonEmpty),
  documentType: v.picklist(['invoice', 'creditNote']),
  dueDate: v.nullable(IsoDateSchema),
  status: StoredStatusSchema,
  deepLink: v.pipe(v.string(), v.url()),
  createdBy: v.picklist(['frachtbeleg', 'billing-system']),
  createdAt: InstantSchema,
  correction: v.optional(v.object({ releasedAt: v.optional(InstantSchema) })),
});
export type InvoicedCheck = v.InferOutput<typeof InvoicedCheckSchema>;

export const OrderLinkSchema = v.object({
  origin: NonEmpty,
  orderId: NonEmpty,
  orderNumber: v.string(),
  invoiceKey: NonEmpty,
  /** The order's net share of the invoice, where known (minor units of the invoice currency). */
  netMinor: v.nullable(MinorSchema),
  jobId: v.nullable(v.string()),
  recordedAt: InstantSchema,
});
export type OrderLink = v.InferOutput<typeof OrderLinkSchema>;

/** A row that failed validation, kept as it was so nothing is lost and a human can look. */
export const RejectedRowSchema = v.object({
  id: v.optional(v.number()),
  source: v.picklist(['invoices', 'orders', 'exportLog', 'exported', 'ledger', 'exportFiles', 'orderInvoices']),
  reason: v.string(),
  raw: v.unknown(),
  at: InstantSchema,
});
export type RejectedRow = v.InferOutput<typeof RejectedRowSchema>;

// ------------------------------------------------------------------------------------------
// Exports

export const EXPORT_FORMATS = ['csv', 'datev'] as const;
export const ExportFormatSchema = v.picklist(EXPORT_FORMATS);
export type ExportFormat = v.InferOutput<typeof ExportFormatSchema>;

/**
 * One record of an export file: an invoice or credit note as it was exported, or the
 * reversal of an earlier exported version (the invoice was cancelled or changed since).
 */
export const ExportItemSchema = v.object({
  kind: v.picklist(['document', 'reversal']),
  invoiceKey: NonEmpty,
  /** The exact version written (for a reversal: the version being reversed). */
  snapshot: InvoiceRowSchema,
  /** The invoice number a credit note corrects or a reversal takes back. */
  reference: v.nullable(v.string()),
});
export type ExportItem = v.InferOutput<typeof ExportItemSchema>;

/**
 * One line of the export log: what the log lists, without the file. Since book version 2 the
 * file (its text, large for a year's export) is a row of its own in `exportFiles`, read only
 * for Preview, Re-run and the download, so listing the log never reads every file.
 */
export const ExportLogEntrySchema = v.object({
  id: NonEmpty,
  format: ExportFormatSchema,
  mode: v.picklist(['range', 'new', 'rerun']),
  range: v.nullable(v.object({ from: IsoDateSchema, to: IsoDateSchema })),
  fileName: NonEmpty,
  createdAt: InstantSchema,
  recordCount: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  /** The `exportFiles` row with the file; a re-run shares the file of the export it repeats. */
  fileId: NonEmpty,
  /** For a re-run: the export it repeats. */
  rerunOf: v.nullable(v.string()),
  /** The "Replaced?" mark: set when a later re-run handed this file out again. */
  replacedBy: v.nullable(v.string()),
});
export type ExportLogEntry = v.InferOutput<typeof ExportLogEntrySchema>;

/** An export's file, apart from its log line. */
export const ExportFileRowSchema = v.object({
  id: NonEmpty,
  /** The file's text exactly as downloaded (re-run hands out these bytes again). */
  content: v.string(),
  /**
   * The records with the invoice versions written, as book version 1 kept them beside the
   * file; moved here unchanged by the upgrade. Newer exports keep the file alone: the text
   * is the record, and the versions that later exports compare with are the export marks.
   */
  items: v.optional(v.array(ExportItemSchema)),
});
export type ExportFileRow = v.InferOutput<typeof ExportFileRowSchema>;

/** Which invoices an order of a TMS site is on: "is this order invoiced?" reads these by key, one read per order. */
export const OrderInvoicesSchema = v.object({
  origin: NonEmpty,
  orderId: NonEmpty,
  invoiceKeys: v.array(NonEmpty),
});
export type OrderInvoices = v.InferOutput<typeof OrderInvoicesSchema>;

/** What was last exported of an invoice in a format: the base for corrections and "new". */
export const ExportedMarkSchema = v.object({
  /** `format|invoiceKey` */
  key: NonEmpty,
  format: ExportFormatSchema,
  invoiceKey: NonEmpty,
  exportId: NonEmpty,
  /** The version in the file, or null once a reversal took it back out of the books. */
  snapshot: v.nullable(InvoiceRowSchema),
  at: InstantSchema,
});
export type ExportedMark = v.InferOutput<typeof ExportedMarkSchema>;

/**
 * The export marks of one format since book version 3: what was last exported of each
 * invoice, as parallel columns in one row (the i-th entry of each column belongs to the i-th
 * invoice key). One row per format is written once per export, where version 2 wrote one row
 * per exported invoice (10,000 writes for two months, most of an export's time in Chromium).
 * The exported versions themselves are in `exportSnapshots`, read only for the few invoices
 * that changed since.
 */
export const ExportMarkIndexSchema = v.pipe(
  v.object({
    format: ExportFormatSchema,
    invoiceKeys: v.array(NonEmpty),
    /** The log entry (file) the invoice was last exported in. */
    exportIds: v.array(NonEmpty),
    /** `documentChangedAt` of the version in the file, or null once a reversal took it back out of the books. */
    changedAt: v.array(v.nullable(v.string())),
    at: v.array(v.string()),
    /**
     * Marks of version 2 that failed their check, kept as they were: an export that needs one
     * of these invoices stops as it did before the upgrade.
     */
    damaged: v.array(v.object({ invoiceKey: v.string(), reason: v.string(), raw: v.unknown() })),
  }),
  v.check((m) => m.exportIds.length === m.invoiceKeys.length && m.changedAt.length === m.invoiceKeys.length && m.at.length === m.invoiceKeys.length, 'The columns of the export marks differ in length'),
);
export type ExportMarkIndex = v.InferOutput<typeof ExportMarkIndexSchema>;

/** The versions written by one export (one log entry), for the reversal when one of them changes later. */
export const ExportSnapshotsSchema = v.object({
  /** The log entry's id. */
  id: NonEmpty,
  format: ExportFormatSchema,
  /** Rows as validated when they were exported; each is checked again when it is read. */
  rows: v.array(v.looseObject({ key: NonEmpty })),
});
export type ExportSnapshots = v.InferOutput<typeof ExportSnapshotsSchema>;
