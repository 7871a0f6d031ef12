import type { Order } from '@/utils/domain/order';
import { invoiceSettingsFor, type InvoiceSettings } from '@/utils/domain/settings';
import { DEFAULT_SETTINGS } from '@/utils/storage';

export const TMS_ORIGIN = 'http://127.0.0.1:4410';

export const nordlicht: Order['customer'] = {
  id: '10001',
  name: 'Spedition Nordlicht GmbH',
  customerNumber: '10001',
  vatId: 'DE123456789',
  email: 'buchhaltung@nordlicht.example',
  billingAddress: { street: 'Hafenstraße 12', zip: '20457', city: 'Hamburg', countryCode: 'DE' },
};

let seq = 0;

/** A valid delivered EUR order of Spedition Nordlicht; override what a test is about. */
export function makeOrder(overrides: Partial<Order> = {}): Order {
  seq += 1;
  const n = String(seq).padStart(4, '0');
  return {
    id: `o-${n}`,
    number: `A-2026-${n}`,
    customer: nordlicht,
    customerReference: `PO-${n}`,
    status: 'delivered',
    price: { minor: 125000, currency: 'EUR' },
    stops: [
      { type: 'pickup', name: 'Werk Nord', street: 'Am Kai 3', zip: '20457', city: 'Hamburg', countryCode: 'DE', date: '2026-11-10' },
      { type: 'delivery', name: 'Lager Süd', street: 'Industriestr. 9', zip: '80939', city: 'München', countryCode: 'DE', date: '2026-11-11' },
    ],
    load: { goods: 'Maschinenteile', weightKg: 12400, loadingMeters: '13.6', pallets: 33 },
    podUrl: `${TMS_ORIGIN}/documents/pod-A-2026-${n}.pdf`,
    source: { origin: TMS_ORIGIN, adapter: 'demo-tms' },
    ...overrides,
  };
}

/** The invoice settings a fresh install composes with: the stored defaults, converted once. */
export const defaultInvoiceSettings: InvoiceSettings = invoiceSettingsFor(DEFAULT_SETTINGS.invoice);
