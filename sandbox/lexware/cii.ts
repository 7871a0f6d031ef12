/**
 * A minimal but plausible UN/CEFACT CII document (the syntax of ZUGFeRD/Factur-X and of the
 * XRechnung Lexware produces) with the voucher's data: seller and buyer, buyer reference, lines
 * with Rec 20 unit codes, VAT breakdown per rate, payment terms and the seller's bank account.
 * It is not validated against the EN 16931 schematron; clients can parse and compare it.
 * Output is 7-bit ASCII (numeric character references), so it can be embedded in the PDF.
 */
import type { ElectronicDocumentProfile, Invoice, InvoiceLineItem, TaxType } from './model';
import type { Organization } from './organization';

export const GUIDELINES: Record<Exclude<ElectronicDocumentProfile, 'NONE'>, string> = {
  EN16931: 'urn:cen.eu:en16931:2017',
  XRechnung: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
};

/** Unit names Lexware maps to Rec 20 codes; anything else falls back to C62 (fact sheet §2.3). */
const UNIT_CODES: Record<string, string> = {
  stunde: 'HUR', stunden: 'HUR', std: 'HUR', 'std.': 'HUR', h: 'HUR',
  minute: 'MIN', minuten: 'MIN', min: 'MIN', 'min.': 'MIN',
  tag: 'DAY', tage: 'DAY', 'tag(e)': 'DAY',
  km: 'KMT', kilometer: 'KMT',
  kg: 'KGM', kilogramm: 'KGM',
  t: 'TNE', tonne: 'TNE', tonnen: 'TNE',
  'm³': 'MTQ', m3: 'MTQ', kubikmeter: 'MTQ',
  l: 'LTR', liter: 'LTR',
  ldm: 'LM', lademeter: 'LM',
  palette: 'PF', paletten: 'PF',
  pauschale: 'LS', pauschal: 'LS',
  'stück': 'C62', stk: 'C62', 'stk.': 'C62',
};

export function unitCode(unitName: string | undefined): string {
  return UNIT_CODES[(unitName ?? '').trim().toLowerCase()] ?? 'C62';
}

/** The EN 16931 VAT category per tax type and rate (our reading; the sheet's open question 2). */
export function vatCategory(taxType: TaxType, rate: number): { code: string; reasonCode?: string; reason?: string } {
  switch (taxType) {
    case 'net':
    case 'gross':
      return rate > 0 ? { code: 'S' } : { code: 'Z' };
    case 'intraCommunitySupply':
      return { code: 'K', reasonCode: 'VATEX-EU-IC', reason: 'Innergemeinschaftliche Lieferung' };
    case 'externalService13b':
    case 'constructionService13b':
      return { code: 'AE', reasonCode: 'VATEX-EU-AE', reason: 'Steuerschuldnerschaft des Leistungsempfängers' };
    case 'thirdPartyCountryService':
      return { code: 'O', reasonCode: 'VATEX-EU-O', reason: 'Nicht im Inland steuerbare Leistung' };
    case 'thirdPartyCountryDelivery':
      return { code: 'G', reasonCode: 'VATEX-EU-G', reason: 'Ausfuhrlieferung' };
    case 'photovoltaicEquipment':
      return { code: 'Z' };
    case 'vatfree':
      return { code: 'E', reason: 'Steuerfrei' };
  }
}

function x(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/[^\x0a\x20-\x7e]/gu, (c) => `&#${c.codePointAt(0)};`);
}

const amount = (n: number | undefined): string => (n ?? 0).toFixed(2);
/** CII date format 102: yyyyMMdd, from a Lexware datetime in Berlin time. */
const day = (value: string | null | undefined): string => (value ?? '').slice(0, 10).replace(/-/g, '');

function lineXml(item: InvoiceLineItem, position: number, taxType: TaxType): string {
  const rate = item.unitPrice?.taxRatePercentage ?? 0;
  const category = vatCategory(taxType, rate);
  return `  <ram:IncludedSupplyChainTradeLineItem>
    <ram:AssociatedDocumentLineDocument><ram:LineID>${position}</ram:LineID></ram:AssociatedDocumentLineDocument>
    <ram:SpecifiedTradeProduct><ram:Name>${x(item.name)}</ram:Name>${item.description ? `<ram:Description>${x(item.description)}</ram:Description>` : ''}</ram:SpecifiedTradeProduct>
    <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>${x(item.unitPrice?.netAmount.toFixed(4))}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
    <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="${unitCode(item.unitName)}">${x(item.quantity)}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
    <ram:SpecifiedLineTradeSettlement>
      <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>${category.code}</ram:CategoryCode><ram:RateApplicablePercent>${rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
      <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${amount(item.lineItemAmount)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
    </ram:SpecifiedLineTradeSettlement>
  </ram:IncludedSupplyChainTradeLineItem>`;
}

export interface CiiOptions {
  profile: Exclude<ElectronicDocumentProfile, 'NONE'>;
  /** 380 commercial invoice, 381 credit note. */
  typeCode: '380' | '381';
  organization: Organization;
}

export function ciiXml(voucher: Invoice, { profile, typeCode, organization: org }: CiiOptions): string {
  const a = voucher.address;
  const taxType = voucher.taxConditions.taxType;
  const priced = voucher.lineItems.filter((item) => item.type !== 'text');
  const sellerTax = [
    org.vatRegistrationId ? `<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${x(org.vatRegistrationId)}</ram:ID></ram:SpecifiedTaxRegistration>` : '',
    org.taxNumber ? `<ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">${x(org.taxNumber)}</ram:ID></ram:SpecifiedTaxRegistration>` : '',
  ].join('');
  const taxes = voucher.taxAmounts
    .map((t) => {
      const category = vatCategory(taxType, t.taxRatePercentage);
      return `    <ram:ApplicableTradeTax><ram:CalculatedAmount>${amount(t.taxAmount)}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>${category.reason ? `<ram:ExemptionReason>${x(category.reason)}</ram:ExemptionReason>` : ''}<ram:BasisAmount>${amount(t.netAmount)}</ram:BasisAmount><ram:CategoryCode>${category.code}</ram:CategoryCode>${category.reasonCode ? `<ram:ExemptionReasonCode>${category.reasonCode}</ram:ExemptionReasonCode>` : ''}<ram:RateApplicablePercent>${t.taxRatePercentage}</ram:RateApplicablePercent></ram:ApplicableTradeTax>`;
    })
    .join('\n');
  const terms =
    typeCode === '380'
      ? `    <ram:SpecifiedTradePaymentTerms><ram:Description>${x(voucher.paymentConditions?.paymentTermLabel)}</ram:Description>${voucher.dueDate ? `<ram:DueDateDateTime><udt:DateTimeString format="102">${day(voucher.dueDate)}</udt:DateTimeString></ram:DueDateDateTime>` : ''}</ram:SpecifiedTradePaymentTerms>\n`
      : '';
  // No InvoiceReferencedDocument (BG-3) on credit notes: the sheet infers Lexware leaves it out.
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>${GUIDELINES[profile]}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
 <rsm:ExchangedDocument><ram:ID>${x(voucher.voucherNumber)}</ram:ID><ram:TypeCode>${typeCode}</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">${day(voucher.voucherDate)}</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
${priced.map((item, i) => lineXml(item, i + 1, taxType)).join('\n')}
  <ram:ApplicableHeaderTradeAgreement>
${voucher.xRechnung?.buyerReference ? `    <ram:BuyerReference>${x(voucher.xRechnung.buyerReference)}</ram:BuyerReference>\n` : ''}    <ram:SellerTradeParty><ram:Name>${x(org.companyName)}</ram:Name><ram:DefinedTradeContact><ram:TelephoneUniversalCommunication><ram:CompleteNumber>${x(org.phone)}</ram:CompleteNumber></ram:TelephoneUniversalCommunication><ram:EmailURIUniversalCommunication><ram:URIID>${x(org.email)}</ram:URIID></ram:EmailURIUniversalCommunication></ram:DefinedTradeContact><ram:PostalTradeAddress><ram:PostcodeCode>${x(org.zip)}</ram:PostcodeCode><ram:LineOne>${x(org.street)}</ram:LineOne><ram:CityName>${x(org.city)}</ram:CityName><ram:CountryID>${x(org.countryCode)}</ram:CountryID></ram:PostalTradeAddress>${sellerTax}</ram:SellerTradeParty>
    <ram:BuyerTradeParty><ram:Name>${x(a.name)}</ram:Name><ram:PostalTradeAddress><ram:PostcodeCode>${x(a.zip)}</ram:PostcodeCode><ram:LineOne>${x(a.street)}</ram:LineOne><ram:CityName>${x(a.city)}</ram:CityName><ram:CountryID>${x(a.countryCode)}</ram:CountryID></ram:PostalTradeAddress></ram:BuyerTradeParty>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeDelivery>${voucher.shippingConditions?.shippingDate ? `<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">${day(voucher.shippingConditions.shippingEndDate ?? voucher.shippingConditions.shippingDate)}</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>` : ''}</ram:ApplicableHeaderTradeDelivery>
  <ram:ApplicableHeaderTradeSettlement>
    <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
    <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>${x(org.iban)}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
${taxes}
${terms}    <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>${amount(voucher.totalPrice.totalNetAmount)}</ram:LineTotalAmount><ram:TaxBasisTotalAmount>${amount(voucher.totalPrice.totalNetAmount)}</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">${amount(voucher.totalPrice.totalTaxAmount)}</ram:TaxTotalAmount><ram:GrandTotalAmount>${amount(voucher.totalPrice.totalGrossAmount)}</ram:GrandTotalAmount><ram:DuePayableAmount>${amount(voucher.totalPrice.totalGrossAmount)}</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;
}
