/**
 * Reads orders through the demo TMS's own JSON API, as the logged-in user (same origin,
 * the page's cookies). Used on the list page, which does not show stops, load or POD.
 */
import type { OrderReadResult, ReadContext, ReadProblem } from '../adapter';
import { finishOrder, readDecimalPrice, readWeight } from '../read-order';
import { DEMO_TMS } from './selectors';

/**
 * The API's JSON is read with small type guards, not a schema of its own: what comes out is
 * validated once, as an Order (finishOrder), and one malformed order fails alone instead of
 * its whole batch. Validating twice cost a 300-order read a third of its time.
 */
type Raw = Record<string, unknown>;
const obj = (x: unknown): Raw | undefined => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Raw) : undefined);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

const opt = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

function absolute(href: string | undefined, origin: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** CMR number, vehicle, Frankatur and export MRN: only those the order has. */
function freightReferences(raw: Raw): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['cmrNumber', 'vehicle', 'freightTerms', 'exportReference'] as const) {
    const value = opt(raw[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export function orderFromApi(item: unknown, origin: string): OrderReadResult {
  const raw = obj(item) ?? {};
  const problems: ReadProblem[] = [];
  const priceRaw = obj(raw.price);
  const price = readDecimalPrice(priceRaw?.amount, priceRaw?.currency);
  if (price.problem) problems.push(price.problem);
  const c = obj(raw.customer);
  const addr = obj(c?.billingAddress);
  const load = obj(raw.load);
  const invoiceLinks = list(raw.events)
    .map(obj)
    .filter((e) => e?.type === 'invoice')
    .map((e) => absolute(str(obj(e?.link)?.url), origin))
    .filter((u): u is string => !!u);
  const podUrl = absolute(str(raw.podUrl), origin);
  const loadingMeters = num(load?.loadingMeters);
  // Some TMS users type the weight as text ("ca. 1.200 kg"); the API then sends that text.
  const weightText = str(load?.weightKg);
  const weightRead = weightText !== undefined ? readWeight(weightText) : undefined;
  const interpreted = weightRead?.interpreted ? (['weight'] as const) : [];
  return finishOrder(
    {
      id: str(raw.id) ?? '',
      number: str(raw.number) ?? '',
      customer: c
        ? {
            // Same identity as on the detail page: the customer number the TMS shows.
            id: opt(c.customerNumber) ?? str(c.id) ?? '',
            name: str(c.name) ?? '',
            customerNumber: opt(c.customerNumber),
            vatId: opt(c.vatId),
            email: opt(c.email),
            billingAddress: addr ? { street: opt(addr.street), zip: opt(addr.zip), city: str(addr.city) ?? '', countryCode: str(addr.countryCode) ?? '' } : undefined,
          }
        : undefined,
      customerReference: opt(raw.customerReference),
      status: str(raw.status) ?? '',
      ...(price.price ? { price: price.price } : {}),
      stops: list(raw.stops).map((stop) => {
        const s = obj(stop) ?? {};
        return { type: str(s.type) ?? '', name: opt(s.name), street: opt(s.street), zip: opt(s.zip), city: str(s.city) ?? '', countryCode: str(s.countryCode) ?? '', date: str(s.date) ?? '' };
      }),
      load: {
        goods: opt(load?.goods),
        weightKg: weightRead ? weightRead.value : num(load?.weightKg),
        loadingMeters: loadingMeters === undefined ? undefined : String(loadingMeters),
        pallets: num(load?.pallets),
      },
      ...(podUrl ? { podUrl } : {}),
      ...freightReferences(raw),
      ...(invoiceLinks.length ? { invoiceLinks } : {}),
      ...(interpreted.length ? { interpreted: [...interpreted] } : {}),
      source: { origin, adapter: DEMO_TMS.id },
    },
    problems,
  );
}

const BATCH = 200;

/**
 * Batches are requested together: the TMS answers one while the previous answer is parsed
 * and validated, which keeps reading 300 orders near the time of one request (docs/benchmark).
 */
export async function readOrdersFromApi(ids: readonly string[], context: ReadContext): Promise<OrderReadResult[]> {
  const results = new Map<string, OrderReadResult>();
  const failBatch = (batch: readonly string[], problem: ReadProblem) => {
    for (const id of batch) results.set(id, { ok: false, id, problems: [problem] });
  };
  const readBatch = async (batch: readonly string[]) => {
    const url = new URL(DEMO_TMS.api.orders, context.origin);
    url.searchParams.set('ids', batch.join(','));
    let response: Response;
    try {
      response = await context.fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    } catch {
      return failBatch(batch, { code: 'tms-unreachable' });
    }
    if (!response.ok) return failBatch(batch, { code: response.status === 401 ? 'session-expired' : 'tms-unreachable' });
    const body = obj(await response.json().catch(() => null));
    if (!body || !Array.isArray(body.items)) return failBatch(batch, { code: 'field-invalid', field: 'response' });
    for (const item of body.items) {
      const id = str(obj(item)?.id);
      if (id) results.set(id, orderFromApi(item, context.origin));
    }
  };
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
  await Promise.all(batches.map(readBatch));
  return ids.map((id) => results.get(id) ?? { ok: false, id, problems: [{ code: 'order-not-found' }] });
}
