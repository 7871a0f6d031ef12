/**
 * How each freight tax case is booked: the Lexware tax type, the sevdesk tax rule, the
 * legal note printed on the invoice and the e-invoice VAT category. A settings table the
 * user's tax adviser can read and change (fact sheet §5.5); these are its defaults.
 *
 * The schema refuses the combinations that e-invoice validators reject, above all "net
 * with 0 %" standing in for reverse charge (BR-S-05, fact sheet §2.4).
 */
import * as v from 'valibot';
import { FREIGHT_TAX_CASES, type FreightTaxCase } from './freight-tax';

export const LEXWARE_TAX_TYPES = ['net', 'gross', 'vatfree', 'externalService13b', 'thirdPartyCountryService'] as const;
/** EN 16931 VAT categories (BT-151); K and G are for goods, never freight. */
export const VAT_CATEGORIES = ['S', 'Z', 'E', 'AE', 'O'] as const;
export type VatCategory = (typeof VAT_CATEGORIES)[number];

const Note = v.pipe(v.string(), v.trim(), v.maxLength(300));

export const TaxCaseRuleSchema = v.pipe(
  v.strictObject({
    lexwareTaxType: v.picklist(LEXWARE_TAX_TYPES),
    /** sevdesk Update-2.0 tax rule id (1 taxable, 4 § 4 exempt, 17 not taxable here, 21 § 18b). */
    sevdeskTaxRule: v.picklist([1, 4, 17, 21]),
    category: v.picklist(VAT_CATEGORIES),
    /** CEF VATEX code (BT-121), where one exists for the category. */
    exemptionReasonCode: v.optional(v.picklist(['VATEX-EU-AE', 'VATEX-EU-O'])),
    note: v.strictObject({ de: Note, en: Note }),
    /** Whether the German e-invoice duty applies to this case (B2B domestic). */
    eInvoiceDuty: v.picklist(['yes', 'no', 'ask-adviser']),
    /** Who confirmed the row, and when (the adviser's sign-off). */
    confirmedBy: v.optional(v.pipe(v.string(), v.maxLength(100))),
    confirmedAt: v.optional(v.pipe(v.string(), v.isoDate())),
  }),
  v.check((r) => (r.category === 'S') === (r.lexwareTaxType === 'net' || r.lexwareTaxType === 'gross'), 'lexwareTaxType: only category S is booked as net or gross; a 0 % net invoice is not reverse charge'),
  v.check((r) => (r.category === 'S') === (r.sevdeskTaxRule === 1), 'sevdeskTaxRule: rule 1 (taxable) belongs to category S only'),
  v.check((r) => r.category !== 'AE' || (r.lexwareTaxType === 'externalService13b' && r.sevdeskTaxRule === 21), 'category: reverse charge for freight is Lexware externalService13b and sevdesk rule 21'),
  v.check((r) => r.category === 'S' || r.note.de.length > 0, 'note: a tax-free or reverse-charge invoice must say why (§ 14 Abs. 4 Nr. 8 UStG)'),
);
export type TaxCaseRule = v.InferOutput<typeof TaxCaseRuleSchema>;

export const TaxMappingSchema = v.strictObject(
  Object.fromEntries(FREIGHT_TAX_CASES.map((c) => [c, TaxCaseRuleSchema])) as Record<FreightTaxCase, typeof TaxCaseRuleSchema>,
);
export type TaxMapping = Record<FreightTaxCase, TaxCaseRule>;

export const DEFAULT_TAX_MAPPING: TaxMapping = {
  domestic: { lexwareTaxType: 'net', sevdeskTaxRule: 1, category: 'S', note: { de: '', en: '' }, eInvoiceDuty: 'yes' },
  exemptCrossBorder: {
    lexwareTaxType: 'vatfree',
    sevdeskTaxRule: 4,
    category: 'E',
    note: {
      de: 'Steuerfreie Leistung gem. § 4 Nr. 3 Buchst. a UStG (grenzüberschreitende Güterbeförderung).',
      en: 'VAT-exempt service under § 4 No. 3 (a) German VAT Act (cross-border freight transport).',
    },
    eInvoiceDuty: 'yes',
  },
  intraEuReverseCharge: {
    lexwareTaxType: 'externalService13b',
    sevdeskTaxRule: 21,
    category: 'AE',
    exemptionReasonCode: 'VATEX-EU-AE',
    note: { de: 'Steuerschuldnerschaft des Leistungsempfängers.', en: 'Reverse charge: VAT is owed by the recipient of the service.' },
    eInvoiceDuty: 'no',
  },
  thirdCountry: {
    lexwareTaxType: 'thirdPartyCountryService',
    sevdeskTaxRule: 17,
    category: 'O',
    exemptionReasonCode: 'VATEX-EU-O',
    note: { de: 'Nicht im Inland steuerbare Leistung (§ 3a Abs. 2 UStG).', en: 'Not taxable in Germany (§ 3a (2) German VAT Act).' },
    eInvoiceDuty: 'no',
  },
  thirdCountryTransport: {
    lexwareTaxType: 'thirdPartyCountryService',
    sevdeskTaxRule: 17,
    category: 'O',
    exemptionReasonCode: 'VATEX-EU-O',
    note: {
      de: 'Nicht im Inland steuerbare Leistung (§ 3a Abs. 8 UStG, Beförderung ausschließlich im Drittlandsgebiet).',
      en: 'Not taxable in Germany (§ 3a (8) German VAT Act: transport performed only in third countries).',
    },
    eInvoiceDuty: 'ask-adviser',
  },
  privateCustomer: { lexwareTaxType: 'net', sevdeskTaxRule: 1, category: 'S', note: { de: '', en: '' }, eInvoiceDuty: 'no' },
};

/** The VAT rate a position carries under a case's rule. */
export function taxRateForRule(rule: Pick<TaxCaseRule, 'category'>, domesticRate: 19 | 7 = 19): number {
  return rule.category === 'S' ? domesticRate : 0;
}

export type TaxMixProblem = { code: 'tax-categories-mixed'; categories: VatCategory[]; cases: FreightTaxCase[]; notSubjectInvolved: boolean };

/**
 * One invoice carries one VAT category. Mixed cases are refused with the reason: an O
 * invoice can't carry taxable lines (BR-O-11…14), and an exempt or reverse-charge line next
 * to a taxable one needs its own invoice. A billing run splits them instead.
 */
export function checkTaxCaseMix(cases: readonly FreightTaxCase[], mapping: TaxMapping = DEFAULT_TAX_MAPPING): TaxMixProblem | null {
  const distinct = [...new Set(cases)];
  const categories = [...new Set(distinct.map((c) => mapping[c].category))];
  if (categories.length <= 1) return null;
  return { code: 'tax-categories-mixed', categories, cases: distinct, notSubjectInvolved: categories.includes('O') };
}

/** Groups order indexes by the VAT category of their case, in first-seen order (for runs). */
export function splitByTaxCategory<T>(items: readonly T[], caseOf: (item: T) => FreightTaxCase, mapping: TaxMapping = DEFAULT_TAX_MAPPING): T[][] {
  const groups = new Map<VatCategory, T[]>();
  for (const item of items) {
    const category = mapping[caseOf(item)].category;
    const group = groups.get(category) ?? [];
    group.push(item);
    groups.set(category, group);
  }
  return [...groups.values()];
}
