import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { classifyFreightTax, type BilledParty, type FreightTaxCase, type TaxProblem } from './freight-tax';
import { checkTaxCaseMix, DEFAULT_TAX_MAPPING, splitByTaxCategory, taxRateForRule, TaxCaseRuleSchema, TaxMappingSchema } from './tax-mapping';

type Expected = {
  taxCase: FreightTaxCase | null;
  lexware?: string;
  sevdesk?: number;
  category?: string;
  note?: RegExp;
  problems?: TaxProblem['code'][];
};
type Row = [name: string, party: BilledParty, loading: string[], unloading: string[], expected: Expected];

const DOMESTIC: Omit<Expected, 'problems'> = { taxCase: 'domestic', lexware: 'net', sevdesk: 1, category: 'S', note: /^$/ };
const EXEMPT: Omit<Expected, 'problems'> = { taxCase: 'exemptCrossBorder', lexware: 'vatfree', sevdesk: 4, category: 'E', note: /§ 4 Nr\. 3/ };
const REVERSE: Omit<Expected, 'problems'> = { taxCase: 'intraEuReverseCharge', lexware: 'externalService13b', sevdesk: 21, category: 'AE', note: /Steuerschuldnerschaft des Leistungsempfängers/ };
const THIRD: Omit<Expected, 'problems'> = { taxCase: 'thirdCountry', lexware: 'thirdPartyCountryService', sevdesk: 17, category: 'O', note: /§ 3a Abs\. 2/ };
const THIRD_ONLY: Omit<Expected, 'problems'> = { taxCase: 'thirdCountryTransport', lexware: 'thirdPartyCountryService', sevdesk: 17, category: 'O', note: /§ 3a Abs\. 8/ };
const PRIVATE: Omit<Expected, 'problems'> = { taxCase: 'privateCustomer', lexware: 'net', sevdesk: 1, category: 'S', note: /^$/ };

const de = { countryCode: 'DE', business: true, vatId: 'DE123456789' };
const cases: Row[] = [
  // German business customers: the route decides between 19 %, § 4 Nr. 3 and § 3a Abs. 8.
  ['DE business, Hamburg → München', de, ['DE'], ['DE'], { ...DOMESTIC, problems: [] }],
  ['DE business without VAT ID, domestic', { countryCode: 'DE', business: true }, ['DE'], ['DE'], { ...DOMESTIC, problems: [] }],
  ['DE business, DE → FR (intra-EU route stays taxable)', de, ['DE'], ['FR'], { ...DOMESTIC, problems: [] }],
  ['DE business, PL → DE', de, ['PL'], ['DE'], { ...DOMESTIC, problems: [] }],
  ['DE business, NL → IT (wholly abroad, still EU)', de, ['NL'], ['IT'], { ...DOMESTIC, problems: [] }],
  ['DE business, DE → CH export', de, ['DE'], ['CH'], { ...EXEMPT, problems: ['export-evidence-needed'] }],
  ['DE business, CH → DE import', de, ['CH'], ['DE'], { ...EXEMPT, problems: ['export-evidence-needed'] }],
  ['DE business, TR → AT import into the EU', de, ['TR'], ['AT'], { ...EXEMPT, problems: ['export-evidence-needed'] }],
  ['DE business, DE → GB export', de, ['DE'], ['GB'], { ...EXEMPT, problems: ['export-evidence-needed'] }],
  ['DE business, DE → NO via two loadings', de, ['DE', 'DK'], ['NO'], { ...EXEMPT, problems: ['export-evidence-needed'] }],
  ['DE business, Basel → Zürich (§ 3a Abs. 8)', de, ['CH'], ['CH'], { ...THIRD_ONLY, problems: [] }],
  ['DE business, CH → NO', de, ['CH'], ['NO'], { ...THIRD_ONLY, problems: [] }],
  ['DE business, GB → GB', de, ['GB'], ['GB'], { ...THIRD_ONLY, problems: [] }],
  ['DE customer, lower-case country code', { countryCode: 'de', business: true }, ['de'], ['de'], { ...DOMESTIC, problems: [] }],
  ['DE customer, business not stated', { countryCode: 'DE' }, ['DE'], ['DE'], { ...DOMESTIC, problems: ['assumed-business'] }],
  // EU business customers: reverse charge, only with a valid VAT ID of their own country.
  ['AT business with VAT ID', { countryCode: 'AT', business: true, vatId: 'ATU12345678' }, ['DE'], ['AT'], { ...REVERSE, problems: [] }],
  ['AT business, VAT ID with spaces', { countryCode: 'AT', business: true, vatId: 'ATU 1234 5678' }, ['DE'], ['AT'], { ...REVERSE, problems: [] }],
  ['AT business without VAT ID', { countryCode: 'AT', business: true }, ['DE'], ['AT'], { taxCase: null, problems: ['vat-id-missing'] }],
  ['AT business, VAT ID empty string', { countryCode: 'AT', business: true, vatId: '  ' }, ['DE'], ['AT'], { taxCase: null, problems: ['vat-id-missing'] }],
  ['AT business, malformed VAT ID', { countryCode: 'AT', business: true, vatId: 'AT12345678' }, ['DE'], ['AT'], { taxCase: null, problems: ['vat-id-invalid'] }],
  ['FR business', { countryCode: 'FR', business: true, vatId: 'FR40303265045' }, ['FR'], ['DE'], { ...REVERSE, problems: [] }],
  ['NL business', { countryCode: 'NL', business: true, vatId: 'NL123456789B01' }, ['DE'], ['NL'], { ...REVERSE, problems: [] }],
  ['NL business, VAT ID without B-suffix', { countryCode: 'NL', business: true, vatId: 'NL123456789' }, ['DE'], ['NL'], { taxCase: null, problems: ['vat-id-invalid'] }],
  ['PL business', { countryCode: 'PL', business: true, vatId: 'PL5261040828' }, ['PL'], ['DE'], { ...REVERSE, problems: [] }],
  ['GR business with EL VAT ID', { countryCode: 'GR', business: true, vatId: 'EL123456789' }, ['DE'], ['GR'], { ...REVERSE, problems: [] }],
  ['IT business, route wholly in Germany (recipient decides)', { countryCode: 'IT', business: true, vatId: 'IT12345678901' }, ['DE'], ['DE'], { ...REVERSE, problems: [] }],
  ['ES business, route to Switzerland', { countryCode: 'ES', business: true, vatId: 'ESB12345678' }, ['DE'], ['CH'], { ...REVERSE, problems: [] }],
  ['CZ business, DE VAT ID given', { countryCode: 'CZ', business: true, vatId: 'DE123456789' }, ['DE'], ['CZ'], { ...REVERSE, problems: ['vat-id-wrong-country'] }],
  ['BE business, unknown prefix', { countryCode: 'BE', business: true, vatId: 'XX0123456789' }, ['DE'], ['BE'], { taxCase: null, problems: ['vat-id-invalid'] }],
  ['SE business', { countryCode: 'SE', business: true, vatId: 'SE123456789001' }, ['DE'], ['SE'], { ...REVERSE, problems: [] }],
  ['IE business', { countryCode: 'IE', business: true, vatId: 'IE6388047V' }, ['DE'], ['IE'], { ...REVERSE, problems: [] }],
  ['DK business, business not stated', { countryCode: 'DK', vatId: 'DK12345678' }, ['DE'], ['DK'], { ...REVERSE, problems: ['assumed-business'] }],
  // Businesses outside the EU: not taxable in Germany.
  ['CH business', { countryCode: 'CH', business: true, vatId: 'CHE-123.456.789 MWST' }, ['DE'], ['CH'], { ...THIRD, problems: [] }],
  ['CH business without VAT ID', { countryCode: 'CH', business: true }, ['CH'], ['CH'], { ...THIRD, problems: [] }],
  ['GB business', { countryCode: 'GB', business: true, vatId: 'GB123456789' }, ['DE'], ['GB'], { ...THIRD, problems: [] }],
  ['NO business, route wholly in Germany', { countryCode: 'NO', business: true }, ['DE'], ['DE'], { ...THIRD, problems: [] }],
  ['US business', { countryCode: 'US', business: true }, ['DE'], ['NL'], { ...THIRD, problems: [] }],
  ['TR business', { countryCode: 'TR', business: true }, ['TR'], ['DE'], { ...THIRD, problems: [] }],
  // Private persons: taxed as domestic; cross-border private freight is flagged for a manual look.
  ['DE private, domestic move', { countryCode: 'DE', business: false }, ['DE'], ['DE'], { ...PRIVATE, problems: [] }],
  ['DE private, move to Austria', { countryCode: 'DE', business: false }, ['DE'], ['AT'], { ...PRIVATE, problems: ['private-cross-border'] }],
  ['AT private with a VAT ID typed in (still private)', { countryCode: 'AT', business: false, vatId: 'ATU12345678' }, ['AT'], ['DE'], { ...PRIVATE, problems: ['private-cross-border'] }],
  ['CH private', { countryCode: 'CH', business: false }, ['CH'], ['DE'], { ...PRIVATE, problems: ['private-cross-border'] }],
  // Missing facts stop classification.
  ['no country on the customer', { business: true, vatId: 'DE123456789' }, ['DE'], ['DE'], { taxCase: null, problems: ['customer-country-missing'] }],
  ['no country, private', { business: false }, ['DE'], ['DE'], { taxCase: null, problems: ['customer-country-missing'] }],
];

describe('classifyFreightTax (billed party + route → case, rule, note, category)', () => {
  it('covers at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)('%s', (_name, party, loading, unloading, expected) => {
    const result = classifyFreightTax(party, { loading, unloading });
    expect(result.taxCase).toBe(expected.taxCase);
    expect(result.problems.map((p) => p.code)).toEqual(expected.problems ?? []);
    if (result.taxCase === null) {
      expect(result.reason).toBeNull();
      expect(result.problems.some((p) => p.blocking)).toBe(true);
      return;
    }
    const rule = DEFAULT_TAX_MAPPING[result.taxCase];
    expect(rule.lexwareTaxType).toBe(expected.lexware);
    expect(rule.sevdeskTaxRule).toBe(expected.sevdesk);
    expect(rule.category).toBe(expected.category);
    expect(rule.note.de).toMatch(expected.note!);
    expect(result.reason).not.toBeNull();
  });

  it('says why: the facts that decided the case', () => {
    expect(classifyFreightTax({ countryCode: 'AT', business: true, vatId: 'atu 12345678' }, { loading: ['DE'], unloading: ['AT'] }).reason).toEqual({
      code: 'eu-business-with-vat-id',
      country: 'AT',
      vatId: 'ATU12345678',
    });
    expect(classifyFreightTax(de, { loading: ['DE'], unloading: ['CH'] }).reason).toEqual({ code: 'export-import-freight', countries: ['DE', 'CH'] });
  });

  it('a case chosen by the user wins, and a reverse charge without VAT ID is still reported', () => {
    const chosen = classifyFreightTax({ countryCode: 'AT', business: true }, { loading: ['DE'], unloading: ['AT'] }, { taxCase: 'intraEuReverseCharge', scope: 'customer' });
    expect(chosen.taxCase).toBe('intraEuReverseCharge');
    expect(chosen.reason).toEqual({ code: 'chosen-for-customer' });
    expect(chosen.problems).toEqual([{ code: 'vat-id-missing', blocking: true, country: 'AT' }]);
    const forInvoice = classifyFreightTax(de, { loading: ['DE'], unloading: ['DE'] }, { taxCase: 'domestic', scope: 'invoice' });
    expect(forInvoice).toEqual({ taxCase: 'domestic', reason: { code: 'chosen-for-invoice' }, problems: [] });
  });
});

describe('the tax mapping table', () => {
  it('ships defaults that pass its own rules', () => {
    expect(v.safeParse(TaxMappingSchema, DEFAULT_TAX_MAPPING).success).toBe(true);
  });

  it('never books reverse charge as net with 0 %', () => {
    const bad = { ...DEFAULT_TAX_MAPPING.intraEuReverseCharge, lexwareTaxType: 'net' };
    const result = v.safeParse(TaxCaseRuleSchema, bad);
    expect(result.success).toBe(false);
    expect(result.issues?.[0]?.message).toMatch(/0 % net invoice is not reverse charge/);
    const ruleOne = v.safeParse(TaxCaseRuleSchema, { ...DEFAULT_TAX_MAPPING.intraEuReverseCharge, sevdeskTaxRule: 1 });
    expect(ruleOne.success).toBe(false);
  });

  it('refuses a tax-free row without a note, and unknown fields', () => {
    expect(v.safeParse(TaxCaseRuleSchema, { ...DEFAULT_TAX_MAPPING.thirdCountry, note: { de: '', en: '' } }).success).toBe(false);
    expect(v.safeParse(TaxCaseRuleSchema, { ...DEFAULT_TAX_MAPPING.domestic, rate: 0 }).success).toBe(false);
  });

  it('lets the adviser change a row and sign it off', () => {
    const changed = { ...DEFAULT_TAX_MAPPING, thirdCountryTransport: { ...DEFAULT_TAX_MAPPING.thirdCountryTransport, lexwareTaxType: 'vatfree', confirmedBy: 'StB Meier', confirmedAt: '2026-12-01' } };
    expect(v.safeParse(TaxMappingSchema, changed).success).toBe(true);
  });

  it('gives the domestic rate only to taxable cases', () => {
    expect(taxRateForRule(DEFAULT_TAX_MAPPING.domestic, 7)).toBe(7);
    expect(taxRateForRule(DEFAULT_TAX_MAPPING.domestic)).toBe(19);
    expect(taxRateForRule(DEFAULT_TAX_MAPPING.intraEuReverseCharge)).toBe(0);
  });
});

describe('one VAT category per invoice', () => {
  it('accepts orders of one case, and of cases that share a category', () => {
    expect(checkTaxCaseMix(['domestic', 'domestic'])).toBeNull();
    expect(checkTaxCaseMix(['domestic', 'privateCustomer'])).toBeNull();
  });

  it('refuses taxable lines on a not-subject (O) invoice, saying so', () => {
    expect(checkTaxCaseMix(['thirdCountryTransport', 'domestic'])).toEqual({
      code: 'tax-categories-mixed',
      categories: ['O', 'S'],
      cases: ['thirdCountryTransport', 'domestic'],
      notSubjectInvolved: true,
    });
    expect(checkTaxCaseMix(['domestic', 'exemptCrossBorder'])?.notSubjectInvolved).toBe(false);
  });

  it('splits a mixed selection into one group per category, keeping order', () => {
    const orders = [
      { n: 1, c: 'domestic' as const },
      { n: 2, c: 'exemptCrossBorder' as const },
      { n: 3, c: 'domestic' as const },
    ];
    expect(splitByTaxCategory(orders, (o) => o.c).map((g) => g.map((o) => o.n))).toEqual([[1, 3], [2]]);
  });
});
