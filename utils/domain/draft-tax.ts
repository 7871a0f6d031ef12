/**
 * The tax of one invoice draft: each order's freight is classified for the billed customer
 * and its route (freight-tax.ts), the user's choice for this invoice, for this customer or in
 * the settings wins, and the case is mapped through the settings table (tax-mapping.ts) to
 * the rates, the billing systems' tax type and rule, and the legal note in the invoice's
 * language. Orders of different VAT categories are refused together, with the reason.
 */
import { classifyFreightTax, type FreightTaxCase, type TaxOverrideScope, type TaxProblem, type TaxReason } from './freight-tax';
import type { Customer, Order } from './order';
import type { InvoiceLanguage } from './invoice-text';
import type { Problem } from './problems';
import { checkTaxCaseMix, DEFAULT_TAX_MAPPING, taxRateForRule, type TaxCaseRule, type TaxMapping } from './tax-mapping';
import { checkVatId } from './vat-id';

export interface DraftTaxInput {
  orders: readonly Pick<Order, 'id' | 'number' | 'stops'>[];
  customer: Customer;
  /** The user's choice, if any, and where it was made. */
  override?: { taxCase: FreightTaxCase; scope: TaxOverrideScope } | undefined;
  mapping?: TaxMapping | undefined;
  domesticRate: 19 | 7;
  language: InvoiceLanguage;
}

export interface DraftTax {
  /** null: no case can be chosen safely (or the orders' cases differ); sending is blocked. */
  taxCase: FreightTaxCase | null;
  rule: TaxCaseRule | null;
  /** The position rate the case carries (the domestic rate while undecided, so totals never hide VAT). */
  ratePercent: 0 | 7 | 19;
  reason: TaxReason | null;
  /** The case the classification alone would choose (what "automatic" means in the preview). */
  proposed: FreightTaxCase | null;
  /** Problems of the classification (a missing VAT ID, export evidence…), for the preview. */
  problems: Problem[];
  /** Taken as a business because the TMS does not say whether the customer is one. */
  assumedBusiness: boolean;
  /** The legal note printed on the invoice, in its language ('' where none is needed). */
  note: string;
}

/** The countries the goods were loaded and unloaded in. */
export function routeOf(order: Pick<Order, 'stops'>): { loading: string[]; unloading: string[] } {
  return {
    loading: order.stops.filter((s) => s.type === 'pickup').map((s) => s.countryCode),
    unloading: order.stops.filter((s) => s.type === 'delivery').map((s) => s.countryCode),
  };
}

export function decideDraftTax(input: DraftTaxInput): DraftTax {
  const mapping = input.mapping ?? DEFAULT_TAX_MAPPING;
  const party = { countryCode: input.customer.billingAddress?.countryCode, vatId: input.customer.vatId };
  const perOrder = input.orders.map((order) => ({ order, result: classifyFreightTax(party, routeOf(order)) }));
  const automatic = perOrder.map((o) => o.result);
  const classifiedCases = automatic.map((r) => r.taxCase).filter((c): c is FreightTaxCase => c !== null);
  const proposed = classifiedCases.length === automatic.length && new Set(classifiedCases).size === 1 ? classifiedCases[0]! : null;
  const assumedBusiness = automatic.some((r) => r.problems.some((p) => p.code === 'assumed-business'));

  const problems: Problem[] = [];
  let taxCase: FreightTaxCase | null;
  let reason: TaxReason | null;
  let taxProblems: TaxProblem[];
  if (input.override) {
    const chosen = classifyFreightTax(party, { loading: [], unloading: [] }, input.override);
    taxCase = chosen.taxCase;
    reason = chosen.reason;
    // The VAT ID reverse charge needs is checked on the draft itself (validateDraft).
    taxProblems = chosen.problems.filter((p) => p.code === 'export-evidence-needed');
  } else {
    const mix = checkTaxCaseMix(classifiedCases, mapping);
    if (mix) {
      const byCase = mix.cases.map((c) => `${c}=${perOrder.filter((o) => o.result.taxCase === c).map((o) => o.order.number).join(', ')}`).join(';');
      problems.push({ code: 'tax-categories-mixed', severity: 'blocking', params: { byCase, notSubject: mix.notSubjectInvolved ? 1 : 0 } });
      taxCase = null;
      reason = null;
    } else {
      taxCase = automatic.some((r) => r.taxCase === null) ? null : (classifiedCases[0] ?? null);
      reason = taxCase === null ? null : mergeRouteCountries(automatic.map((r) => r.reason));
    }
    taxProblems = automatic.flatMap((r) => r.problems);
  }

  for (const p of dedupe(taxProblems)) {
    const problem = toPreviewProblem(p);
    if (problem) problems.push(problem);
  }
  const rule = taxCase === null ? null : mapping[taxCase];
  const ratePercent = rule ? (taxRateForRule(rule, input.domesticRate) as 0 | 7 | 19) : input.domesticRate;
  return { taxCase, rule, ratePercent, reason, proposed, problems, assumedBusiness, note: rule ? taxNoteFor(rule, input.language, input.customer.vatId) : '' };
}

/**
 * The legal note in the invoice's language. Reverse charge names the customer's VAT ID, as
 * § 14a Abs. 1 UStG wants both ids on the invoice (ours is in the billing system's letterhead).
 */
export function taxNoteFor(rule: Pick<TaxCaseRule, 'note' | 'category'>, language: InvoiceLanguage, customerVatId: string | undefined): string {
  const note = rule.note[language] || rule.note.de;
  if (rule.category !== 'AE') return note;
  const check = checkVatId(customerVatId);
  if (!check.ok) return note;
  return `${note} ${language === 'de' ? 'USt-IdNr. des Leistungsempfängers' : "Customer's VAT ID"}: ${check.normalised}`.trim();
}

function toPreviewProblem(p: TaxProblem): Problem | null {
  switch (p.code) {
    case 'customer-country-missing':
      return { code: 'tax-country-missing', severity: 'blocking' };
    case 'vat-id-missing':
      return { code: 'vat-id-missing', severity: 'blocking', params: { country: p.country } };
    case 'vat-id-invalid':
      return { code: 'vat-id-invalid', severity: 'blocking', params: { country: p.country, vatId: p.vatId } };
    case 'vat-id-wrong-country':
      return { code: 'vat-id-wrong-country', severity: 'warning', params: { country: p.country, vatId: p.vatId } };
    case 'export-evidence-needed':
      return { code: 'export-evidence-needed', severity: 'info' };
    case 'private-cross-border':
      return { code: 'private-cross-border', severity: 'warning', params: { countries: p.countries.join(', ') } };
    case 'assumed-business':
      // Said next to the case in the preview, not as a problem: the TMS never states it.
      return null;
  }
}

function dedupe(problems: readonly TaxProblem[]): TaxProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One reason for several orders of the same case: route reasons name all their countries. */
function mergeRouteCountries(reasons: readonly (TaxReason | null)[]): TaxReason | null {
  const first = reasons[0] ?? null;
  if (!first || !('countries' in first)) return first;
  const countries = [...new Set(reasons.flatMap((r) => (r && r.code === first.code && 'countries' in r ? r.countries : [])))];
  return { ...first, countries };
}
