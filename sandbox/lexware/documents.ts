/**
 * The rendered documents of a finalized invoice: a small but valid one-page PDF, and for
 * XRechnung invoices a minimal UBL XML. Both are plain ASCII so they travel as text bodies.
 */
import type { Invoice } from './model';
import { formatDate, formatEuro, formatNumber } from './format';
import { COMPANY_NAME } from './profile';
import { onePagePdf } from '../kit/pdf';

function documentLines(invoice: Invoice): string[] {
  const a = invoice.address;
  const lines = [
    COMPANY_NAME,
    '',
    a.name ?? '',
    ...(a.supplement ? [a.supplement] : []),
    ...(a.street ? [a.street] : []),
    `${a.zip ?? ''} ${a.city ?? ''}`.trim(),
    a.countryCode ?? '',
    '',
    `${invoice.title} ${invoice.voucherNumber ?? ''}`.trim(),
    `Rechnungsdatum: ${formatDate(invoice.voucherDate)}`,
    '',
  ];
  for (const item of invoice.lineItems.slice(0, 30)) {
    if (item.type === 'text') lines.push(item.name ?? item.description ?? '');
    else lines.push(`${formatNumber(item.quantity)} ${item.unitName ?? ''}  ${item.name ?? ''}  ${formatEuro(item.lineItemAmount)}`);
  }
  if (invoice.lineItems.length > 30) lines.push(`... ${invoice.lineItems.length - 30} weitere Positionen`);
  lines.push('', `Summe netto: ${formatEuro(invoice.totalPrice.totalNetAmount)}`);
  for (const t of invoice.taxAmounts) lines.push(`Umsatzsteuer ${t.taxRatePercentage} %: ${formatEuro(t.taxAmount)}`);
  lines.push(`Gesamtbetrag: ${formatEuro(invoice.totalPrice.totalGrossAmount)}`, '', invoice.paymentConditions.paymentTermLabel);
  return lines;
}

export function invoicePdf(invoice: Invoice): string {
  const [company = '', ...rest] = documentLines(invoice);
  return onePagePdf([{ text: company, bold: true, size: 12 }, ...rest.map((text) => ({ text }))], {
    title: `${invoice.title} ${invoice.voucherNumber ?? ''}`.trim(),
    producer: 'Lexware Office sandbox emulator',
  });
}

function xmlText(value: string | number | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[^\x20-\x7e]/g, (c) => `&#${c.codePointAt(0)};`);
}

/** A skeletal XRechnung (UBL) document: enough for a client to see it got XML, not a full EN 16931 file. */
export function invoiceXml(invoice: Invoice): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">',
    '  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>',
    `  <cbc:ID>${xmlText(invoice.voucherNumber)}</cbc:ID>`,
    `  <cbc:IssueDate>${xmlText(invoice.voucherDate.slice(0, 10))}</cbc:IssueDate>`,
    '  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
    `  <cbc:BuyerReference>${xmlText(invoice.xRechnung?.buyerReference)}</cbc:BuyerReference>`,
    `  <cac:AccountingCustomerParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>${xmlText(invoice.address.name)}</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>`,
    '  <cac:LegalMonetaryTotal>',
    `    <cbc:TaxExclusiveAmount currencyID="EUR">${xmlText(invoice.totalPrice.totalNetAmount.toFixed(2))}</cbc:TaxExclusiveAmount>`,
    `    <cbc:TaxInclusiveAmount currencyID="EUR">${xmlText(invoice.totalPrice.totalGrossAmount.toFixed(2))}</cbc:TaxInclusiveAmount>`,
    `    <cbc:PayableAmount currencyID="EUR">${xmlText(invoice.totalPrice.totalGrossAmount.toFixed(2))}</cbc:PayableAmount>`,
    '  </cac:LegalMonetaryTotal>',
    '</ubl:Invoice>',
    '',
  ].join('\n');
}
