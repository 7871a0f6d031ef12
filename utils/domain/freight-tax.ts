/**
 * Which VAT case a German carrier's freight invoice falls under, decided by the billed
 * party (the invoice recipient), never the shipper or consignee (fact sheet §5.3), plus
 * the route's countries (§5.1, §5.2).
 *
 * The result always says why (a reason code with its facts) and what is missing. Where a
 * case can't be decided safely, for example an EU business without a VAT ID, there is no
 * case at all and a blocking problem instead: reverse charge is never assumed silently.
 * The tax decision stays with the user and their adviser; this proposes and explains.
 */
import { checkVatId, vatIdMatchesCountry } from './vat-id';

export const FREIGHT_TAX_CASES = [
  /** German business (or any route within the EU): taxable, 19 % or the configured 7 %. */
  'domestic',
  /** German business, cross-border freight linked to an export or import: § 4 Nr. 3 UStG. */
  'exemptCrossBorder',
  /** EU business with a VAT ID: reverse charge, "Steuerschuldnerschaft des Leistungsempfängers". */
  'intraEuReverseCharge',
  /** Business outside the EU: not taxable in Germany (§ 3a Abs. 2 UStG). */
  'thirdCountry',
  /** German business, a transport performed wholly in third countries: § 3a Abs. 8 UStG. */
  'thirdCountryTransport',
  /** A private person: taxable as domestic; cross-border private freight needs a manual look. */
  'privateCustomer',
] as const;
export type FreightTaxCase = (typeof FREIGHT_TAX_CASES)[number];

export const HOME_COUNTRY = 'DE';

/** EU member states by ISO alpha-2 (Greece is "GR" here; its VAT IDs use "EL"). */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT',
  'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

export interface BilledParty {
  /** The invoice contact's country (ISO alpha-2); undefined when the TMS does not show it. */
  countryCode?: string | undefined;
  /** false for a private person; undefined means "not said", which is taken as a business. */
  business?: boolean | undefined;
  vatId?: string | undefined;
}

/** Countries where the goods were loaded and unloaded (ISO alpha-2). */
export interface RouteCountries {
  loading: readonly string[];
  unloading: readonly string[];
}

/** Why a case was chosen, in facts the UI can put into words. */
export type TaxReason =
  | { code: 'domestic-business'; country: string }
  | { code: 'domestic-business-eu-route'; countries: string[] }
  | { code: 'export-import-freight'; countries: string[] }
  | { code: 'transport-only-in-third-countries'; countries: string[] }
  | { code: 'eu-business-with-vat-id'; country: string; vatId: string }
  | { code: 'business-outside-eu'; country: string }
  | { code: 'private-customer'; country: string }
  | { code: 'chosen-for-customer' }
  | { code: 'chosen-for-invoice' }
  | { code: 'chosen-in-settings' };

export type TaxProblem =
  | { code: 'customer-country-missing'; blocking: true }
  | { code: 'vat-id-missing'; blocking: true; country: string }
  | { code: 'vat-id-invalid'; blocking: true; country: string; vatId: string }
  | { code: 'vat-id-wrong-country'; blocking: false; country: string; vatId: string }
  | { code: 'export-evidence-needed'; blocking: false }
  | { code: 'private-cross-border'; blocking: false; countries: string[] }
  | { code: 'assumed-business'; blocking: false };

export interface TaxClassification {
  /** null when no case can be chosen safely; `problems` then says what is missing. */
  taxCase: FreightTaxCase | null;
  reason: TaxReason | null;
  problems: TaxProblem[];
}

/** Who chose the case: the user for this invoice, for this customer, or in the settings for all. */
export type TaxOverrideScope = 'invoice' | 'customer' | 'settings';
const OVERRIDE_REASON = { invoice: 'chosen-for-invoice', customer: 'chosen-for-customer', settings: 'chosen-in-settings' } as const;

const isEu = (country: string) => EU_MEMBER_STATES.has(country);
const unique = (values: readonly string[]) => [...new Set(values)];

/**
 * Classifies one order's freight for its billed party. `override`, when the user chose a
 * case for this customer or this invoice, wins; its problems (a missing VAT ID for
 * reverse charge) are still reported.
 */
export function classifyFreightTax(
  party: BilledParty,
  route: RouteCountries,
  override?: { taxCase: FreightTaxCase; scope: TaxOverrideScope },
): TaxClassification {
  const country = party.countryCode?.toUpperCase();
  const routeCountries = unique([...route.loading, ...route.unloading].map((c) => c.toUpperCase()));
  const problems: TaxProblem[] = [];

  if (override) {
    if (override.taxCase === 'intraEuReverseCharge' && country) problems.push(...vatIdProblems(party.vatId, country));
    if (override.taxCase === 'exemptCrossBorder') problems.push({ code: 'export-evidence-needed', blocking: false });
    return { taxCase: override.taxCase, reason: { code: OVERRIDE_REASON[override.scope] }, problems };
  }

  if (!country) return { taxCase: null, reason: null, problems: [{ code: 'customer-country-missing', blocking: true }] };

  if (party.business === false) {
    const crossBorder = routeCountries.some((c) => c !== HOME_COUNTRY);
    if (crossBorder) problems.push({ code: 'private-cross-border', blocking: false, countries: routeCountries });
    return { taxCase: 'privateCustomer', reason: { code: 'private-customer', country }, problems };
  }
  if (party.business === undefined) problems.push({ code: 'assumed-business', blocking: false });

  if (country === HOME_COUNTRY) {
    const thirdCountries = routeCountries.filter((c) => !isEu(c));
    if (routeCountries.length > 0 && thirdCountries.length === routeCountries.length) {
      return { taxCase: 'thirdCountryTransport', reason: { code: 'transport-only-in-third-countries', countries: routeCountries }, problems };
    }
    if (thirdCountries.length > 0) {
      problems.push({ code: 'export-evidence-needed', blocking: false });
      return { taxCase: 'exemptCrossBorder', reason: { code: 'export-import-freight', countries: routeCountries }, problems };
    }
    const foreign = routeCountries.filter((c) => c !== HOME_COUNTRY);
    return foreign.length > 0
      ? { taxCase: 'domestic', reason: { code: 'domestic-business-eu-route', countries: routeCountries }, problems }
      : { taxCase: 'domestic', reason: { code: 'domestic-business', country }, problems };
  }

  if (isEu(country)) {
    const vatProblems = vatIdProblems(party.vatId, country);
    problems.push(...vatProblems);
    if (vatProblems.some((p) => p.blocking)) return { taxCase: null, reason: null, problems };
    return { taxCase: 'intraEuReverseCharge', reason: { code: 'eu-business-with-vat-id', country, vatId: checkedVatId(party.vatId) }, problems };
  }

  return { taxCase: 'thirdCountry', reason: { code: 'business-outside-eu', country }, problems };
}

function checkedVatId(raw: string | undefined): string {
  const check = checkVatId(raw);
  return check.normalised;
}

function vatIdProblems(raw: string | undefined, country: string): TaxProblem[] {
  const check = checkVatId(raw);
  if (!check.ok && check.reason === 'empty') return [{ code: 'vat-id-missing', blocking: true, country }];
  if (!check.ok) return [{ code: 'vat-id-invalid', blocking: true, country, vatId: check.normalised }];
  if (!vatIdMatchesCountry(check, country)) return [{ code: 'vat-id-wrong-country', blocking: false, country, vatId: check.normalised }];
  return [];
}
