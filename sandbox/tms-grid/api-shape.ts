/**
 * CargoGrid's order JSON, deliberately unlike the demo TMS's: nested `route.legs[]`,
 * `freight.amountCents`, upper-case states, ISO dates, a `client` object.
 */
import type { OrderStatus, Stop } from '../tms/seed';
import type { BookOrder } from '../tms-kit/orders';

export const GRID_STATES: Record<OrderStatus, string> = {
  open: 'NEW',
  planned: 'PLANNED',
  in_transit: 'ON_ROAD',
  delivered: 'DELIVERED',
  invoice_created: 'INVOICED',
  paid: 'SETTLED',
  cancelled: 'CANCELLED',
};

export interface GridSite {
  name: string;
  street: string;
  postcode: string;
  town: string;
  country: string;
}

export interface GridOrder {
  id: string;
  ref: string;
  state: string;
  client: { id: string; name: string; accountNo: string; vatId: string | null; email: string | null; address: GridSite };
  customerRef: string | null;
  route: { legs: { seq: number; kind: 'PICKUP' | 'DROP'; site: GridSite; date: string }[] };
  freight: { amountCents: number; currency: string };
  cargo: { description: string | null; weightKg: number | string | null; ldm: number | null; pallets: number | null };
  documents: { kind: 'POD'; url: string }[];
  invoiceReference: string | null;
  createdAt: string | null;
}

/** "1250.5" → 125050, exactly (no floating point on money). */
export function toCents(amount: string): number {
  const [whole = '0', fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

const site = (s: Pick<Stop, 'name' | 'street' | 'zip' | 'city' | 'countryCode'>): GridSite => ({
  name: s.name,
  street: s.street,
  postcode: s.zip,
  town: s.city,
  country: s.countryCode,
});

export function toGridOrder(o: BookOrder): GridOrder {
  const c = o.customer;
  return {
    id: o.id,
    ref: o.number,
    state: GRID_STATES[o.status],
    client: {
      id: c.id,
      name: c.name,
      accountNo: c.customerNumber,
      vatId: c.vatId,
      email: c.email,
      address: site({ name: c.name, street: c.billingAddress.street, zip: c.billingAddress.zip, city: c.billingAddress.city, countryCode: c.billingAddress.countryCode }),
    },
    customerRef: o.customerReference,
    route: { legs: o.stops.map((s, i) => ({ seq: i + 1, kind: s.type === 'pickup' ? 'PICKUP' : 'DROP', site: site(s), date: s.date })) },
    freight: { amountCents: toCents(o.price.amount), currency: o.price.currency },
    cargo: {
      description: o.load.goods ?? null,
      weightKg: o.load.weightKg ?? null,
      ldm: o.load.loadingMeters ?? null,
      pallets: o.load.pallets ?? null,
    },
    documents: o.podUrl ? [{ kind: 'POD', url: o.podUrl }] : [],
    invoiceReference: o.invoiceRef,
    createdAt: o.createdAt ?? null,
  };
}
