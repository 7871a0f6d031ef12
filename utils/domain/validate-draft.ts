/**
 * Checks an invoice draft, as edited in the preview, against the billing system's rules.
 * Runs after every edit; a blocking problem keeps "Save and create invoice" disabled.
 */
import { isIsoDate } from './dates';
import { QUANTITY_PATTERN, remarkWithTaxNote, taxRuleOf, type InvoiceDraft } from './invoice';
import { checkVatId } from './vat-id';
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
    // The remark is sent with the tax case's legal note after it.
    const length = field === 'remark' ? remarkWithTaxNote(draft).length : draft[field].length;
    if (length > limit) block('text-too-long', { field, limit, length });
  }
  problems.push(...taxProblems(draft));
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

/**
 * What the draft's tax case itself needs, checked here so the background refuses it too: a
 * decided case, reverse charge only with the customer's valid VAT ID (never silently), and
 * position rates that belong to the case (reverse charge is never "net with 0 %").
 */
function taxProblems(draft: InvoiceDraft): Problem[] {
  const rule = taxRuleOf(draft);
  if (!rule) return [{ code: 'tax-case-undecided', severity: 'blocking' }];
  const problems: Problem[] = [];
  if (rule.category === 'AE') {
    const check = checkVatId(draft.customer.vatId);
    const country = draft.customer.billingAddress?.countryCode ?? '';
    if (!check.ok) problems.push({ code: check.reason === 'empty' ? 'vat-id-missing' : 'vat-id-invalid', severity: 'blocking', params: { country, vatId: check.normalised } });
  }
  const taxable = rule.category === 'S';
  for (const p of draft.positions) {
    if (taxable !== p.taxRatePercent > 0) problems.push({ code: 'tax-rate-mismatch', severity: 'blocking', orderId: p.orderId, params: { orderNumber: p.orderNumber, rate: p.taxRatePercent } });
  }
  return problems;
}
