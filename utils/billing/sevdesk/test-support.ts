/**
 * Shared by the sevdesk tests: the demo TMS customers that matter here, lookups as the
 * emulator's account has them, and drafts made the way the preview makes them.
 */
import type { EInvoiceSettings } from '../../domain/settings';
import { compose } from '../../domain/compose';
import type { ContactRef, InvoiceDraft } from '../../domain/invoice';
import type { Customer, Order } from '../../domain/order';
import { defaultInvoiceSettings, makeOrder, TMS_ORIGIN } from '@/tests/support/orders';
import type { SevdeskLookups } from './lookups';

export const alpentrans: Customer = {
  id: 'C-1004',
  name: 'Alpentrans AG',
  customerNumber: '10004',
  vatId: 'CHE-123.456.788 MWST',
  email: 'finance@alpentrans.example',
  billingAddress: { street: 'Badenerstrasse 560', zip: '8048', city: 'Zürich', countryCode: 'CH' },
};

export const polex: Customer = {
  id: 'C-1005',
  name: 'Polex Transport Sp. z o.o.',
  customerNumber: '10005',
  vatId: 'PL5260001246',
  email: 'faktury@polex.example',
  billingAddress: { street: 'ul. Marszałkowska 84', zip: '00-514', city: 'Warszawa', countryCode: 'PL' },
};

export const frostFrische: Customer = {
  id: 'C-1008',
  name: 'Frost & Frische <Kühllogistik> "Nord" GmbH',
  customerNumber: '10008',
  vatId: 'DE567891234',
  email: 'rechnung@frost-frische.example',
  billingAddress: { street: 'Am Fischereihafen 5', zip: '27572', city: 'Bremerhaven', countryCode: 'DE' },
};

/** The emulator's contacts (sandbox/sevdesk/README.md). */
export const CONTACTS = {
  nordlicht: { id: '74100231', name: 'Spedition Nordlicht GmbH' },
  alpentrans: { id: '74100232', name: 'Alpentrans AG' },
  polex: { id: '74100233', name: 'Polex Transport Sp. z o.o.' },
} satisfies Record<string, ContactRef>;

/** The emulator account's ids, as fetchLookups reads them. */
export const LOOKUPS: SevdeskLookups = {
  fetchedAt: '2026-11-23T09:00:00.000Z',
  contactPersonId: '1273548',
  unities: [
    { id: '8301', name: 'Stk', translationCode: 'UNITY_PIECE' },
    { id: '8305', name: 'Pauschale', translationCode: 'UNITY_BLANKET' },
    { id: '8307', name: 'Std.', translationCode: 'UNITY_HOUR' },
  ],
  taxRules: [
    { id: '1', code: 'USTPFL_UMS_EINN', name: 'Umsatzsteuerpflichtige Umsätze' },
    { id: '5', code: 'REV_CHARGE_13B_1', name: 'Reverse Charge gem. §13b UStG' },
    { id: '11', code: 'KLEINUNTERNEHMER_P19', name: 'Steuer nicht erhoben nach §19 UStG' },
    { id: '17', code: 'NICHT_IM_INLAND_STEUERBAR', name: 'Nicht im Inland steuerbare Leistung' },
    { id: '21', code: 'REV_CHARGE_13B_1_USTG', name: 'Reverse Charge gem. §18b UStG' },
  ],
  countries: { DE: '1', CH: '2', AT: '3', NL: '18', PL: '21' },
  addressCategoryId: '47',
  emailKeyId: '2',
};

/** A delivered order numbered `n` (goldens stay stable whatever runs first). */
export function order(n: number, overrides: Partial<Order> = {}): Order {
  return makeOrder({
    id: `o-${n}`,
    number: `A-2026-0${n}`,
    customerReference: `PO-${n}`,
    podUrl: `${TMS_ORIGIN}/documents/pod-A-2026-0${n}.pdf`,
    ...overrides,
  });
}

export function draftFor(orders: Order[], contact: ContactRef, extra: Partial<Parameters<typeof compose>[0]> = {}): InvoiceDraft {
  const { draft } = compose({
    orders,
    tms: { origin: TMS_ORIGIN, adapter: 'demo-tms' },
    provider: 'sevdesk',
    connected: true,
    settings: defaultInvoiceSettings,
    contact,
    today: '2026-11-23',
    ...extra,
  });
  if (!draft) throw new Error('compose made no draft');
  return draft;
}

/** Three CHF transports of Alpentrans in early November (a collective invoice). */
export function alpentransChfOrders(first: number, prices: readonly number[] = [98050, 112000, 74535]): Order[] {
  return prices.map((minor, i) =>
    order(first + i, {
      customer: alpentrans,
      price: { minor, currency: 'CHF' },
      stops: [
        { type: 'pickup', name: 'Werk Nord', city: 'Hamburg', zip: '20457', countryCode: 'DE', date: `2026-11-0${i + 2}` },
        { type: 'delivery', name: 'Lager Zürich', city: 'Zürich', zip: '8048', countryCode: 'CH', date: `2026-11-0${i + 3}` },
      ],
    }),
  );
}

/** The own company as the emulator's account has it, and the payment method "Überweisung". */
export const READY_EINVOICE: EInvoiceSettings = {
  issue: true,
  seller: {
    vatId: 'DE811234567',
    taxNumber: '60/123/45678',
    iban: 'DE89370400440532013000',
    phone: '0421 5566770',
    email: 'buchhaltung@albers-transporte.example',
    street: 'Industriestraße 21',
    zip: '28199',
    city: 'Bremen',
  },
  sevdeskPaymentMethod: { id: '21919', name: 'Überweisung' },
};
