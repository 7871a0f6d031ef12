/**
 * The freight tax cases as sevdesk-Update 2.0 tax rules (billing-apis.md §2.6). An invoice
 * names one rule; every position's rate must be one the rule allows, or sevdesk answers 422.
 * Rules are found in the account's list by code, then by name; the ids in comments are the
 * ones sevdesk documents, for orientation only.
 */
import { taxRuleOf, type InvoiceDraft } from '../../domain/invoice';
import type { TaxCaseRule } from '../../domain/tax-mapping';

export interface TaxRuleEntry {
  id: string;
  code: string | null;
  name: string | null;
}

interface TaxRuleSpec {
  code: string;
  /** Matches the rule's name when an account lists it without (or with another) code. */
  name: RegExp;
  /** Label for error messages. */
  label: string;
  /** Position rates the rule allows. */
  rates: readonly number[];
}

export type SevdeskRuleId = TaxCaseRule['sevdeskTaxRule'];

/** The rules a freight invoice can name, by their documented id (the settings table's column). */
export const SEVDESK_TAX_RULES: Record<SevdeskRuleId, TaxRuleSpec> = {
  // Rule 1: the regular German VAT, replaces taxType "default".
  1: { code: 'USTPFL_UMS_EINN', name: /^umsatzsteuerpflichtige ums[äa]tze$/i, label: 'Umsatzsteuerpflichtige Umsätze', rates: [0, 7, 19] },
  // Rule 4: tax-free under § 4 UStG; for freight, § 4 Nr. 3 (export and import transports).
  4: { code: 'STFREIE_UMS_P4', name: /^steuerfreie ums[äa]tze\s*§\s*4/i, label: 'Steuerfreie Umsätze §4 UStG', rates: [0] },
  // Rule 21, not rule 5. A carrier's transport for a business in another EU state is a
  // service whose place of supply is the customer's country (§3a (2) UStG); the customer
  // owes the VAT there, and the carrier reports the net amount in its VAT return under §18b
  // UStG (field 21, "nicht steuerbare sonstige Leistungen"). Rule 5 ("§13b UStG", field 60)
  // is for domestic reverse charge, where the recipient owes German VAT: not the case here.
  // (sevdesk's code for rule 21 reads REV_CHARGE_13B_1_USTG; its name says §18b.)
  21: { code: 'REV_CHARGE_13B_1_USTG', name: /§\s*18\s*b/i, label: 'Reverse Charge gem. §18b UStG', rates: [0] },
  // Rule 17: the place of supply is outside Germany; replaces taxType "noteu".
  17: { code: 'NICHT_IM_INLAND_STEUERBAR', name: /^nicht im inland steuerbare leistung$/i, label: 'Nicht im Inland steuerbare Leistung', rates: [0] },
};

/** The account's entry for a rule, or undefined when the account has none. */
export function findTaxRule(rules: readonly TaxRuleEntry[], ruleId: SevdeskRuleId): TaxRuleEntry | undefined {
  const spec = SEVDESK_TAX_RULES[ruleId];
  return rules.find((r) => r.code === spec.code) ?? rules.find((r) => r.name !== null && spec.name.test(r.name.trim()));
}

const TAX_TEXT: Record<InvoiceDraft['language'], Record<SevdeskRuleId, (rate: number | null) => string>> = {
  de: {
    1: (rate) => (rate === null ? 'Umsatzsteuer' : `Umsatzsteuer ${rate}%`),
    4: () => 'Steuerfreie Leistung (§ 4 Nr. 3 UStG)',
    21: () => 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)',
    17: () => 'Nicht im Inland steuerbare Leistung',
  },
  en: {
    1: (rate) => (rate === null ? 'VAT' : `VAT ${rate}%`),
    4: () => 'VAT-exempt service (§ 4 No. 3 German VAT Act)',
    21: () => 'Reverse charge: VAT to be accounted for by the recipient',
    17: () => 'Not taxable in Germany',
  },
};

/** The invoice's `taxText`, e.g. "Umsatzsteuer 19%"; without a rate when positions differ. */
export function taxText(draft: Pick<InvoiceDraft, 'language' | 'taxCase' | 'taxRule' | 'positions'>): string {
  const rule = taxRuleOf(draft);
  if (!rule) throw new Error('The invoice has no tax case yet');
  const rates = new Set(draft.positions.map((p) => p.taxRatePercent));
  const rate = rates.size === 1 ? [...rates][0]! : null;
  return TAX_TEXT[draft.language][rule.sevdeskTaxRule](rate);
}
