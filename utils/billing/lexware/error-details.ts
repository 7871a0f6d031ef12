/**
 * Lexware's error details are German and meant for developers ("darf nicht leer sein").
 * This turns them into field issues with message keys a dispatcher understands.
 */
import * as v from 'valibot';
import type { FieldIssue } from '../errors';
import { LegacyErrorSchema, RegularErrorSchema } from './schemas';

/** Field paths (without indexes) the UI has words for; see i18n "billingField". */
const KNOWN_FIELDS: Record<string, string> = {
  'address.contactId': 'contact',
  address: 'contact',
  voucherDate: 'voucherDate',
  'shippingConditions.shippingDate': 'serviceDate',
  'shippingConditions.shippingEndDate': 'serviceDate',
  'lineItems.unitPrice.currency': 'currency',
  'totalPrice.currency': 'currency',
  'lineItems.unitPrice.taxRatePercentage': 'taxRate',
  'taxConditions.taxType': 'taxType',
  'lineItems.name': 'positionName',
  'lineItems.description': 'positionDescription',
  'lineItems.unitPrice.netAmount': 'price',
  'lineItems.quantity': 'quantity',
  lineItems: 'positions',
  title: 'title',
  introduction: 'introduction',
  remark: 'remark',
  'paymentConditions.paymentTermLabel': 'paymentTerms',
  'company.name': 'contactName',
  'company.vatRegistrationId': 'vatId',
  'addresses.billing.countryCode': 'countryCode',
  'emailAddresses.business': 'email',
};

export function fieldKey(field: string): string {
  const normalised = field.replace(/\[\d+\]/g, '');
  return KNOWN_FIELDS[normalised] ?? 'generic';
}

export function describeLexwareError(_status: number, body: unknown): { detail?: string; fields?: FieldIssue[] } {
  const regular = v.safeParse(RegularErrorSchema, body);
  if (regular.success && regular.output.details?.length) {
    const fields = regular.output.details.map((d) => ({ field: d.field ?? '', key: fieldKey(d.field ?? '') }));
    return { detail: fields.map((f) => f.field).join(', '), fields };
  }
  const legacy = v.safeParse(LegacyErrorSchema, body);
  if (legacy.success) {
    const fields = legacy.output.IssueList.map((i) => ({ field: i.source ?? i.i18nKey ?? '', key: fieldKey(i.source ?? '') }));
    return { detail: legacy.output.IssueList.map((i) => [i.i18nKey, i.source].filter(Boolean).join(' ')).join(', '), fields };
  }
  // Plain `message` bodies are not passed on: the gateway's 403 quotes the Authorization header.
  return {};
}
