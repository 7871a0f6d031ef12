import { describe, expect, it, vi } from 'vitest';
import { listDeliveredFromApi, DELIVERED_PAGE_SIZE } from './delivered';
import { DeliveredListError } from '../proposal';

const ORIGIN = 'http://127.0.0.1:4410';
const jsonResponse = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A delivered order as GET /api/orders lists it, delivered on `date`. */
function apiOrder(n: number, date: string, extra: Record<string, unknown> = {}) {
  return {
    id: `o-${n}`,
    number: `A-${n}`,
    status: 'delivered',
    customer: { id: 'C-1001', name: 'Spedition Nordlicht GmbH' },
    price: { amount: '1250.00', currency: 'EUR' },
    stops: [
      { type: 'pickup', city: 'Hamburg', date: '2026-01-01' },
      { type: 'delivery', city: 'München', date },
    ],
    events: [],
    ...extra,
  };
}

/** A TMS whose delivered list holds `orders` (newest first), served in pages as the demo API serves them. */
function fakeTms(orders: unknown[]) {
  return vi.fn<typeof fetch>(async (input) => {
    const url = new URL(String(input));
    const page = Number(url.searchParams.get('page'));
    const size = Number(url.searchParams.get('pageSize'));
    expect(url.searchParams.get('status')).toBe('delivered');
    return jsonResponse({ items: orders.slice((page - 1) * size, page * size), total: orders.length, page, pageSize: size });
  });
}

describe('listDeliveredFromApi (the demo TMS)', () => {
  it('reads every page of delivered orders, not only the rows on screen', async () => {
    const orders = Array.from({ length: DELIVERED_PAGE_SIZE + 5 }, (_, i) => apiOrder(i, '2026-11-20'));
    const fetch = fakeTms(orders);
    const found = await listDeliveredFromApi('2026-11-01', { origin: ORIGIN, fetch });
    expect(found).toHaveLength(DELIVERED_PAGE_SIZE + 5);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(found[0]).toEqual({
      summary: { id: 'o-0', number: 'A-0', customerName: 'Spedition Nordlicht GmbH', price: { minor: 125000, currency: 'EUR' }, status: 'delivered' },
      deliveredOn: '2026-11-20',
      invoicedInTms: false,
    });
  });

  it('stops paging once a page reaches back before the period (the list is newest first)', async () => {
    const orders = [...Array.from({ length: DELIVERED_PAGE_SIZE }, (_, i) => apiOrder(i, i < 10 ? '2026-11-20' : '2026-09-01')), apiOrder(5000, '2026-08-01')];
    const fetch = fakeTms(orders);
    await listDeliveredFromApi('2026-11-01', { origin: ORIGIN, fetch });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('notes invoice links the TMS shows, and leaves out one malformed order instead of the list', async () => {
    const fetch = fakeTms([apiOrder(1, '2026-11-20', { events: [{ type: 'invoice', link: { url: 'https://app.lexware.de/x' } }] }), { id: 'broken', stops: 'none' }, apiOrder(2, '2026-11-19')]);
    const found = await listDeliveredFromApi('2026-11-01', { origin: ORIGIN, fetch });
    expect(found.map((c) => [c.summary.id, c.invoicedInTms])).toEqual([
      ['o-1', true],
      ['o-2', false],
    ]);
  });

  it('says why when the TMS does not answer or the session expired', async () => {
    await expect(listDeliveredFromApi('2026-11-01', { origin: ORIGIN, fetch: vi.fn<typeof fetch>(async () => jsonResponse({ error: 'session_expired' }, 401)) })).rejects.toEqual(
      new DeliveredListError('session-expired'),
    );
    await expect(listDeliveredFromApi('2026-11-01', { origin: ORIGIN, fetch: vi.fn<typeof fetch>(async () => Promise.reject(new TypeError('offline'))) })).rejects.toMatchObject({
      reason: 'tms-unreachable',
    });
    await expect(listDeliveredFromApi('2026-11-01', { origin: ORIGIN, fetch: vi.fn<typeof fetch>(async () => jsonResponse({ nope: 1 })) })).rejects.toMatchObject({ reason: 'unexpected-answer' });
  });
});
