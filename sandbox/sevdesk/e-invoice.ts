/**
 * sevdesk e-invoices (fact sheet §4.1, §4.2): `propertyIsEInvoice: true` on saveInvoice embeds a
 * CII (ZUGFeRD) XML in the PDF, and `GET /Invoice/{id}/getXml` returns the same XML. The flag
 * needs the own company's street, zip, city, IBAN, BIC, e-mail, phone and tax number, the
 * contact's buyer reference and e-mail, the invoice's payment method, address (street, zip,
 * city, country) and contact. The flag reads back empty (null): clients confirm with getXml.
 */
import type { Context } from './context';
import { countryById } from './countries';
import type { CalendarDate } from './dates';
import { toText } from './decimal';
import { badRequest } from './errors';
import { unityById } from './lookups';
import type { SevClientData } from './sev-client';
import type { InvoiceRecord } from './store';

export interface PostalParts {
  street: string | null;
  zip: string | null;
  city: string | null;
}

/**
 * The invoice's street, zip and city: the separate `addressStreet/Zip/City` fields working
 * integrations send, else read from the `address` text ("name\nstreet\nzip city").
 */
export function postalParts(inv: InvoiceRecord): PostalParts {
  if (inv.addressStreet || inv.addressZip || inv.addressCity) return { street: inv.addressStreet, zip: inv.addressZip, city: inv.addressCity };
  const lines = (inv.address ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const index = lines.findIndex((l) => /^[A-Z]{0,2}-?\d{4,5}\s+\S/.test(l));
  if (index < 1) return { street: null, zip: null, city: null };
  const [, zip = '', city = ''] = /^(\S+)\s+(.+)$/.exec(lines[index]!) ?? [];
  return { street: lines[index - 1] ?? null, zip, city };
}

/** Everything an e-invoice lacks, in sevdesk's words; empty when it can be created. */
export function eInvoiceProblems(ctx: Context, inv: InvoiceRecord): string[] {
  const client = ctx.sevClient();
  const missing: string[] = [];
  const own: [keyof SevClientData, string][] = [
    ['street', 'Straße'],
    ['zip', 'PLZ'],
    ['city', 'Ort'],
    ['iban', 'IBAN'],
    ['bic', 'BIC'],
    ['email', 'E-Mail'],
    ['phone', 'Telefon'],
    ['taxNumber', 'Steuernummer'],
  ];
  const ownMissing = own.filter(([key]) => !client[key]).map(([, label]) => label);
  if (ownMissing.length > 0) missing.push(`Unternehmensdaten: ${ownMissing.join(', ')}`);
  const contact = inv.contactId ? ctx.store.contacts.get(inv.contactId) : undefined;
  if (!contact) missing.push('Kontakt');
  else {
    if (!contact.buyerReference) missing.push('Leitweg-ID / Käuferreferenz (buyerReference) des Kontakts');
    if (!ctx.store.communicationWaysOf(contact.id).some((w) => w.type === 'EMAIL' && w.value)) missing.push('E-Mail-Adresse des Kontakts');
  }
  if (!inv.paymentMethod) missing.push('Zahlungsart (paymentMethod)');
  const postal = postalParts(inv);
  const addressMissing = [postal.street ? '' : 'Straße', postal.zip ? '' : 'PLZ', postal.city ? '' : 'Ort'].filter(Boolean);
  if (addressMissing.length > 0) missing.push(`Rechnungsadresse: ${addressMissing.join(', ')}`);
  return missing;
}

/** Refuses a draft flagged as e-invoice that lacks required data (400, assumption: the code is not documented). */
export function assertEInvoiceReady(ctx: Context, inv: InvoiceRecord): void {
  if (!inv.propertyIsEInvoice) return;
  const problems = eInvoiceProblems(ctx, inv);
  if (problems.length > 0) throw badRequest(`Die Rechnung kann nicht als E-Rechnung erstellt werden. Es fehlen: ${problems.join('; ')}`);
}

/** The EN 16931 VAT category of a sevdesk tax rule (our reading of §4.7). */
export function vatCategory(taxRuleId: string | null, rate: string): { code: string; reason?: string; reasonCode?: string } {
  switch (taxRuleId) {
    case '21':
    case '5':
      return { code: 'AE', reasonCode: 'VATEX-EU-AE', reason: 'Steuerschuldnerschaft des Leistungsempfängers' };
    case '17':
      return { code: 'O', reasonCode: 'VATEX-EU-O', reason: 'Nicht im Inland steuerbare Leistung' };
    case '4':
      return { code: 'E', reason: 'Steuerfreie Umsätze § 4 UStG' };
    case '2':
      return { code: 'G', reasonCode: 'VATEX-EU-G', reason: 'Ausfuhrlieferung' };
    case '3':
      return { code: 'K', reasonCode: 'VATEX-EU-IC', reason: 'Innergemeinschaftliche Lieferung' };
    default:
      return Number(rate) > 0 ? { code: 'S' } : { code: 'Z' };
  }
}

const UNIT_CODES: Record<string, string> = {
  UNITY_PIECE: 'C62',
  UNITY_HOUR: 'HUR',
  UNITY_DAYS: 'DAY',
  UNITY_KILOGRAM: 'KGM',
  UNITY_KILOMETER: 'KMT',
  UNITY_METER: 'MTR',
  UNITY_SQUARE_METER: 'MTK',
  UNITY_CUBIC_METER: 'MTQ',
  UNITY_MONTH: 'MON',
  UNITY_MINUTE: 'MIN',
  UNITY_L: 'LTR',
  UNITY_BLANKET: 'LS',
};

function x(value: string | null | undefined): string {
  return String(value ?? '')
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/[^\x0a\x20-\x7e]/gu, (c) => `&#${c.codePointAt(0)};`);
}

const day = (date: CalendarDate | null) => (date ? `${date.year}${String(date.month).padStart(2, '0')}${String(date.day).padStart(2, '0')}` : '');
const money = (d: InvoiceRecord['sumNet']) => Number(toText(d)).toFixed(2);

/** A minimal CII (ZUGFeRD, EN 16931) document with the invoice's data; `typeCode` 380 invoice, 381 credit note. */
export function invoiceXml(ctx: Context, inv: InvoiceRecord, typeCode: '380' | '381' = '380'): string {
  const client = ctx.sevClient();
  const contact = inv.contactId ? ctx.store.contacts.get(inv.contactId) : undefined;
  const postal = postalParts(inv);
  const country = countryById(inv.addressCountryId)?.code?.toUpperCase() ?? '';
  const positions = ctx.store.positionsOf(inv.id);
  const lines = positions
    .map((p, i) => {
      const category = vatCategory(inv.taxRuleId, toText(p.taxRate));
      const unit = UNIT_CODES[unityById(p.unityId)?.translationCode ?? ''] ?? 'C62';
      return `  <ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>${i + 1}</ram:LineID></ram:AssociatedDocumentLineDocument><ram:SpecifiedTradeProduct><ram:Name>${x(p.name)}</ram:Name></ram:SpecifiedTradeProduct><ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>${toText(p.priceNet)}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement><ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="${unit}">${toText(p.quantity)}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery><ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>${category.code}</ram:CategoryCode><ram:RateApplicablePercent>${toText(p.taxRate)}</ram:RateApplicablePercent></ram:ApplicableTradeTax><ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${money(p.sumNet)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>`;
    })
    .join('\n');
  const rates = [...new Set(positions.map((p) => toText(p.taxRate)))];
  const taxes = rates
    .map((rate) => {
      const of = positions.filter((p) => toText(p.taxRate) === rate);
      const basis = of.reduce((s, p) => s + Number(toText(p.sumNet)), 0);
      const tax = of.reduce((s, p) => s + Number(toText(p.sumTax)), 0);
      const c = vatCategory(inv.taxRuleId, rate);
      return `    <ram:ApplicableTradeTax><ram:CalculatedAmount>${tax.toFixed(2)}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>${c.reason ? `<ram:ExemptionReason>${x(c.reason)}</ram:ExemptionReason>` : ''}<ram:BasisAmount>${basis.toFixed(2)}</ram:BasisAmount><ram:CategoryCode>${c.code}</ram:CategoryCode>${c.reasonCode ? `<ram:ExemptionReasonCode>${c.reasonCode}</ram:ExemptionReasonCode>` : ''}<ram:RateApplicablePercent>${rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>`;
    })
    .join('\n');
  const due = inv.timeToPay ? `<ram:SpecifiedTradePaymentTerms><ram:Description>Zahlbar innerhalb von ${x(inv.timeToPay)} Tagen</ram:Description></ram:SpecifiedTradePaymentTerms>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
 <rsm:ExchangedDocument><ram:ID>${x(inv.invoiceNumber)}</ram:ID><ram:TypeCode>${typeCode}</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">${day(inv.invoiceDate)}</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
${lines}
  <ram:ApplicableHeaderTradeAgreement>
    <ram:BuyerReference>${x(contact?.buyerReference)}</ram:BuyerReference>
    <ram:SellerTradeParty><ram:Name>${x(client.name)}</ram:Name><ram:DefinedTradeContact><ram:TelephoneUniversalCommunication><ram:CompleteNumber>${x(client.phone)}</ram:CompleteNumber></ram:TelephoneUniversalCommunication><ram:EmailURIUniversalCommunication><ram:URIID>${x(client.email)}</ram:URIID></ram:EmailURIUniversalCommunication></ram:DefinedTradeContact><ram:PostalTradeAddress><ram:PostcodeCode>${x(client.zip)}</ram:PostcodeCode><ram:LineOne>${x(client.street)}</ram:LineOne><ram:CityName>${x(client.city)}</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress><ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">${x(client.taxNumber)}</ram:ID></ram:SpecifiedTaxRegistration>${client.vatNumber ? `<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${x(client.vatNumber)}</ram:ID></ram:SpecifiedTaxRegistration>` : ''}</ram:SellerTradeParty>
    <ram:BuyerTradeParty><ram:Name>${x(inv.addressName ?? (inv.address ?? '').split('\n')[0])}</ram:Name><ram:PostalTradeAddress><ram:PostcodeCode>${x(postal.zip)}</ram:PostcodeCode><ram:LineOne>${x(postal.street)}</ram:LineOne><ram:CityName>${x(postal.city)}</ram:CityName><ram:CountryID>${x(country)}</ram:CountryID></ram:PostalTradeAddress>${contact?.vatNumber ? `<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${x(contact.vatNumber)}</ram:ID></ram:SpecifiedTaxRegistration>` : ''}</ram:BuyerTradeParty>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeDelivery>${inv.deliveryDate ? `<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">${day(inv.deliveryDateUntil ?? inv.deliveryDate)}</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>` : ''}</ram:ApplicableHeaderTradeDelivery>
  <ram:ApplicableHeaderTradeSettlement>
    <ram:InvoiceCurrencyCode>${x(inv.currency)}</ram:InvoiceCurrencyCode>
    <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>${x(client.iban)}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount><ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>${x(client.bic)}</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution></ram:SpecifiedTradeSettlementPaymentMeans>
${taxes}
    ${due}<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>${money(inv.sumNet)}</ram:LineTotalAmount><ram:TaxBasisTotalAmount>${money(inv.sumNet)}</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="${x(inv.currency)}">${money(inv.sumTax)}</ram:TaxTotalAmount><ram:GrandTotalAmount>${money(inv.sumGross)}</ram:GrandTotalAmount><ram:DuePayableAmount>${money(inv.sumGross)}</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;
}

