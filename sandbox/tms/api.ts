/**
 * The demo TMS's JSON API under /api. Reads are forgiving about unknown query parameters;
 * write-backs (what the extension does) are strict: every malformed body is a 400 that says
 * what is wrong, so a sloppy client fails in tests instead of corrupting orders.
 */
import * as v from 'valibot';
import { json, type EmuRequest, type EmuResponse, type Router } from '../kit/http';
import { EVENT_TYPES, ORDER_STATUSES, describeIssue, isAbsoluteHttpUrl, type OrderStatus } from './seed';
import { type OrderQuery, type OrderStore } from './store';

/** The list's largest page: the web app's "1000 rows per page" (big lists, benchmarks). */
export const MAX_PAGE_SIZE = 1000;
export const MAX_IDS = 1000;

const statusMessage = `must be one of ${ORDER_STATUSES.join(', ')}`;

export const PatchOrderSchema = v.strictObject(
  { status: v.picklist(ORDER_STATUSES, statusMessage) },
  'must be a JSON object',
);

const labelled = (max: number) =>
  v.pipe(
    v.string('must be a string'),
    v.check((s) => s.trim().length > 0, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
  );

export const NewEventSchema = v.strictObject(
  {
    type: v.picklist(EVENT_TYPES, `must be one of ${EVENT_TYPES.join(', ')}`),
    text: labelled(500),
    link: v.optional(
      v.strictObject(
        {
          url: v.pipe(
            v.string('must be a string'),
            v.maxLength(2000, 'must be at most 2000 characters'),
            v.check(isAbsoluteHttpUrl, 'must be an absolute http(s) URL'),
          ),
          label: labelled(100),
        },
        'must be an object with url and label',
      ),
    ),
  },
  'must be a JSON object',
);

/**
 * Many orders written in one request (a bulk edit, as a TMS's own list offers it): per order
 * an optional event, then an optional status, with exactly the rules of the single routes
 * (POST events, PATCH). The whole body is checked first: a malformed one changes nothing.
 */
export const MAX_BATCH = 1000;
export const BatchSchema = v.strictObject(
  {
    orders: v.pipe(
      v.array(
        v.strictObject(
          {
            id: v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty')),
            event: v.optional(NewEventSchema),
            status: v.optional(v.picklist(ORDER_STATUSES, statusMessage)),
          },
          'must be an object with id and event and/or status',
        ),
        'must be an array',
      ),
      v.minLength(1, 'must list at least one order'),
      v.maxLength(MAX_BATCH, `must list at most ${MAX_BATCH} orders`),
    ),
  },
  'must be a JSON object',
);

export const invalid = (message: string): EmuResponse => json(400, { error: 'invalid_request', message });
export const notFound = (message: string): EmuResponse => json(404, { error: 'not_found', message });

/** The JSON body as the schema's output, or the 400 that explains why it is not acceptable. */
function readBody<S extends v.GenericSchema>(req: EmuRequest, schema: S): { ok: v.InferOutput<S> } | { error: EmuResponse } {
  if (req.rawBody.trim() === '') return { error: invalid('request body is empty; send a JSON object') };
  if (req.bodyError !== undefined || req.body === undefined) return { error: invalid('request body is not valid JSON') };
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    return { error: invalid('request body must be a JSON object') };
  }
  const result = v.safeParse(schema, req.body);
  if (!result.success) return { error: invalid(result.issues.map(describeIssue).join('; ')) };
  return { ok: result.output };
}

function parsePositiveInt(value: string | null): number | undefined | null {
  if (value === null || value === '') return undefined;
  if (!/^\d{1,6}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

export function registerApi(routes: Router, store: OrderStore): void {
  routes.get('/api/session', () => json(200, { user: { name: 'Dispo Demo' } }));

  routes.get('/api/customers', () => json(200, { items: store.listCustomers() }));

  routes.get('/api/orders', (req) => {
    const ids = req.query.get('ids');
    if (ids !== null) {
      const wanted = [...new Set(ids.split(',').map((s) => s.trim()).filter((s) => s.length > 0))];
      if (wanted.length === 0 || wanted.length > MAX_IDS) return invalid(`ids must list 1 to ${MAX_IDS} order ids, separated by commas`);
      const items = wanted.flatMap((id) => {
        const order = store.get(id);
        return order ? [store.withCustomer(order)] : [];
      });
      return json(200, { items, total: items.length, page: 1, pageSize: wanted.length });
    }

    const page = parsePositiveInt(req.query.get('page'));
    if (page === null) return invalid('page must be a positive whole number');
    const pageSize = parsePositiveInt(req.query.get('pageSize'));
    if (pageSize === null || (pageSize !== undefined && pageSize > MAX_PAGE_SIZE)) {
      return invalid(`pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    }
    const filter: OrderQuery = {};
    const status = req.query.get('status');
    if (status) {
      if (!(ORDER_STATUSES as readonly string[]).includes(status)) return invalid(`status ${statusMessage} (got "${status}")`);
      filter.status = status as OrderStatus;
    }
    const customerId = req.query.get('customerId');
    if (customerId) filter.customerId = customerId;
    const q = req.query.get('q');
    if (q) filter.q = q;

    const size = pageSize ?? 25;
    const current = page ?? 1;
    const matching = store.query(filter);
    const items = matching.slice((current - 1) * size, current * size).map((o) => store.withCustomer(o));
    return json(200, { items, total: matching.length, page: current, pageSize: size });
  });

  routes.post('/api/orders/batch', (req) => {
    const body = readBody(req, BatchSchema);
    if ('error' in body) return body.error;
    const results = body.ok.orders.map(({ id, event, status }) => {
      const order = store.get(id);
      if (!order) return { id, ok: false, error: 'not_found', message: `There is no order with the id "${id}".` };
      if (event) store.addEvent(order, event.link ? { type: event.type, text: event.text, link: event.link } : { type: event.type, text: event.text });
      if (status) store.setStatus(order, status);
      return { id, ok: true, status: order.status };
    });
    return json(200, { results });
  });

  routes.get('/api/orders/:id', (req) => {
    const order = store.get(req.params.id ?? '');
    return order ? json(200, store.withCustomer(order)) : orderNotFound(req);
  });

  routes.on('PATCH', '/api/orders/:id', (req) => {
    const order = store.get(req.params.id ?? '');
    if (!order) return orderNotFound(req);
    const body = readBody(req, PatchOrderSchema);
    if ('error' in body) return body.error;
    return json(200, store.withCustomer(store.setStatus(order, body.ok.status)));
  });

  routes.post('/api/orders/:id/events', (req) => {
    const order = store.get(req.params.id ?? '');
    if (!order) return orderNotFound(req);
    const body = readBody(req, NewEventSchema);
    if ('error' in body) return body.error;
    const { type, text, link } = body.ok;
    return json(201, { event: store.addEvent(order, link ? { type, text, link } : { type, text }) });
  });
}

function orderNotFound(req: EmuRequest): EmuResponse {
  return notFound(`There is no order with the id "${req.params.id ?? ''}".`);
}
