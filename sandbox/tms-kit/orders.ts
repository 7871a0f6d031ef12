/**
 * The order book every new sandbox TMS (Legacy, Grid, Frames) keeps: orders generated with the
 * demo TMS's seed generator (same customers, stops, loads, POD links and statuses), plus the
 * one thing these TMSs let a user write — an invoice reference ("Rechnungs-Nr.").
 */
import { generateSeed } from '../tms/generate-seed';
import { deliveryStop } from '../tms/store';
import type { Customer, Order, Seed } from '../tms/seed';

export interface BookOrder extends Order {
  customer: Customer;
  /** The invoice number entered in the TMS; billed seed orders start with one. */
  invoiceRef: string | null;
}

export const INVOICE_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ./_-]{0,39}$/;
export const INVOICE_REF_RULE = 'höchstens 40 Zeichen: Buchstaben, Ziffern, Leerzeichen und . / _ -';

function compareOrders(a: Order, b: Order): number {
  const da = deliveryStop(a)?.date ?? '';
  const db = deliveryStop(b)?.date ?? '';
  if (da !== db) return da < db ? 1 : -1;
  return a.number.localeCompare(b.number, 'en', { numeric: true });
}

export class OrderBook {
  private orders: BookOrder[] = [];
  private byId = new Map<string, BookOrder>();

  constructor(private readonly seed: Seed) {
    this.reset();
  }

  static generated(options: { orders: number; seed: number; customers?: number }): OrderBook {
    return new OrderBook(generateSeed({ orders: options.orders, seed: options.seed, customers: options.customers ?? 12 }));
  }

  reset(): void {
    const customers = new Map(this.seed.customers.map((c) => [c.id, c]));
    const sorted = structuredClone(this.seed.orders).sort(compareOrders);
    let billed = 0;
    this.orders = sorted.map((o) => {
      const customer = customers.get(o.customerId);
      if (!customer) throw new Error(`order ${o.id}: unknown customer ${o.customerId}`);
      const isBilled = o.status === 'invoice_created' || o.status === 'paid';
      // Deterministic numbers in the style of the billing systems' own.
      const invoiceRef = isBilled ? `RE-2026-${String(++billed).padStart(4, '0')}` : null;
      return { ...o, customer: structuredClone(customer), invoiceRef };
    });
    this.byId = new Map(this.orders.map((o) => [o.id, o]));
  }

  get size(): number {
    return this.orders.length;
  }

  all(): BookOrder[] {
    return this.orders;
  }

  get(id: string): BookOrder | undefined {
    return this.byId.get(id);
  }

  /** Stores the reference; an order already holding the same one is left as it is. */
  setInvoiceRef(order: BookOrder, ref: string): BookOrder {
    if (order.invoiceRef === ref) return order;
    order.invoiceRef = ref;
    order.events.push({ at: new Date().toISOString(), type: 'invoice', text: `Rechnungs-Nr. ${ref} eingetragen` });
    return order;
  }
}
