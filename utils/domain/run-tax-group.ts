/**
 * One invoice carries one VAT category (EN 16931): in a billing run a customer's orders of
 * different tax cases go on separate invoices, and an order whose case can't be decided
 * waits aside (null). Shared by the run review and the automatic drafts, so both group alike.
 */
import { classifyFreightTax } from './freight-tax';
import { routeOf } from './draft-tax';
import { DEFAULT_TAX_MAPPING } from './tax-mapping';
import type { Order } from './order';
import type { InvoiceSettings } from './settings';
import type { TaxCase } from './tax';

export function runTaxGroup(order: Order, chosenForCustomer: TaxCase | undefined, settings: Pick<InvoiceSettings, 'defaultTaxCase' | 'taxMapping'>): string | null {
  const chosen = chosenForCustomer ?? (settings.defaultTaxCase && settings.defaultTaxCase !== 'auto' ? settings.defaultTaxCase : undefined);
  const mapping = settings.taxMapping ?? DEFAULT_TAX_MAPPING;
  if (chosen) return mapping[chosen].category;
  const party = { countryCode: order.customer.billingAddress?.countryCode, vatId: order.customer.vatId };
  const taxCase = classifyFreightTax(party, routeOf(order)).taxCase;
  return taxCase ? mapping[taxCase].category : null;
}
