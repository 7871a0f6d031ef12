/**
 * The demo TMS's delivered orders for the invoicing proposal, through its own API: every
 * page of `status=delivered`, not only the rows on screen. The API sorts by delivery date,
 * newest first, so paging stops at the first page that reaches back before the period.
 */
import * as v from 'valibot';
import { isIsoDate, type IsoDate } from '../../domain/dates';
import type { ReadContext } from '../adapter';
import { DeliveredListError, type DeliveredCandidate } from '../proposal';
import { readDecimalPrice } from '../read-order';
import { DEMO_TMS } from './selectors';

/** The largest page the API serves. */
export const DELIVERED_PAGE_SIZE = 1000;
/** A bound against a TMS that never ends its pages. */
const MAX_PAGES = 100;

const Text = v.pipe(v.string(), v.maxLength(2000));
const ListedOrder = v.looseObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  number: Text,
  status: Text,
  customer: v.nullish(v.looseObject({ name: v.optional(Text) })),
  price: v.nullish(v.looseObject({ amount: v.unknown(), currency: v.unknown() })),
  stops: v.array(v.looseObject({ type: v.optional(Text), date: v.optional(Text) })),
  events: v.optional(v.array(v.looseObject({ type: v.optional(Text) }))),
});
const Page = v.looseObject({ items: v.array(v.unknown()), total: v.number() });

function candidateOf(order: v.InferOutput<typeof ListedOrder>): DeliveredCandidate {
  // The last delivery stop's date, as the TMS sorts and shows it.
  const delivery = order.stops.findLast((s) => s.type === 'delivery') ?? order.stops.at(-1);
  const deliveredOn = delivery?.date && isIsoDate(delivery.date) ? delivery.date : null;
  return {
    summary: {
      id: order.id,
      number: order.number || order.id,
      customerName: order.customer?.name ?? '',
      price: readDecimalPrice(order.price?.amount, order.price?.currency).price ?? null,
      status: order.status,
    },
    deliveredOn,
    invoicedInTms: (order.events ?? []).some((e) => e.type === 'invoice'),
  };
}

export async function listDeliveredFromApi(from: IsoDate, context: ReadContext): Promise<DeliveredCandidate[]> {
  const found: DeliveredCandidate[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const url = new URL(DEMO_TMS.api.orders, context.origin);
    url.searchParams.set('status', 'delivered');
    url.searchParams.set('pageSize', String(DELIVERED_PAGE_SIZE));
    url.searchParams.set('page', String(page));
    let response: Response;
    try {
      response = await context.fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    } catch {
      throw new DeliveredListError('tms-unreachable');
    }
    if (!response.ok) throw new DeliveredListError(response.status === 401 ? 'session-expired' : 'tms-unreachable');
    const body = v.safeParse(Page, await response.json().catch(() => null));
    if (!body.success) throw new DeliveredListError('unexpected-answer');
    let older = false;
    for (const item of body.output.items) {
      // One malformed order is left out, not the whole list.
      const order = v.safeParse(ListedOrder, item);
      if (!order.success) continue;
      const candidate = candidateOf(order.output);
      if (candidate.deliveredOn !== null && candidate.deliveredOn < from) older = true;
      found.push(candidate);
    }
    if (older || body.output.items.length < DELIVERED_PAGE_SIZE || page * DELIVERED_PAGE_SIZE >= body.output.total) break;
  }
  return found;
}
