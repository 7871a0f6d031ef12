/**
 * Bundled by the benchmark and run in the TMS page: the content script's own read path
 * (`readOrdersFromApi`, the demo adapter's `readOrders`) on 300 ids, timed as a whole and in
 * its parts, plus the domain work the preview does for those orders on every (re)composition.
 */
import { compose, type InvoiceSettings } from '@/utils/domain/compose';
import { todayIso } from '@/utils/domain/dates';
import type { Order } from '@/utils/domain/order';
import { PROVIDER_RULES } from '@/utils/domain/provider-rules';
import { computeTotals } from '@/utils/domain/totals';
import { validateDraft } from '@/utils/domain/validate-draft';
import { orderFromApi, readOrdersFromApi } from '@/utils/tms/demo/api';
import { DEMO_TMS } from '@/utils/tms/demo/selectors';

/** As in utils/tms/demo/api.ts: ids per request. */
const BATCH = 200;

export interface ReadTimings {
  /** readOrdersFromApi(300 ids) as the content script calls it, ms. */
  total: number;
  ok: number;
  /** Its parts, measured separately on the same ids: requests until the JSON is parsed… */
  transfer: number;
  requests: number;
  /** …the response's envelope check (the orders are validated once, as Orders)… */
  schema: number;
  /** …and turning each API order into a validated Order (finishOrder, OrderSchema). */
  toOrders: number;
  responseBytes: number;
}

let lastOrders: Order[] = [];

export async function readOrders(ids: string[]): Promise<ReadTimings> {
  const origin = location.origin;
  const fetchImpl = window.fetch.bind(window);
  const t0 = performance.now();
  const results = await readOrdersFromApi(ids, { origin, fetch: fetchImpl });
  const total = performance.now() - t0;
  lastOrders = results.flatMap((r) => (r.ok ? [r.order] : []));

  const t1 = performance.now();
  const bodies: unknown[] = [];
  let responseBytes = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    const url = new URL(DEMO_TMS.api.orders, origin);
    url.searchParams.set('ids', ids.slice(i, i + BATCH).join(','));
    const response = await fetchImpl(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    const text = await response.text();
    responseBytes += text.length;
    bodies.push(JSON.parse(text));
  }
  const transfer = performance.now() - t1;
  const t2 = performance.now();
  const parsed = bodies.map((body) => body as { items: unknown[] });
  if (!parsed.every((p) => Array.isArray(p.items))) throw new Error('unexpected API answer');
  const schema = performance.now() - t2;
  const t3 = performance.now();
  for (const list of parsed) for (const raw of list.items) orderFromApi(raw, origin);
  const toOrders = performance.now() - t3;
  return { total, ok: lastOrders.length, transfer, requests: bodies.length, schema, toOrders, responseBytes };
}

const SETTINGS: InvoiceSettings = {
  unitName: 'Transport',
  language: 'de',
  extraFields: [],
  templates: { title: '', introduction: '', remark: '' },
  finalize: false,
  paymentTermDays: null,
  domesticTaxRate: 19,
  defaultTaxCase: 'auto',
};

export interface DomainTimings {
  positions: number;
  /** compose() + validateDraft() + computeTotals(): what the store runs before a preview render. */
  recompose: number;
  /** validateDraft() + computeTotals(): what the store's computeds re-run after one edit. */
  afterEdit: number;
}

/** Times the pure domain work on the orders of the last read (default settings, a linked contact). */
export function domain(): DomainTimings {
  const t0 = performance.now();
  const { draft } = compose({
    orders: lastOrders,
    tms: { origin: location.origin, adapter: DEMO_TMS.id },
    provider: 'lexware',
    connected: true,
    settings: SETTINGS,
    contact: { id: '00000000-0000-4000-8000-000000000000', name: 'Bench' },
    today: todayIso(),
  });
  if (!draft) throw new Error('no draft composed');
  validateDraft(draft, { connected: true });
  computeTotals(draft.positions, draft.currency, PROVIDER_RULES.lexware.rounding);
  const recompose = performance.now() - t0;
  const t1 = performance.now();
  validateDraft(draft, { connected: true });
  computeTotals(draft.positions, draft.currency, PROVIDER_RULES.lexware.rounding);
  const afterEdit = performance.now() - t1;
  return { positions: draft.positions.length, recompose, afterEdit };
}
