/**
 * The demo TMS's in-memory state: orders (mutable copies of the seed) and login sessions.
 */
import { randomBytes } from 'node:crypto';
import { STATUS_LABELS, type Customer, type Order, type OrderEvent, type OrderStatus, type OrderWithCustomer, type Seed, type Stop } from './seed';

export interface OrderQuery {
  customerId?: string;
  status?: OrderStatus;
  q?: string;
}

/** First pickup (or first stop), the "from" of the route and the list's Pickup column. */
export function pickupStop(order: Order): Stop | undefined {
  return order.stops.find((s) => s.type === 'pickup') ?? order.stops[0];
}

/** Last delivery (or last stop), the "to" of the route and the list's Delivery column. */
export function deliveryStop(order: Order): Stop | undefined {
  return order.stops.findLast((s) => s.type === 'delivery') ?? order.stops[order.stops.length - 1];
}

/** Newest delivery first, then by order number: how a dispatcher scans for what to bill. */
function compareOrders(a: Order, b: Order): number {
  const da = deliveryStop(a)?.date ?? '';
  const db = deliveryStop(b)?.date ?? '';
  if (da !== db) return da < db ? 1 : -1;
  return a.number.localeCompare(b.number, 'en', { numeric: true });
}

export class OrderStore {
  private orders: Order[] = [];
  private byId = new Map<string, Order>();
  private readonly customers: Map<string, Customer>;

  constructor(
    private readonly seed: Seed,
    private readonly now: () => Date,
  ) {
    this.customers = new Map(seed.customers.map((c) => [c.id, c]));
    this.reset();
  }

  reset(): void {
    // A deep copy, so write-backs never leak into the seed a later reset goes back to.
    this.orders = structuredClone(this.seed.orders);
    this.orders.sort(compareOrders);
    this.byId = new Map(this.orders.map((o) => [o.id, o]));
  }

  listCustomers(): Customer[] {
    return this.seed.customers;
  }

  all(): Order[] {
    return this.orders;
  }

  get(id: string): Order | undefined {
    return this.byId.get(id);
  }

  withCustomer(order: Order): OrderWithCustomer {
    // parseSeed guarantees the reference; the fallback keeps a broken state visible, not fatal.
    const customer = this.customers.get(order.customerId) ?? {
      id: order.customerId,
      name: order.customerId,
      customerNumber: '',
      vatId: null,
      email: null,
      billingAddress: { street: '', zip: '', city: '', countryCode: 'DE' },
    };
    return { ...order, customer };
  }

  /** Orders matching the filters, already in list order (the store keeps them sorted). */
  query(filter: OrderQuery): Order[] {
    const needle = filter.q?.trim().toLocaleLowerCase('de') ?? '';
    return this.orders.filter((o) => {
      if (filter.customerId !== undefined && o.customerId !== filter.customerId) return false;
      if (filter.status !== undefined && o.status !== filter.status) return false;
      if (needle && !this.searchText(o).includes(needle)) return false;
      return true;
    });
  }

  private searchText(o: Order): string {
    const customer = this.customers.get(o.customerId);
    return [o.number, o.customerReference, customer?.name, o.load.goods, ...o.stops.flatMap((s) => [s.name, s.city, s.zip])]
      .filter((s): s is string => typeof s === 'string')
      .join('\n')
      .toLocaleLowerCase('de');
  }

  /** Sets the status; a status event is appended only when it actually changes (retries stay idempotent). */
  setStatus(order: Order, status: OrderStatus): Order {
    if (order.status !== status) {
      order.status = status;
      order.events.push({ at: this.now().toISOString(), type: 'status', text: STATUS_LABELS[status] });
    }
    return order;
  }

  addEvent(order: Order, event: Omit<OrderEvent, 'at'>): OrderEvent {
    const stored: OrderEvent = { at: this.now().toISOString(), ...event };
    order.events.push(stored);
    return stored;
  }
}

export const SESSION_COOKIE = 'tms_session';

/** Who is "logged in". Visiting a page logs in automatically; the sandbox can expire everyone. */
export class Sessions {
  private readonly ids = new Set<string>();

  create(): string {
    const id = randomBytes(18).toString('base64url');
    this.ids.add(id);
    return id;
  }

  isValid(id: string | undefined): boolean {
    return id !== undefined && this.ids.has(id);
  }

  expireAll(): number {
    const count = this.ids.size;
    this.ids.clear();
    return count;
  }

  get size(): number {
    return this.ids.size;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
