/**
 * sevdesk-Update 2.0 revenue tax rules and which position tax rates each one allows
 * (spec section "sevdesk-Update 2.0 / Tax Rules"). A rate outside the rule's list is the
 * 422 that clients hit most often, so it is checked per position.
 */
import { GERMANY_ID, countryById } from './countries';
import { equals, parseDecimal, toText, type Decimal } from './decimal';
import { validationFailed } from './errors';

export interface TaxRule {
  id: string;
  code: string;
  name: string;
  /** Allowed position rates, or 'oss' for the destination country's rates. */
  rates: readonly string[] | 'oss';
  /** Advance, partial and final invoices (AR/TR/ER) may only use rules 1 and 11. */
  partialInvoices: boolean;
  /** The OSS rules cannot be used for e-invoices. */
  eInvoice: boolean;
}

export const TAX_RULES: readonly TaxRule[] = [
  { id: '1', code: 'USTPFL_UMS_EINN', name: 'Umsatzsteuerpflichtige Umsätze', rates: ['0', '7', '19'], partialInvoices: true, eInvoice: true },
  { id: '2', code: 'AUSFUHREN', name: 'Ausfuhren', rates: ['0'], partialInvoices: false, eInvoice: true },
  { id: '3', code: 'INNERGEM_LIEF', name: 'Innergemeinschaftliche Lieferungen', rates: ['0', '7', '19'], partialInvoices: false, eInvoice: true },
  { id: '4', code: 'STFREIE_UMS_P4', name: 'Steuerfreie Umsätze §4 UStG', rates: ['0'], partialInvoices: false, eInvoice: true },
  { id: '5', code: 'REV_CHARGE_13B_1', name: 'Reverse Charge gem. §13b UStG', rates: ['0'], partialInvoices: false, eInvoice: true },
  { id: '11', code: 'KLEINUNTERNEHMER_P19', name: 'Steuer nicht erhoben nach §19 UStG', rates: ['0'], partialInvoices: true, eInvoice: true },
  { id: '17', code: 'NICHT_IM_INLAND_STEUERBAR', name: 'Nicht im Inland steuerbare Leistung', rates: ['0'], partialInvoices: false, eInvoice: true },
  { id: '18', code: 'OSS_GOODS', name: 'One Stop Shop (Waren)', rates: 'oss', partialInvoices: false, eInvoice: false },
  { id: '19', code: 'OSS_SERVICES', name: 'One Stop Shop (elektronische Dienstleistungen)', rates: 'oss', partialInvoices: false, eInvoice: false },
  { id: '20', code: 'OSS_OTHER', name: 'One Stop Shop (sonstige Dienstleistungen)', rates: 'oss', partialInvoices: false, eInvoice: false },
  { id: '21', code: 'REV_CHARGE_13B_1_USTG', name: 'Reverse Charge gem. §18b UStG', rates: ['0'], partialInvoices: false, eInvoice: true },
];

/** Expense rules exist in the account but belong to vouchers, never to invoices. */
const EXPENSE_RULE_IDS = new Set(['8', '9', '10', '12', '13', '14']);

/** Legacy (1.0) tax types. */
export const TAX_TYPES = ['default', 'eu', 'noteu', 'custom', 'ss'] as const;

export function taxRuleById(id: string): TaxRule | undefined {
  return TAX_RULES.find((r) => r.id === id);
}

export function requireRevenueRule(id: string): TaxRule {
  const rule = taxRuleById(id);
  if (rule) return rule;
  if (EXPENSE_RULE_IDS.has(id)) throw validationFailed(`Tax rule ${id} is an expense rule and can not be used for invoices`);
  throw validationFailed(`Tax rule ${id} does not exist. Valid tax rules for invoices: ${TAX_RULES.map((r) => r.id).join(', ')}`);
}

export interface TaxCheck {
  rule: TaxRule;
  invoiceType: string;
  currency: string;
  /** deliveryAddressCountry, else addressCountry: where OSS rates come from. */
  destinationCountryId: string;
  propertyIsEInvoice: boolean;
  smallSettlement: boolean;
  positionRates: Decimal[];
}

const PARTIAL_TYPES = new Set(['AR', 'TR', 'ER']);

export function allowedRates(rule: TaxRule, destinationCountryId: string): readonly string[] {
  if (rule.rates !== 'oss') return rule.rates;
  return countryById(destinationCountryId)?.ossRates ?? [];
}

/** The sevdesk-Update 2.0 checks that answer 422. */
export function checkTaxRule(check: TaxCheck): void {
  const { rule } = check;
  if (PARTIAL_TYPES.has(check.invoiceType)) {
    if (!rule.partialInvoices) {
      throw validationFailed(`Tax rule ${rule.id} (${rule.name}) can not be used for invoices of type ${check.invoiceType}; use tax rule 1 or 11`);
    }
    if (check.currency !== 'EUR') {
      throw validationFailed(`Invoices of type ${check.invoiceType} must be in the client's default currency EUR, ${check.currency} given`);
    }
  }
  if (rule.rates === 'oss') {
    const country = countryById(check.destinationCountryId);
    if (!country?.ossRates || country.id === GERMANY_ID) {
      throw validationFailed(`Tax rule ${rule.id} (One Stop Shop) needs a delivery country in the EU other than Germany`);
    }
  }
  if (check.propertyIsEInvoice && !rule.eInvoice) {
    throw validationFailed(`Tax rule ${rule.id} (${rule.name}) can not be used for e-invoices`);
  }
  const allowed = allowedRates(rule, check.destinationCountryId);
  check.positionRates.forEach((rate, index) => {
    if (!allowed.some((a) => equals(parseDecimal(a)!, rate))) {
      throw validationFailed(
        `Tax rate ${toText(rate)} of position ${index + 1} is not allowed for tax rule ${rule.id} (${rule.name}). Allowed tax rates: ${allowed.join(', ')}`,
      );
    }
  });
  if (check.smallSettlement && check.positionRates.some((r) => r.units !== 0n)) {
    throw validationFailed('Invoices with smallSettlement must not contain any VAT');
  }
}
