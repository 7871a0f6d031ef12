/**
 * The invoice book's API: record invoices, answer "is this order invoiced?", list with filter,
 * sort and paging for a virtualized list, totals per currency, payment updates.
 */
import Dexie, { type Collection } from 'dexie';
import * as v from 'valibot';
import type { IsoDate } from '../domain/dates';
import { checkRow, putOrderLinks, setAside, validRows, type BookDb, type ReadProblem } from './db';
import { journalPaid } from './paid-journal';
import { DEFAULT_SORT, matches, searchText, sortRows, storedStatusesFor, TotalsAccumulator, totalsPerCurrency, type BookFilter, type BookSort, type CurrencyTotals } from './query';
import { displayStatus, type PaymentState } from './status';
import { invoiceKeyOf, InvoicedCheckSchema, OrderInvoicesSchema, searchKeysOf, type InvoicedCheck, type BookProvider, type BookStatus, type InvoiceRow, type CorrectionLink, type OrderLink, type ReminderLink } from './schema';

export interface RecordedOrder {
  orderId: string;
  orderNumber: string;
  netMinor?: number | null | undefined;
  jobId?: string | null | undefined;
}

/** An invoice as the job runner or the "find invoices made elsewhere" match hands it over. */
export type RecordInvoiceInput = Omit<
  InvoiceRow,
  'key' | 'orderNumbers' | 'searchKeys' | 'createdAt' | 'updatedAt' | 'documentChangedAt' | 'correctedBy' | 'status' | 'paidMinor' | 'paidDate' | 'reminder' | 'correction'
> & {
  orders: readonly RecordedOrder[];
  /** Payment state if known (e.g. read back); otherwise "open" for a new invoice, unchanged for a known one. */
  payment?: PaymentState | undefined;
};

export interface InvoicedOrder {
  orderId: string;
  invoiceKey: string;
  provider: BookProvider;
  invoiceNumber: string | null;
  deepLink: string;
  status: BookStatus;
  createdBy: InvoiceRow['createdBy'];
}

export interface BookPage {
  rows: InvoiceRow[];
  /** How many rows match the filter (for the virtualized list's height). */
  total: number;
}

/** Fields whose change an accountant must see in the next "new documents" export. */
const DOCUMENT_FIELDS = [
  'invoiceNumber',
  'documentType',
  'invoiceDate',
  'dueDate',
  'customerKey',
  'customerName',
  'customerNumber',
  'customerVatId',
  'currency',
  'netMinor',
  'taxMinor',
  'grossMinor',
  'taxCase',
] as const satisfies readonly (keyof InvoiceRow)[];

export interface BookOptions {
  now?: () => Date;
  /** Where rows that fail validation on reading are reported (they are set aside as well). */
  onProblem?: (problem: ReadProblem) => void;
}

export class InvoiceBook {
  private readonly now: () => Date;
  private readonly onProblem: (problem: ReadProblem) => void;
  /**
   * How many invoice rows there are, counted once and kept until a write touches the table:
   * Chromium counts by walking every row (about a second at 200,000), and the list's first
   * page asks for the count every time the book opens.
   */
  private invoiceCount: Promise<number> | null = null;
  /**
   * "Is it invoiced?" per order of a TMS site (`[origin, orderId]` as JSON): the invoices it is
   * on, as read (none: not invoiced). Emptied on every committed write to the book in this
   * context (the background owns the book, so that is every write), and filled only by a read
   * no write overlapped (`writes` unchanged): an answer from here is never older than the last
   * write. Each read by key costs ≈ 0.1 ms in Chromium, and the panel asks about the same
   * orders again and again.
   */
  private readonly invoicedCache = new Map<string, readonly InvoicedCheck[]>();
  private writes = 0;
  /**
   * The overdue invoices of a stored status (open, partly paid) as keys in invoice-date order,
   * per status, direction and day. Kept like `invoicedCache`: emptied on every committed write
   * to the invoices, filled only by a read no write overlapped: paging through the overdue
   * ones, or coming back to the filter, then costs one read of a page.
   */
  private readonly overdueCache = new Map<string, OverdueKeys>();

  constructor(
    readonly db: BookDb,
    options: BookOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.onProblem = options.onProblem ?? (() => {});
    // Dexie reports every committed write of this context, whichever code made it.
    const invoices = `idb://${db.name}/invoices/`;
    const book = `idb://${db.name}/`;
    Dexie.on('storagemutated', (parts) => {
      const changed = Object.keys(parts);
      if (changed.some((part) => part.startsWith(invoices))) {
        this.invoiceCount = null;
        this.overdueCache.clear();
      }
      if (changed.some((part) => part.startsWith(book))) {
        this.writes++;
        this.invoicedCache.clear();
      }
    });
  }

  /** The number of invoice rows (see `invoiceCount`). */
  countInvoices(): Promise<number> {
    const counting = (this.invoiceCount ??= this.db.invoices.count());
    counting.catch(() => {
      if (this.invoiceCount === counting) this.invoiceCount = null;
    });
    return counting;
  }

  private today(): IsoDate {
    return this.now().toISOString().slice(0, 10);
  }

  /**
   * Records an invoice and its orders in one transaction. Recording it again merges: orders
   * are added, the payment state is kept unless given, and a change to the document itself
   * moves `documentChangedAt` (so the next "new documents" export carries it).
   */
  async recordInvoice(input: RecordInvoiceInput): Promise<InvoiceRow> {
    const at = this.now().toISOString();
    const { orders, payment, ...fields } = input;
    const key = invoiceKeyOf(input.provider, input.invoiceId);
    return this.db.transaction('rw', [this.db.invoices, this.db.orders, this.db.orderInvoices], async () => {
      const previous = await this.readOne(key);
      const orderNumbers = [...new Set([...(previous?.orderNumbers ?? []), ...orders.map((o) => o.orderNumber)])];
      const candidate: InvoiceRow = {
        ...fields,
        key,
        orderNumbers,
        searchKeys: searchKeysOf({ invoiceNumber: fields.invoiceNumber, orderNumbers }),
        status: payment?.status ?? previous?.status ?? 'open',
        paidMinor: payment?.paidMinor ?? previous?.paidMinor ?? 0,
        paidDate: payment ? payment.paidDate : (previous?.paidDate ?? null),
        correctedBy: previous?.correctedBy ?? [],
        createdAt: previous?.createdAt ?? at,
        updatedAt: at,
        documentChangedAt: previous?.documentChangedAt ?? at,
        ...(previous?.reminder ? { reminder: previous.reminder } : {}),
        ...(previous?.correction ? { correction: previous.correction } : {}),
      };
      if (previous && (documentChanged(previous, candidate) || becameCancelled(previous, candidate))) candidate.documentChangedAt = at;
      const row = checkRow('invoices', candidate);
      if (row.origin === null && orders.length > 0) throw new Error('Orders need the TMS site (origin) they belong to');
      const links = orders.map((o) =>
        checkRow('orders', {
          origin: row.origin,
          orderId: o.orderId,
          orderNumber: o.orderNumber,
          invoiceKey: key,
          netMinor: o.netMinor ?? null,
          jobId: o.jobId ?? null,
          recordedAt: at,
        }),
      );
      await this.db.invoices.put(row);
      await putOrderLinks(this.db, links);
      if (row.correctionOf !== null) await this.linkCorrection(row.correctionOf, key, at);
      return row;
    });
  }

  private async linkCorrection(originalKey: string, correctionKey: string, at: string): Promise<void> {
    const original = await this.readOne(originalKey);
    if (!original || original.correctedBy.includes(correctionKey)) return;
    await this.db.invoices.put(checkRow('invoices', { ...original, correctedBy: [...original.correctedBy, correctionKey], updatedAt: at }));
  }

  /**
   * Applies a polled payment state; returns whether anything changed. An invoice that becomes
   * paid gets its entry in the "paid" write-back journal in the same transaction, so a worker
   * stopped right after loses no payment (utils/book/paid-write-back.ts).
   */
  async updatePayment(key: string, state: PaymentState): Promise<boolean> {
    const at = this.now().toISOString();
    return this.db.transaction('rw', [this.db.invoices, this.db.meta], async () => {
      const row = await this.readOne(key);
      if (!row) return false;
      if (row.status === state.status && row.paidMinor === state.paidMinor && row.paidDate === state.paidDate) return false;
      const next: InvoiceRow = { ...row, ...state, updatedAt: at };
      if (becameCancelled(row, next)) next.documentChangedAt = at;
      await this.db.invoices.put(checkRow('invoices', next));
      if (next.status === 'paid' && row.status !== 'paid' && next.documentType === 'invoice') await journalPaid(this.db, key, at);
      return true;
    });
  }

  /**
   * Fills in a due date the book did not know (an invoice made with the billing system's own
   * default payment term): without one it could never show as overdue. A known date is kept.
   */
  async fillDueDate(key: string, dueDate: IsoDate): Promise<boolean> {
    const at = this.now().toISOString();
    return this.db.transaction('rw', this.db.invoices, async () => {
      const row = await this.readOne(key);
      if (!row || row.dueDate !== null) return false;
      await this.db.invoices.put(checkRow('invoices', { ...row, dueDate, updatedAt: at }));
      return true;
    });
  }

  /** Keeps the link of the payment reminder made for an invoice; false when the invoice is not in the book. */
  async setReminder(key: string, reminder: ReminderLink): Promise<boolean> {
    const at = this.now().toISOString();
    return this.db.transaction('rw', this.db.invoices, async () => {
      const row = await this.readOne(key);
      if (!row) return false;
      await this.db.invoices.put(checkRow('invoices', { ...row, reminder, updatedAt: at }));
      return true;
    });
  }

  /**
   * Keeps the correction made for an invoice; a full one cancels the invoice (its orders stay
   * held until `releaseOrders`). False when the invoice is not in the book.
   */
  async setCorrection(key: string, correction: CorrectionLink): Promise<boolean> {
    const at = this.now().toISOString();
    return this.db.transaction('rw', this.db.invoices, async () => {
      const row = await this.readOne(key);
      if (!row) return false;
      const next: InvoiceRow = { ...row, correction, updatedAt: at, ...(correction.full ? { status: 'cancelled' as const, paidMinor: 0, paidDate: null } : {}) };
      if (becameCancelled(row, next)) next.documentChangedAt = at;
      await this.db.invoices.put(checkRow('invoices', next));
      return true;
    });
  }

  /**
   * The user confirmed that the orders of a cancelled invoice may be invoiced again. Returns the
   * row as it is now, or null when there is nothing to release (not cancelled by a correction).
   */
  async releaseOrders(key: string): Promise<InvoiceRow | null> {
    const at = this.now().toISOString();
    return this.db.transaction('rw', this.db.invoices, async () => {
      const row = await this.readOne(key);
      if (!row?.correction || row.status !== 'cancelled') return null;
      if (row.correction.releasedAt) return row;
      const next = checkRow('invoices', { ...row, correction: { ...row.correction, releasedAt: at }, updatedAt: at });
      await this.db.invoices.put(next);
      return next;
    });
  }

  /**
   * A billing system's credit notes not settled yet (draft, open, partly paid), by the prefix
   * of their ids: a read of that key range, never the whole table.
   */
  async unsettledCreditNotes(provider: BookProvider, idPrefix: string): Promise<InvoiceRow[]> {
    const rows = this.valid('invoices', await this.db.invoices.where(':id').startsWith(invoiceKeyOf(provider, idPrefix)).toArray());
    return rows.filter((r) => r.documentType === 'creditNote' && (r.status === 'draft' || r.status === 'open' || r.status === 'partlyPaid'));
  }

  async get(key: string): Promise<InvoiceRow | undefined> {
    return this.readOne(key);
  }

  /** The orders of an invoice, for the expandable row. */
  async ordersOf(invoiceKey: string): Promise<OrderLink[]> {
    return this.valid('orders', await this.db.orders.where('invoiceKey').equals(invoiceKey).toArray());
  }

  /**
   * Every customer the book holds an invoice for, by name (for the page's filter): one small
   * read per customer through the index, never the whole table.
   */
  async customers(): Promise<{ key: string; name: string }[]> {
    const keys = (await this.db.invoices.orderBy('customerKey').uniqueKeys()).filter((k): k is string => typeof k === 'string');
    const firsts = await Promise.all(keys.map((key) => this.db.invoices.where('customerKey').equals(key).last()));
    const rows = this.valid('invoices', firsts.filter((r) => r !== undefined));
    return rows.map((r) => ({ key: r.customerKey, name: r.customerName })).sort((a, b) => a.name.localeCompare(b.name, 'de', { sensitivity: 'base' }));
  }

  /**
   * The one answer to "is this order invoiced?" for every part of the extension: the orders of
   * this TMS site that belong to an invoice that still stands (not cancelled, not a credit note),
   * or to one cancelled from the extension whose orders the user has not released yet.
   * Where an order was invoiced twice, the newest invoice wins.
   */
  /**
   * The orderInvoices rows of these orders (undefined where an order has none), in their order.
   * Most orders asked about are not invoiced yet, and a read by key costs as much for a miss
   * as for a hit (1,000 misses ≈ 50 ms in Chromium). So the keys between the lowest and the
   * highest id are listed first, keys only and at most twice as many as asked; when that
   * covers the range, only the orders found there are read. A range holding more (ids spread
   * over the whole history) is read by key as before.
   */
  private async orderInvoiceRows(origin: string, wanted: readonly string[]): Promise<unknown[]> {
    const byKey = () => this.db.orderInvoices.bulkGet(wanted.map((id) => [origin, id] as [string, string]));
    // IndexedDB orders strings by UTF-16 code units, as the default sort does.
    const sorted = [...wanted].sort();
    const most = wanted.length * 2;
    const keys = await this.db.orderInvoices
      .where('[origin+orderId]')
      .between([origin, sorted[0]!], [origin, sorted[sorted.length - 1]!], true, true)
      .limit(most + 1)
      .primaryKeys();
    if (keys.length > most) return byKey();
    const present = new Set(keys.map((key) => key[1]));
    const hits = wanted.filter((id) => present.has(id));
    const rows = hits.length > 0 ? await this.db.orderInvoices.bulkGet(hits.map((id) => [origin, id] as [string, string])) : [];
    const found = new Map(hits.map((id, i) => [id, rows[i]]));
    return wanted.map((id) => found.get(id));
  }

  /**
   * The invoices each of these orders is on, read from the book: the orders' entries in
   * orderInvoices (see orderInvoiceRows), then one read per invoice. `clean` is false when a
   * damaged row had to be answered around (such an answer is not kept).
   */
  private async readInvoiced(origin: string, wanted: readonly string[]): Promise<{ byOrder: Map<string, InvoicedCheck[]>; clean: boolean }> {
    let clean = true;
    const [links, rawInvoices] = await this.db.transaction('r', [this.db.orderInvoices, this.db.orders, this.db.invoices], async () => {
      const entries = await this.orderInvoiceRows(origin, wanted);
      const found: { orderId: string; invoiceKey: string }[] = [];
      for (const [i, raw] of entries.entries()) {
        if (raw === undefined) continue;
        const parsed = v.safeParse(OrderInvoicesSchema, raw);
        const orderId = wanted[i]!;
        if (!parsed.success) clean = false;
        // A damaged entry is answered from the order links themselves (slower, never wrong).
        const keys = parsed.success ? parsed.output.invoiceKeys : this.valid('orders', await this.db.orders.where('[origin+orderId]').equals([origin, orderId]).toArray()).map((l) => l.invoiceKey);
        for (const invoiceKey of keys) found.push({ orderId, invoiceKey });
      }
      const keys = [...new Set(found.map((l) => l.invoiceKey))];
      return [found, (await this.db.invoices.bulkGet(keys)).filter((r) => r !== undefined)] as const;
    });
    const invoices = new Map<string, InvoicedCheck>();
    const damaged: unknown[] = [];
    for (const raw of rawInvoices) {
      const parsed = v.safeParse(InvoicedCheckSchema, raw);
      if (parsed.success) invoices.set(parsed.output.key, parsed.output);
      else damaged.push(raw);
    }
    if (damaged.length > 0) clean = false;
    // Reported and set aside as any read does; a row that passes the full check counts all the same.
    for (const row of this.valid('invoices', damaged)) invoices.set(row.key, row);
    const byOrder = new Map<string, InvoicedCheck[]>(wanted.map((id) => [id, []]));
    for (const link of links) {
      const invoice = invoices.get(link.invoiceKey);
      if (invoice) byOrder.get(link.orderId)!.push(invoice);
    }
    return { byOrder, clean };
  }

  async isInvoiced(origin: string, orderIds: readonly string[]): Promise<Map<string, InvoicedOrder>> {
    const found = new Map<string, InvoicedOrder>();
    if (orderIds.length === 0) return found;
    const wanted = [...new Set(orderIds)];
    const cacheKey = (orderId: string) => JSON.stringify([origin, orderId]);
    const invoicesOf = new Map<string, readonly InvoicedCheck[]>();
    const missing = wanted.filter((orderId) => {
      const cached = this.invoicedCache.get(cacheKey(orderId));
      if (cached !== undefined) invoicesOf.set(orderId, cached);
      return cached === undefined;
    });
    if (missing.length > 0) {
      const writesBefore = this.writes;
      const read = await this.readInvoiced(origin, missing);
      for (const [orderId, invoices] of read.byOrder) invoicesOf.set(orderId, invoices);
      // Only a clean read no write overlapped is kept (a damaged row is answered, never kept).
      if (read.clean && this.writes === writesBefore) {
        if (this.invoicedCache.size + missing.length > INVOICED_CACHE_MAX) this.invoicedCache.clear();
        for (const [orderId, invoices] of read.byOrder) this.invoicedCache.set(cacheKey(orderId), invoices);
      }
    }
    const today = this.today();
    const createdOf = new Map<string, string>();
    // In the order asked, each order's invoices in the order its entry lists them, as before.
    const links = wanted.flatMap((orderId) => (invoicesOf.get(orderId) ?? []).map((invoice) => ({ orderId, invoice })));
    for (const link of links) {
      const invoice = link.invoice;
      if (invoice.documentType !== 'invoice') continue;
      // Cancelled by "Cancel invoice": the orders stay held until the user releases them on purpose.
      if (invoice.status === 'cancelled' && (!invoice.correction || invoice.correction.releasedAt !== undefined)) continue;
      const known = createdOf.get(link.orderId);
      if (known !== undefined && known >= invoice.createdAt) continue;
      createdOf.set(link.orderId, invoice.createdAt);
      found.set(link.orderId, {
        orderId: link.orderId,
        invoiceKey: invoice.key,
        provider: invoice.provider,
        invoiceNumber: invoice.invoiceNumber,
        deepLink: invoice.deepLink,
        status: displayStatus(invoice, today),
        createdBy: invoice.createdBy,
      });
    }
    return found;
  }

  /**
   * One page of the list. Without a filter and sorted by invoice date or number the page is
   * read straight from the index; otherwise the most selective index narrows the rows first.
   */
  async query(filter: BookFilter = {}, sort: BookSort = DEFAULT_SORT, page: { offset: number; limit: number } = { offset: 0, limit: 50 }): Promise<BookPage> {
    const today = this.today();
    if (isUnfiltered(filter) && (sort.column === 'invoiceDate' || sort.column === 'invoiceNumber')) {
      // A fresh collection each time: Dexie's offset() and limit() change the collection they are called on.
      const ordered = () => {
        const index = this.db.invoices.orderBy(sort.column);
        return sort.direction === 'desc' ? index.reverse() : index;
      };
      // Rows without an invoice number are not in that index: the count follows what is listed.
      const [raw, total] = await Promise.all([ordered().offset(page.offset).limit(page.limit).toArray(), sort.column === 'invoiceDate' ? this.countInvoices() : ordered().count()]);
      return { rows: this.valid('invoices', raw), total };
    }
    if (sort.column === 'invoiceDate') {
      const fromIndex = await this.pageByDate(filter, sort.direction, page, today);
      if (fromIndex) return fromIndex;
    }
    const rows = sortRows(await this.matching(filter, today), sort, today);
    return { rows: rows.slice(page.offset, page.offset + page.limit), total: rows.length };
  }

  /**
   * A page in invoice-date order read from the indexes, for a period and for the statuses an
   * index answers exactly (paid, draft, cancelled; overdue without a period): only the page's
   * rows are read, the total is counted in the index. Null when the filter needs the rows.
   */
  private async pageByDate(filter: BookFilter, direction: 'asc' | 'desc', page: { offset: number; limit: number }, today: IsoDate): Promise<BookPage | null> {
    if (filter.customerKey !== undefined || filter.provider !== undefined || searchText(filter.search) !== '') return null;
    const from = filter.from ?? '0000-01-01';
    const to = filter.to ?? '9999-12-31';
    const statuses = filter.statuses ?? [];
    const t = this.db.invoices;
    const ordered = (c: Collection<InvoiceRow, string>) => (direction === 'desc' ? c.reverse() : c);
    if (statuses.length === 0) {
      const range = () => t.where('invoiceDate').between(from, to, true, true);
      const [raw, total] = await Promise.all([ordered(range()).offset(page.offset).limit(page.limit).toArray(), range().count()]);
      return { rows: this.valid('invoices', raw), total };
    }
    const exact = statuses.every((s) => s === 'paid' || s === 'draft' || s === 'cancelled' || s === 'overdue');
    if (!exact || (statuses.includes('overdue') && (filter.from !== undefined || filter.to !== undefined))) return null;
    // One stream per stored status, each in date order; the page is merged from their heads.
    const wanted = page.offset + page.limit;
    const streams: Promise<{ head: unknown[]; count: number }>[] = [];
    for (const status of new Set(statuses)) {
      if (status === 'overdue') {
        for (const stored of ['open', 'partlyPaid'] as const) streams.push(this.overdueHead(stored, direction, wanted, today));
      } else {
        const range = () => t.where('[status+invoiceDate]').between([status, from], [status, to], true, true);
        streams.push(Promise.all([ordered(range()).limit(wanted).toArray(), range().count()]).then(([head, count]) => ({ head, count })));
      }
    }
    const done = await Promise.all(streams);
    const heads = done.map((d) => d.head);
    const counts = done.map((d) => d.count);
    const sign = direction === 'asc' ? 1 : -1;
    const merged = heads.flat().sort((a, b) => {
      const x = a as { invoiceDate?: string; key?: string };
      const y = b as { invoiceDate?: string; key?: string };
      return sign * ((x.invoiceDate ?? '') < (y.invoiceDate ?? '') ? -1 : (x.invoiceDate ?? '') > (y.invoiceDate ?? '') ? 1 : (x.key ?? '') < (y.key ?? '') ? -1 : (x.key ?? '') > (y.key ?? '') ? 1 : 0);
    });
    return { rows: this.valid('invoices', merged.slice(page.offset, page.offset + page.limit)), total: counts.reduce((a, b) => a + b, 0) };
  }

  /** The first `wanted` overdue rows of a stored status in invoice-date order (only those rows are read), and how many there are. */
  private async overdueHead(stored: 'open' | 'partlyPaid', direction: 'asc' | 'desc', wanted: number, today: IsoDate): Promise<{ head: unknown[]; count: number }> {
    const found = await this.overdueKeys(stored, direction, today, wanted);
    const head = (await this.db.invoices.bulkGet(found.keys.slice(0, wanted))).filter((r) => r !== undefined);
    return { head, count: found.count };
  }

  /**
   * The first `wanted` (or more) overdue keys of a stored status in invoice-date order, and how
   * many there are. The overdue keys come from [status+dueDate] (due before today; rows without
   * a due date are not in that index, exactly those never overdue); their order from walking
   * [status+invoiceDate] from today (or from the oldest) in growing steps, only until the page
   * is full: overdue means due before today, and an invoice is not due before its date. Walking
   * every key of the status cost ≈ 10 µs a key in Chromium, about 100 ms at 200,000 invoices.
   * Kept per status, direction and day (see `overdueCache`).
   */
  private async overdueKeys(stored: 'open' | 'partlyPaid', direction: 'asc' | 'desc', today: IsoDate, wanted: number): Promise<OverdueKeys> {
    const cacheKey = `${stored}|${direction}|${today}`;
    const cached = this.overdueCache.get(cacheKey);
    if (cached && (cached.complete || cached.keys.length >= wanted)) return cached;
    const writesBefore = this.writes;
    const t = this.db.invoices;
    const overdue = await t.where('[status+dueDate]').between([stored, '0000-01-01'], [stored, today], true, false).primaryKeys();
    const isOverdue = new Set(overdue);
    const keys: string[] = [];
    const seen = new Set<string>();
    // The invoice date the walk has reached; the next step starts there again (several
    // invoices share a date), and skips the keys it has seen.
    let edge: string | null = null;
    let limit = Math.max(OVERDUE_STEP, wanted * 2);
    let complete = false;
    while (keys.length < wanted && keys.length < overdue.length) {
      const range =
        direction === 'desc'
          ? t.where('[status+invoiceDate]').between([stored, '0000-01-01'], [stored, edge ?? today], true, edge !== null).reverse()
          : t.where('[status+invoiceDate]').between([stored, edge ?? '0000-01-01'], [stored, today], true, false);
      const step = await range.limit(limit).primaryKeys();
      let fresh = 0;
      for (const key of step) {
        if (seen.has(key)) continue;
        seen.add(key);
        fresh++;
        if (isOverdue.has(key)) keys.push(key);
      }
      if (step.length < limit) {
        complete = true;
        break;
      }
      limit *= 2;
      if (fresh === 0) continue; // one date with more invoices than the step: a longer step
      const last: unknown = await t.get(step[step.length - 1]!);
      const date = (last as { invoiceDate?: unknown } | undefined)?.invoiceDate;
      if (typeof date === 'string') edge = date;
    }
    if (keys.length >= overdue.length) complete = true;
    // A row due before its own date (as a billing system may send it) is listed after the rest.
    if (complete) for (const key of overdue) if (!seen.has(key)) keys.push(key);
    const found = { keys, count: overdue.length, complete };
    if (this.writes === writesBefore) this.overdueCache.set(cacheKey, found);
    return found;
  }

  /** Totals per currency of every row the filter matches. */
  async totals(filter: BookFilter = {}): Promise<CurrencyTotals[]> {
    const today = this.today();
    if (!isBroad(filter)) return totalsPerCurrency(await this.matching(filter, today), today);
    // Every row, or most of them (all paid ones, say): read in chunks by key with a pause
    // between, so the worker answers the list's pages, and everything else, meanwhile. One read
    // of 200,000 rows held the worker for seconds, and the first rows waited behind it.
    const totals = new TotalsAccumulator(today);
    let last: string | null = null;
    for (;;) {
      const chunk: unknown[] = await (last === null ? this.db.invoices.orderBy(':id') : this.db.invoices.where(':id').above(last)).limit(TOTALS_CHUNK).toArray();
      if (chunk.length === 0) break;
      totals.add(this.valid('invoices', chunk).filter((r) => matches(r, filter, today)));
      last = (chunk.at(-1) as { key: string }).key;
      if (chunk.length < TOTALS_CHUNK) break;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return totals.result();
  }

  /** All rows the filter matches, unsorted (for totals and exports). */
  async matching(filter: BookFilter, today: IsoDate = this.today()): Promise<InvoiceRow[]> {
    const raw = await this.candidates(filter, today);
    return this.valid('invoices', raw).filter((r) => matches(r, filter, today));
  }

  /** Rows through the most selective index; the rest of the filter is applied afterwards. */
  private async candidates(filter: BookFilter, today: IsoDate): Promise<unknown[]> {
    const t = this.db.invoices;
    const q = searchText(filter.search);
    if (q !== '') return t.where('searchKeys').startsWith(q).distinct().toArray();
    if (filter.customerKey !== undefined) return t.where('customerKey').equals(filter.customerKey).toArray();
    if (filter.from !== undefined || filter.to !== undefined) {
      return t
        .where('invoiceDate')
        .between(filter.from ?? '0000-01-01', filter.to ?? '9999-12-31', true, true)
        .toArray();
    }
    if (filter.statuses !== undefined && filter.statuses.length > 0) {
      if (filter.statuses.length === 1 && filter.statuses[0] === 'overdue') {
        // Due before today, through [status+dueDate].
        const overdue = (status: string): Collection<InvoiceRow, string> => t.where('[status+dueDate]').between([status, '0000-01-01'], [status, today], true, false);
        const [open, partly] = await Promise.all([overdue('open').toArray(), overdue('partlyPaid').toArray()]);
        return [...open, ...partly];
      }
      return t.where('status').anyOf(storedStatusesFor(filter.statuses)).toArray();
    }
    if (filter.provider !== undefined) return t.where('provider').equals(filter.provider).toArray();
    return t.toArray();
  }

  /** Rows changed for documents since an instant (for "Export new documents"). */
  async documentsChangedAfter(since: string | null): Promise<InvoiceRow[]> {
    const index = this.db.invoices.where('documentChangedAt');
    const raw = since === null ? await this.db.invoices.toArray() : await index.above(since).toArray();
    return this.valid('invoices', raw);
  }

  private async readOne(key: string): Promise<InvoiceRow | undefined> {
    const raw = await this.db.invoices.get(key);
    if (raw === undefined) return undefined;
    const [row] = this.valid('invoices', [raw]);
    // A stored row that fails validation is never overwritten by a fresh one.
    if (!row) throw new Error(`The book's entry ${key} is damaged and was set aside; record it again after checking it`);
    return row;
  }

  private valid<T extends 'invoices' | 'orders'>(table: T, raw: readonly unknown[]) {
    const problems: ReadProblem[] = [];
    const rows = validRows(table, raw, problems);
    if (problems.length > 0) {
      for (const p of problems) this.onProblem(p);
      // In a transaction of its own: reading never waits for setting aside.
      const at = this.now().toISOString();
      void Dexie.ignoreTransaction(() => setAside(this.db, problems, at).catch(() => 0));
    }
    return rows;
  }
}

/** Orders whose "is it invoiced?" inputs are kept at most (about 1 KB each). */
const INVOICED_CACHE_MAX = 20_000;

/** Rows read per step when adding up every row. */
const TOTALS_CHUNK = 2_000;
/** The first step of the overdue walk (keys); each further step is twice as long. */
const OVERDUE_STEP = 500;

/** Overdue keys of one stored status in date order: the first ones, or all (`complete`). */
interface OverdueKeys {
  readonly keys: readonly string[];
  readonly count: number;
  readonly complete: boolean;
}

/** A filter no index narrows to a few rows: nothing but statuses or the billing system. */
function isBroad(filter: BookFilter): boolean {
  return filter.from === undefined && filter.to === undefined && filter.customerKey === undefined && searchText(filter.search) === '';
}

function isUnfiltered(filter: BookFilter): boolean {
  return (
    filter.from === undefined &&
    filter.to === undefined &&
    filter.customerKey === undefined &&
    filter.provider === undefined &&
    (filter.statuses === undefined || filter.statuses.length === 0) &&
    searchText(filter.search) === ''
  );
}

function documentChanged(a: InvoiceRow, b: InvoiceRow): boolean {
  return DOCUMENT_FIELDS.some((f) => a[f] !== b[f]);
}

function becameCancelled(before: InvoiceRow, after: InvoiceRow): boolean {
  return before.status !== 'cancelled' && after.status === 'cancelled';
}
