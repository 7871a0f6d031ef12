/**
 * Reads orders through the demo TMS's own JSON API, as the logged-in user (same origin,
 * the page's cookies). Used on the list page, which does not show stops, load or POD.
 */
import * as v from 'valibot';
import type { OrderReadResult, ReadContext, ReadProblem } from '../adapter';
import { finishOrder, readDecimalPrice } from '../read-order';
import { DEMO_TMS } from './selectors';

const Text = v.nullish(v.string());
const ApiAddress = v.looseObject({ street: Text, zip: Text, city: Text, countryCode: Text });
const ApiCustomer = v.looseObject({ id: v.string(), name: Text, customerNumber: Text, vatId: Text, email: Text, billingAddress: v.nullish(ApiAddress) });
const ApiStop = v.looseObject({ type: Text, name: Text, street: Text, zip: Text, city: Text, countryCode: Text, date: Text });
const ApiEvent = v.looseObject({ type: Text, link: v.nullish(v.looseObject({ url: Text })) });
export const ApiOrder = v.looseObject({
  id: v.string(),
  number: Text,
  customerId: Text,
  customer: v.nullish(ApiCustomer),
  customerReference: Text,
  status: Text,
  price: v.nullish(v.looseObject({ amount: v.unknown(), currency: v.unknown() })),
  stops: v.nullish(v.array(ApiStop)),
  load: v.nullish(v.looseObject({ goods: Text, weightKg: v.nullish(v.number()), loadingMeters: v.nullish(v.number()), pallets: v.nullish(v.number()) })),
  podUrl: Text,
  events: v.nullish(v.array(ApiEvent)),
});
const ApiOrderList = v.looseObject({ items: v.array(ApiOrder) });

const opt = (value: string | null | undefined): string | undefined => (value === null || value === undefined || value.trim() === '' ? undefined : value);

function absolute(href: string | null | undefined, origin: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function orderFromApi(raw: v.InferOutput<typeof ApiOrder>, origin: string): OrderReadResult {
  const problems: ReadProblem[] = [];
  const price = readDecimalPrice(raw.price?.amount, raw.price?.currency);
  if (price.problem) problems.push(price.problem);
  const c = raw.customer;
  const addr = c?.billingAddress;
  const invoiceLinks = (raw.events ?? [])
    .filter((e) => e.type === 'invoice')
    .map((e) => absolute(e.link?.url, origin))
    .filter((u): u is string => !!u);
  const podUrl = absolute(raw.podUrl, origin);
  return finishOrder(
    {
      id: raw.id,
      number: raw.number ?? '',
      customer: c
        ? {
            // Same identity as on the detail page: the customer number the TMS shows.
            id: opt(c.customerNumber) ?? c.id,
            name: c.name ?? '',
            customerNumber: opt(c.customerNumber),
            vatId: opt(c.vatId),
            email: opt(c.email),
            billingAddress: addr ? { street: opt(addr.street), zip: opt(addr.zip), city: addr.city ?? '', countryCode: addr.countryCode ?? '' } : undefined,
          }
        : undefined,
      customerReference: opt(raw.customerReference),
      status: raw.status ?? '',
      ...(price.price ? { price: price.price } : {}),
      stops: (raw.stops ?? []).map((s) => ({
        type: s.type ?? '',
        name: opt(s.name),
        street: opt(s.street),
        zip: opt(s.zip),
        city: s.city ?? '',
        countryCode: s.countryCode ?? '',
        date: s.date ?? '',
      })),
      load: {
        goods: opt(raw.load?.goods),
        weightKg: raw.load?.weightKg ?? undefined,
        loadingMeters: raw.load?.loadingMeters !== undefined && raw.load?.loadingMeters !== null ? String(raw.load.loadingMeters) : undefined,
        pallets: raw.load?.pallets ?? undefined,
      },
      ...(podUrl ? { podUrl } : {}),
      ...(invoiceLinks.length ? { invoiceLinks } : {}),
      source: { origin, adapter: DEMO_TMS.id },
    },
    problems,
  );
}

const BATCH = 200;

export async function readOrdersFromApi(ids: readonly string[], context: ReadContext): Promise<OrderReadResult[]> {
  const results = new Map<string, OrderReadResult>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const url = new URL(DEMO_TMS.api.orders, context.origin);
    url.searchParams.set('ids', batch.join(','));
    let response: Response;
    try {
      response = await context.fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    } catch {
      for (const id of batch) results.set(id, { ok: false, id, problems: [{ code: 'tms-unreachable' }] });
      continue;
    }
    if (!response.ok) {
      const code = response.status === 401 ? 'session-expired' : 'tms-unreachable';
      for (const id of batch) results.set(id, { ok: false, id, problems: [{ code }] });
      continue;
    }
    const parsed = v.safeParse(ApiOrderList, await response.json().catch(() => null));
    if (!parsed.success) {
      for (const id of batch) results.set(id, { ok: false, id, problems: [{ code: 'field-invalid', field: '(response)' }] });
      continue;
    }
    for (const raw of parsed.output.items) results.set(raw.id, orderFromApi(raw, context.origin));
  }
  return ids.map((id) => results.get(id) ?? { ok: false, id, problems: [{ code: 'order-not-found' }] });
}
