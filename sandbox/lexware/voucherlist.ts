/**
 * `GET /v1/voucherlist`: the one way to list or search invoices. `voucherType` and `voucherStatus`
 * are mandatory (csv lists or `any`); invoices created through the API are listed as `invoice`.
 */
import { json, type EmuRequest, type EmuResponse, type Router } from '../kit/http';
import type { LexwareContext } from './context';
import { berlinDate, parsePlainDate } from './datetime';
import { regularError } from './errors';
import { openCents } from './payments';
import type { Invoice } from './model';
import { isPagingProblem, pageOf, parsePaging, type SortOrder } from './paging';
import { decodeSearchValue } from './search';

export const VOUCHER_TYPES = [
  'salesinvoice',
  'salescreditnote',
  'purchaseinvoice',
  'purchasecreditnote',
  'invoice',
  'downpaymentinvoice',
  'creditnote',
  'orderconfirmation',
  'quotation',
  'deliverynote',
] as const;

export const VOUCHER_STATUSES = ['draft', 'open', 'overdue', 'paid', 'paidoff', 'voided', 'transferred', 'sepadebit', 'accepted', 'rejected', 'unchecked'] as const;

const SORT_PROPERTIES = ['voucherDate', 'voucherNumber', 'createdDate', 'updatedDate'] as const;
type SortProperty = (typeof SORT_PROPERTIES)[number];
const DEFAULT_SORT: SortOrder = { property: 'voucherDate', direction: 'DESC' };

export interface VoucherlistItem {
  id: string;
  voucherType: 'invoice' | 'creditnote';
  voucherStatus: string;
  voucherNumber: string | null;
  voucherDate: string;
  createdDate: string;
  updatedDate: string;
  dueDate: string | null;
  contactId: string | null;
  contactName: string;
  totalAmount: number;
  openAmount: number | null;
  currency: 'EUR';
  archived: boolean;
}

export function voucherlistItem(ctx: LexwareContext, invoice: Invoice, voucherType: 'invoice' | 'creditnote' = 'invoice'): VoucherlistItem {
  return {
    id: invoice.id,
    voucherType,
    voucherStatus: invoice.voucherStatus,
    voucherNumber: invoice.voucherNumber,
    voucherDate: invoice.voucherDate,
    createdDate: invoice.createdDate,
    updatedDate: invoice.updatedDate,
    dueDate: invoice.dueDate,
    // One-time addresses belong to Lexware's collective contact, which has no id here.
    contactId: invoice.address.contactId ?? null,
    contactName: invoice.address.name ?? '',
    totalAmount: invoice.totalPrice.totalGrossAmount,
    // Drafts have no open amount; a linked credit note is settled at once, a free one awaits its refund.
    openAmount: invoice.voucherStatus === 'draft' ? null : voucherType === 'creditnote' ? (invoice.voucherStatus === 'open' ? invoice.totalPrice.totalGrossAmount : 0) : openCents(ctx, invoice) / 100,
    currency: 'EUR',
    archived: invoice.archived,
  };
}

type Parsed<T> = { value: T } | { error: string };

function csvParam<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): Parsed<Set<T>> {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return { error: `Required request parameter '${name}' is not present` };
  const values = raw.split(',').map((v) => v.trim());
  // `any` means no restriction, not "every value at once" (which would clash with `overdue`).
  if (values.includes('any')) return { value: new Set(allowed.filter((v) => v !== 'overdue')) };
  const unknown = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (unknown.length > 0) return { error: `Invalid value for parameter '${name}': ${unknown.join(', ')}` };
  return { value: new Set(values as T[]) };
}

function sortParam(query: URLSearchParams): Parsed<SortOrder> {
  const raw = query.get('sort');
  if (raw === null || raw === '') return { value: DEFAULT_SORT };
  const [property = '', direction = 'ASC'] = raw.split(',').map((s) => s.trim());
  const match = SORT_PROPERTIES.find((p) => p.toLowerCase() === property.toLowerCase());
  const dir = direction.toUpperCase();
  if (!match || (dir !== 'ASC' && dir !== 'DESC')) return { error: `Invalid sort: ${raw}` };
  return { value: { property: match, direction: dir } };
}

function comparator(order: SortOrder): (a: Invoice, b: Invoice) => number {
  const property = order.property as SortProperty;
  const sign = order.direction === 'ASC' ? 1 : -1;
  return (a, b) => {
    const x = a[property];
    const y = b[property];
    // Drafts have no number; they sort after numbered invoices in either direction.
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (x < y ? -1 : 1);
  };
}

function listVouchers(ctx: LexwareContext, req: EmuRequest): EmuResponse {
  const now = ctx.now();
  const q = req.query;
  const bad = (message: string) => regularError(now, req.path, 400, message);

  const types = csvParam(q, 'voucherType', VOUCHER_TYPES);
  if ('error' in types) return bad(types.error);
  const statuses = csvParam(q, 'voucherStatus', VOUCHER_STATUSES);
  if ('error' in statuses) return bad(statuses.error);
  if (statuses.value.has('overdue') && statuses.value.size > 1) return bad("voucherStatus 'overdue' cannot be combined with other statuses");

  const predicates: ((invoice: Invoice) => boolean)[] = [];
  for (const [param, field, bound] of [
    ['voucherDateFrom', 'voucherDate', 'from'],
    ['voucherDateTo', 'voucherDate', 'to'],
    ['createdDateFrom', 'createdDate', 'from'],
    ['createdDateTo', 'createdDate', 'to'],
    ['updatedDateFrom', 'updatedDate', 'from'],
    ['updatedDateTo', 'updatedDate', 'to'],
  ] as const) {
    const raw = q.get(param);
    if (raw === null) continue;
    const day = parsePlainDate(raw);
    if (!day) return bad(`Invalid date for parameter '${param}': ${raw} (expected yyyy-MM-dd)`);
    // Stored datetimes are Berlin wall time, so their first ten characters are the Berlin day.
    predicates.push(bound === 'from' ? (i) => i[field].slice(0, 10) >= day : (i) => i[field].slice(0, 10) <= day);
  }
  const contactId = q.get('contactId');
  if (contactId !== null) predicates.push((i) => i.address.contactId === contactId);
  const voucherNumber = q.get('voucherNumber');
  if (voucherNumber !== null) {
    const wanted = decodeSearchValue(voucherNumber);
    predicates.push((i) => wanted !== undefined && i.voucherNumber === wanted);
  }
  const archived = q.get('archived');
  if (archived !== null) {
    if (archived !== 'true' && archived !== 'false') return bad(`Invalid value for parameter 'archived': ${archived}`);
    predicates.push((i) => i.archived === (archived === 'true'));
  }

  const paging = parsePaging(q);
  if (isPagingProblem(paging)) return bad(paging.message);
  const sort = sortParam(q);
  if ('error' in sort) return bad(sort.error);

  const today = berlinDate(now);
  const statusMatches = (invoice: Invoice): boolean => {
    // `overdue` is a view on open invoices past their due date; `open` includes them.
    if (statuses.value.has('overdue')) return invoice.voucherStatus === 'open' && invoice.dueDate !== null && invoice.dueDate.slice(0, 10) < today;
    return (statuses.value as Set<string>).has(invoice.voucherStatus);
  };

  const order = sort.value;
  const candidates: { voucher: Invoice; type: 'invoice' | 'creditnote' }[] = [
    ...(types.value.has('invoice') ? [...ctx.store.invoices.values()].map((voucher) => ({ voucher, type: 'invoice' as const })) : []),
    ...(types.value.has('creditnote') ? [...ctx.store.creditNotes.values()].map((voucher) => ({ voucher, type: 'creditnote' as const })) : []),
  ];
  const compare = comparator(order);
  const matches = candidates.filter((c) => statusMatches(c.voucher) && predicates.every((p) => p(c.voucher))).sort((a, b) => compare(a.voucher, b.voucher));
  return json(200, pageOf(matches.map((c) => voucherlistItem(ctx, c.voucher, c.type)), paging, [order]));
}

export function registerVoucherlistRoutes(router: Router, ctx: LexwareContext): void {
  router.get('/v1/voucherlist', (req) => listVouchers(ctx, req));
}
