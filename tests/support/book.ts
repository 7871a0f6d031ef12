/** One way to get an empty invoice book on fake-indexeddb and one invoice builder, for every book test. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openBookDb, type BookDb } from '../../utils/book/db';
import { InvoiceBook, type RecordInvoiceInput } from '../../utils/book/book';
import { invoiceKeyOf, searchKeysOf, type ExportItem, type InvoiceRow, type OrderLink } from '../../utils/book/schema';

let counter = 0;

/** A book in a fresh in-memory IndexedDB, with a clock the test moves. */
export function freshBook(start = '2026-12-05T09:00:00.000Z'): { db: BookDb; book: InvoiceBook; clock: { now: Date; advance(ms: number): void; set(iso: string): void } } {
  const db = openBookDb(`book-test-${++counter}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const clock = {
    now: new Date(start),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
    set(iso: string) {
      this.now = new Date(iso);
    },
  };
  const book = new InvoiceBook(db, { now: () => clock.now });
  return { db, book, clock };
}

export const TMS = 'https://tms.example.test';

/** An invoice of 1,000.00 EUR net with 19 % VAT over one order, Lexware Office, domestic. */
export function invoiceInput(overrides: Partial<RecordInvoiceInput> & { n?: number } = {}): RecordInvoiceInput {
  const { n = 1, ...rest } = overrides;
  return {
    provider: 'lexware',
    invoiceId: `lx-${n}`,
    invoiceNumber: `RE-${String(1000 + n)}`,
    documentType: 'invoice',
    invoiceDate: '2026-11-10',
    dueDate: '2026-11-24',
    customerKey: 'lexware|c-1',
    customerName: 'Spedition Müller GmbH',
    customerNumber: '10001',
    customerVatId: 'DE123456789',
    currency: 'EUR',
    netMinor: 100_000,
    taxMinor: 19_000,
    grossMinor: 119_000,
    taxCase: 'domestic',
    eInvoiceProfile: 'XRechnung',
    deepLink: `https://app.lexware.de/permalink/invoices/view/lx-${n}`,
    origin: TMS,
    createdBy: 'frachtbeleg',
    correctionOf: null,
    orders: [{ orderId: `o-${n}`, orderNumber: `A-${String(n).padStart(4, '0')}` }],
    ...rest,
  };
}

/** A stored invoice row (as the book holds it) for format tests, without a database. */
export function invoiceRow(overrides: Partial<InvoiceRow> = {}): InvoiceRow {
  const provider = overrides.provider ?? 'lexware';
  const invoiceId = overrides.invoiceId ?? 'lx-1';
  return {
    key: invoiceKeyOf(provider, invoiceId),
    provider,
    invoiceId,
    invoiceNumber: 'RE-1001',
    documentType: 'invoice',
    invoiceDate: '2026-11-10',
    dueDate: '2026-11-24',
    customerKey: 'lexware|c-1',
    customerName: 'Spedition Müller GmbH',
    customerNumber: '10001',
    customerVatId: 'DE123456789',
    currency: 'EUR',
    netMinor: 100_000,
    taxMinor: 19_000,
    grossMinor: 119_000,
    taxCase: 'domestic',
    eInvoiceProfile: 'XRechnung',
    status: 'open',
    paidMinor: 0,
    paidDate: null,
    deepLink: `https://app.lexware.de/permalink/invoices/view/${invoiceId}`,
    origin: TMS,
    orderNumbers: ['A-0001'],
    createdBy: 'frachtbeleg',
    correctionOf: null,
    correctedBy: [],
    createdAt: '2026-11-10T09:00:00.000Z',
    updatedAt: '2026-11-10T09:00:00.000Z',
    documentChangedAt: '2026-11-10T09:00:00.000Z',
    ...overrides,
    searchKeys: searchKeysOf({ invoiceNumber: overrides.invoiceNumber === undefined ? 'RE-1001' : overrides.invoiceNumber, orderNumbers: overrides.orderNumbers ?? ['A-0001'] }),
  };
}

export function exportItem(row: Partial<InvoiceRow> = {}, item: Partial<Omit<ExportItem, 'snapshot'>> = {}): ExportItem {
  const snapshot = invoiceRow(row);
  return { kind: 'document', invoiceKey: snapshot.key, reference: null, snapshot, ...item };
}

/** What the background's book holds after a test drove the product: its invoices and order links. */
export async function bookedInvoices(): Promise<{ invoices: InvoiceRow[]; orders: OrderLink[] }> {
  const { invoiceBook } = await import('../../entrypoints/background/services/book');
  const { db } = await invoiceBook();
  return { invoices: await db.invoices.toArray(), orders: await db.orders.toArray() };
}
