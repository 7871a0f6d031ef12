import { vi } from 'vitest';

interface FakeOrder {
  id: string;
  status: string;
  events: { type: string; text?: string; link?: { url: string; label: string } }[];
}

/**
 * The demo TMS's order API as the write-back meets it, in memory: every order exists and starts
 * "delivered"; reads by id and by `ids=`, the event and status writes, and the batch write
 * (sandbox/tms/api.ts has the real one). Events and statuses stick.
 */
export function fakeDemoTmsApi(): typeof fetch {
  const orders = new Map<string, FakeOrder>();
  const order = (id: string) => orders.get(id) ?? (orders.set(id, { id, status: 'delivered', events: [] }), orders.get(id)!);
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const [, , , id, sub] = url.pathname.split('/').map(decodeURIComponent);
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
    if (id === 'batch' && init?.method === 'POST') {
      const writes = (body?.orders ?? []) as { id: string; event?: FakeOrder['events'][number]; status?: string }[];
      return Response.json({
        results: writes.map((write) => {
          const current = order(write.id);
          if (write.event) current.events.push(write.event);
          if (write.status) current.status = write.status;
          return { id: write.id, ok: true, status: current.status };
        }),
      });
    }
    if (!id) return Response.json({ items: (url.searchParams.get('ids') ?? '').split(',').map(order) });
    const current = order(id);
    if (sub === 'events' && init?.method === 'POST') current.events.push(body as FakeOrder['events'][number]);
    if (init?.method === 'PATCH') current.status = String(body?.status);
    return Response.json(current);
  }) as typeof fetch;
}
