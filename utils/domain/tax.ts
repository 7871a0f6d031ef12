/**
 * Freight tax cases, as the rest of the product names them. Which case applies is the user's
 * tax decision; the extension proposes one per billed party and route (freight-tax.ts), maps
 * it to what each billing system sends (tax-mapping.ts), and lets the user choose per
 * customer or per invoice.
 *
 * Until version 1 of the stored per-customer choices the product knew three cases
 * ('domestic', 'intraEuReverseCharge', 'thirdCountry'); all three keep their names here, so
 * every stored choice still means what it meant.
 */
export { FREIGHT_TAX_CASES as TAX_CASES, EU_MEMBER_STATES as EU_COUNTRIES, HOME_COUNTRY, type FreightTaxCase as TaxCase } from './freight-tax';

/** The three cases stored before the classification by billed party and route. */
export const LEGACY_TAX_CASES = ['domestic', 'intraEuReverseCharge', 'thirdCountry'] as const;
