/**
 * Freight tax cases. Which case applies is the user's tax decision; the extension proposes
 * one from the customer's country and VAT ID, and lets the user choose per customer.
 */
export const TAX_CASES = ['domestic', 'intraEuReverseCharge', 'thirdCountry'] as const;
export type TaxCase = (typeof TAX_CASES)[number];

/** EU member states by ISO alpha-2 (Greece is "GR" here; VAT IDs use "EL"). */
export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT',
  'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

export const HOME_COUNTRY = 'DE';

/** The VAT rate a position carries under each case. */
export function taxRateFor(taxCase: TaxCase, domesticRate = 19): number {
  return taxCase === 'domestic' ? domesticRate : 0;
}

/**
 * The case a German carrier most likely needs for this customer: domestic for German
 * customers (and whenever unsure), reverse charge for EU businesses with a VAT ID, not
 * taxable in Germany for customers outside the EU.
 */
export function suggestTaxCase(customer: { vatId?: string | undefined; billingAddress?: { countryCode: string } | undefined }): TaxCase {
  const country = customer.billingAddress?.countryCode;
  if (!country || country === HOME_COUNTRY) return 'domestic';
  if (EU_COUNTRIES.has(country)) return customer.vatId ? 'intraEuReverseCharge' : 'domestic';
  return 'thirdCountry';
}
