/**
 * The one draft builder for tests: compose()'s input with every field a valid default
 * (Nordlicht's delivered EUR orders on the demo TMS, into Lexware, linked, connected), so a
 * test names only what it is about.
 */
import { compose, type ComposeInput, type Composition } from '@/utils/domain/compose';
import type { InvoiceDraft } from '@/utils/domain/invoice';
import type { Order } from '@/utils/domain/order';
import { defaultInvoiceSettings, makeOrder, TMS_ORIGIN } from './orders';

export const TEST_TODAY = '2026-11-23';

/** compose() with test defaults; `orders` defaults to two fresh orders. */
export function composeFor(orders: readonly Order[] = [makeOrder(), makeOrder()], extra: Partial<ComposeInput> = {}): Composition {
  return compose({
    orders,
    tms: { origin: TMS_ORIGIN, adapter: 'demo-tms' },
    provider: 'lexware',
    connected: true,
    settings: defaultInvoiceSettings,
    contact: { id: 'contact-1', name: 'Spedition Nordlicht GmbH' },
    today: TEST_TODAY,
    ...extra,
  });
}

/** A valid draft (it fails the test if the defaults plus `extra` compose none). */
export function makeDraft(orders?: readonly Order[], extra: Partial<ComposeInput> = {}): InvoiceDraft {
  const { draft, problems } = composeFor(orders, extra);
  if (!draft) throw new Error(`test draft did not compose: ${problems.map((p) => p.code).join(', ')}`);
  return draft;
}
