/**
 * The rendered documents of finalized sales vouchers: a small but valid one-page PDF (with the
 * CII XML embedded as `factur-x.xml` when the profile is EN16931, as ZUGFeRD does), and the CII
 * XML itself. Both are plain ASCII so they travel as text bodies.
 */
import { onePagePdf } from '../kit/pdf';
import { ciiXml } from './cii';
import { formatDate, formatEuro, formatNumber } from './format';
import type { Invoice } from './model';
import type { Organization } from './organization';

export type DocumentKind = 'invoice' | 'creditnote' | 'dunning';

function documentLines(voucher: Invoice, org: Organization, kind: DocumentKind): string[] {
  const a = voucher.address;
  const dateLabel = kind === 'invoice' ? 'Rechnungsdatum' : kind === 'creditnote' ? 'Datum der Rechnungskorrektur' : 'Datum';
  const lines = [
    org.companyName,
    `${org.street}, ${org.zip} ${org.city}`,
    '',
    a.name ?? '',
    ...(a.supplement ? [a.supplement] : []),
    ...(a.street ? [a.street] : []),
    `${a.zip ?? ''} ${a.city ?? ''}`.trim(),
    a.countryCode ?? '',
    '',
    `${voucher.title} ${voucher.voucherNumber ?? ''}`.trim(),
    `${dateLabel}: ${formatDate(voucher.voucherDate)}`,
    '',
    ...(voucher.introduction ? [voucher.introduction] : []),
  ];
  for (const item of voucher.lineItems.slice(0, 30)) {
    if (item.type === 'text') lines.push(item.name ?? item.description ?? '');
    else lines.push(`${formatNumber(item.quantity)} ${item.unitName ?? ''}  ${item.name ?? ''}  ${formatEuro(item.lineItemAmount)}`);
  }
  if (voucher.lineItems.length > 30) lines.push(`... ${voucher.lineItems.length - 30} weitere Positionen`);
  lines.push('', `Summe netto: ${formatEuro(voucher.totalPrice.totalNetAmount)}`);
  for (const t of voucher.taxAmounts) lines.push(`Umsatzsteuer ${t.taxRatePercentage} %: ${formatEuro(t.taxAmount)}`);
  lines.push(`Gesamtbetrag: ${formatEuro(voucher.totalPrice.totalGrossAmount)}`);
  if (kind === 'invoice') lines.push('', voucher.paymentConditions.paymentTermLabel);
  if (org.bankAccountInFooter) lines.push('', `${org.bankName} · IBAN ${org.iban} · BIC ${org.bic}`);
  return lines;
}

export function voucherXml(voucher: Invoice, org: Organization, kind: DocumentKind): string {
  const profile = voucher.electronicDocumentProfile === 'XRechnung' ? 'XRechnung' : 'EN16931';
  return ciiXml(voucher, { profile, typeCode: kind === 'creditnote' ? '381' : '380', organization: org });
}

export function voucherPdf(voucher: Invoice, org: Organization, kind: DocumentKind): string {
  const [company = '', ...rest] = documentLines(voucher, org, kind);
  const zugferd = voucher.electronicDocumentProfile === 'EN16931';
  return onePagePdf([{ text: company, bold: true, size: 12 }, ...rest.map((text) => ({ text }))], {
    title: `${voucher.title} ${voucher.voucherNumber ?? ''}`.trim(),
    producer: 'Lexware Office sandbox emulator',
    ...(zugferd ? { attachments: [{ name: 'factur-x.xml', mimeType: 'text/xml', content: voucherXml(voucher, org, kind) }] } : {}),
  });
}
