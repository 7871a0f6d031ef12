/**
 * Checks an invoice draft, as edited in the preview, against the billing system's rules.
 * Runs after every edit; a blocking problem keeps "Save and create invoice" disabled.
 */
import { isIsoDate } from './dates';
import { QUANTITY_PATTERN, type InvoiceDraft } from './invoice';
import type { Problem } from './problems';
import { PROVIDER_RULES } from './provider-rules';
import { parseScaledDecimal } from './money';

export interface DraftContext {
  connected: boolean;
}

export function validateDraft(draft: InvoiceDraft, context: DraftContext): Problem[] {
  const rules = PROVIDER_RULES[draft.provider];
  const problems: Problem[] = [];
  const block = (code: Problem['code'], params?: Problem['params'], orderId?: string) =>
    problems.push({ code, severity: 'blocking', ...(params ? { params } : {}), ...(orderId ? { orderId } : {}) });

  if (!context.connected) block('not-connected', { provider: draft.provider });
  if (draft.contact === null) block('no-contact', { customer: draft.customer.name });
  if (rules.currencies && !rules.currencies.includes(draft.currency)) {
    block('currency-not-supported', { currency: draft.currency, provider: draft.provider, supported: rules.currencies.join(', ') });
  }
  if (draft.positions.length > rules.maxPositions) block('too-many-positions', { count: draft.positions.length, limit: rules.maxPositions });

  for (const field of ['title', 'introduction', 'remark'] as const) {
    const limit = rules.limits[field];
    if (draft[field].length > limit) block('text-too-long', { field, limit, length: draft[field].length });
  }
  if (!isIsoDate(draft.voucherDate)) block('date-invalid', { field: 'voucherDate' });
  if (!isIsoDate(draft.service.start)) block('date-invalid', { field: 'serviceStart' });
  if (!isIsoDate(draft.service.end)) block('date-invalid', { field: 'serviceEnd' });
  if (isIsoDate(draft.service.start) && isIsoDate(draft.service.end) && draft.service.end < draft.service.start) block('period-reversed');
  if (rules.serviceNotAfterInvoice && isIsoDate(draft.service.end) && isIsoDate(draft.voucherDate) && draft.service.end > draft.voucherDate) {
    block('service-after-invoice', { provider: draft.provider });
  }

  for (const p of draft.positions) {
    const on = { orderNumber: p.orderNumber };
    if (p.name.trim().length === 0) block('text-missing', { ...on, field: 'name' }, p.orderId);
    if (p.name.length > rules.limits.positionName) block('text-too-long', { ...on, field: 'name', limit: rules.limits.positionName, length: p.name.length }, p.orderId);
    if (p.description.length > rules.limits.positionDescription) {
      block('text-too-long', { ...on, field: 'description', limit: rules.limits.positionDescription, length: p.description.length }, p.orderId);
    }
    const quantity = QUANTITY_PATTERN.test(p.quantity) ? parseScaledDecimal(p.quantity, rules.quantityDecimals) : null;
    if (quantity === null || quantity <= 0n) block('quantity-invalid', on, p.orderId);
    if (!Number.isSafeInteger(p.unitPriceMinor) || p.unitPriceMinor < 0) block('price-invalid', on, p.orderId);
    else if (p.unitPriceMinor === 0) problems.push({ code: 'price-zero', severity: 'warning', orderId: p.orderId, params: on });
  }
  return problems;
}
