/**
 * The freight tax cases as sevdesk-Update 2.0 tax rules (billing-apis.md §2.6). An invoice
 * names one rule; every position's rate must be one the rule allows, or sevdesk answers 422.
 * Rules are found in the account's list by code, then by name; the ids in comments are the
 * ones sevdesk documents, for orientation only.
 */
import type { InvoiceDraft } from '../../domain/invoice';
import type { TaxCase } from '../../domain/tax';

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

export const SEVDESK_TAX_RULES: Record<TaxCase, TaxRuleSpec> = {
  // Rule 1: the regular German VAT, replaces taxType "default".
  domestic: { code: 'USTPFL_UMS_EINN', name: /^umsatzsteuerpflichtige ums[äa]tze$/i, label: 'Umsatzsteuerpflichtige Umsätze', rates: [0, 7, 19] },
  // Rule 21, not rule 5. A carrier's transport for a business in another EU state is a
  // service whose place of supply is the customer's country (§3a (2) UStG); the customer
  // owes the VAT there, and the carrier reports the net amount in its VAT return under §18b
  // UStG (field 21, "nicht steuerbare sonstige Leistungen"). Rule 5 ("§13b UStG", field 60)
  // is for domestic reverse charge, where the recipient owes German VAT: not the case here.
  // (sevdesk's code for rule 21 reads REV_CHARGE_13B_1_USTG; its name says §18b.)
  intraEuReverseCharge: { code: 'REV_CHARGE_13B_1_USTG', name: /§\s*18\s*b/i, label: 'Reverse Charge gem. §18b UStG', rates: [0] },
  // Rule 17: the place of supply is outside the EU; replaces taxType "noteu".
  thirdCountry: { code: 'NICHT_IM_INLAND_STEUERBAR', name: /^nicht im inland steuerbare leistung$/i, label: 'Nicht im Inland steuerbare Leistung', rates: [0] },
};

/** The account's rule for a tax case, or undefined when the account has none. */
export function findTaxRule(rules: readonly TaxRuleEntry[], taxCase: TaxCase): TaxRuleEntry | undefined {
  const spec = SEVDESK_TAX_RULES[taxCase];
  return rules.find((r) => r.code === spec.code) ?? rules.find((r) => r.name !== null && spec.name.test(r.name.trim()));
}

const TAX_TEXT: Record<InvoiceDraft['language'], Record<TaxCase, (rate: number | null) => string>> = {
  de: {
    domestic: (rate) => (rate === null ? 'Umsatzsteuer' : `Umsatzsteuer ${rate}%`),
    intraEuReverseCharge: () => 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)',
    thirdCountry: () => 'Nicht im Inland steuerbare Leistung',
  },
  en: {
    domestic: (rate) => (rate === null ? 'VAT' : `VAT ${rate}%`),
    intraEuReverseCharge: () => 'Reverse charge: VAT to be accounted for by the recipient',
    thirdCountry: () => 'Not taxable in Germany',
  },
};

/** The invoice's `taxText`, e.g. "Umsatzsteuer 19%"; without a rate when positions differ. */
export function taxText(draft: Pick<InvoiceDraft, 'language' | 'taxCase' | 'positions'>): string {
  const rates = new Set(draft.positions.map((p) => p.taxRatePercent));
  const rate = rates.size === 1 ? [...rates][0]! : null;
  return TAX_TEXT[draft.language][draft.taxCase](rate);
}
