/**
 * sevdesk reports errors as one English sentence (`error.message`), not as field lists:
 * "Unity with id 1 was not found", "invoicePosSave[0].quantity is required.", "Tax rate 19
 * of position 1 is not allowed for tax rule 21 …". This reads the fields out of the sentence
 * and gives them the message keys the UI translates (i18n "billingField").
 */
import * as v from 'valibot';
import type { FieldIssue } from '../errors';
import { ErrorBodySchema, PlainErrorBodySchema } from './schemas';

interface FieldRule {
  pattern: RegExp;
  /** The request field the rule stands for, used when the sentence names no path. */
  field: string;
  key: string;
}

/** In order of precedence; a sentence may name several fields. */
const FIELD_RULES: readonly FieldRule[] = [
  { pattern: /\bcontactPerson\b|\bSevUser\b/i, field: 'invoice.contactPerson', key: 'contactPerson' },
  // Only the invoice's contact: "contact" also appears in ContactAddress/Category sentences.
  { pattern: /\binvoice\.contact\b|\bContact with id\b|\bContact was not found\b|\bwithout a contact\b|^contact\b/i, field: 'invoice.contact', key: 'contact' },
  { pattern: /\bunity\b/i, field: 'invoicePosSave.unity', key: 'unity' },
  { pattern: /\btax ?rate\b/i, field: 'invoicePosSave.taxRate', key: 'taxRate' },
  { pattern: /\btax ?rule\b|\btaxType\b|\btaxSet\b|\bsmallSettlement\b/i, field: 'invoice.taxRule', key: 'taxType' },
  { pattern: /\bcurrency\b/i, field: 'invoice.currency', key: 'currency' },
  { pattern: /\bdeliveryDate(?:Until)?\b|\bdelivery date\b/i, field: 'invoice.deliveryDate', key: 'serviceDate' },
  { pattern: /\binvoiceDate\b|\binvoice date\b/i, field: 'invoice.invoiceDate', key: 'voucherDate' },
  { pattern: /\bquantity\b/i, field: 'invoicePosSave.quantity', key: 'quantity' },
  { pattern: /\bprice\b/i, field: 'invoicePosSave.price', key: 'price' },
  { pattern: /\binvoicePosSave(?:\[\d+\])?\.name\b/i, field: 'invoicePosSave.name', key: 'positionName' },
  { pattern: /\binvoicePosSave(?:\[\d+\])?\.text\b/i, field: 'invoicePosSave.text', key: 'positionDescription' },
  { pattern: /\bat least one position\b|\binvoicePosSave expected\b/i, field: 'invoicePosSave', key: 'positions' },
  { pattern: /\bheader\b/i, field: 'invoice.header', key: 'title' },
  { pattern: /\bheadText\b/i, field: 'invoice.headText', key: 'introduction' },
  { pattern: /\bfootText\b/i, field: 'invoice.footText', key: 'remark' },
  { pattern: /\btimeToPay\b/i, field: 'invoice.timeToPay', key: 'paymentTerms' },
  { pattern: /\bStaticCountry\b|\baddressCountry\b|\bcountry\b/i, field: 'country', key: 'countryCode' },
  { pattern: /\bvatNumber\b/i, field: 'vatNumber', key: 'vatId' },
  { pattern: /\bCommunicationWay(?:Key)?\b|\be-?mail\b/i, field: 'communicationWay', key: 'email' },
  { pattern: /\bneeds a name\b|\bsurename\b|\bfamilyname\b/i, field: 'name', key: 'contactName' },
];

const PATH = /\b[A-Za-z]+(?:\[\d+\])?(?:\.[A-Za-z]+(?:\[\d+\])?)+/g;

const lastSegment = (path: string) => path.replace(/\[\d+\]/g, '').split('.').pop() ?? path;

/** The fields a sevdesk error sentence names, with the keys the UI has words for. */
export function fieldsOf(message: string): FieldIssue[] {
  const paths = message.match(PATH) ?? [];
  const issues: FieldIssue[] = [];
  for (const rule of FIELD_RULES) {
    if (!rule.pattern.test(message) || issues.some((i) => i.key === rule.key)) continue;
    // Prefer the exact path the sentence quotes ("invoicePosSave[2].unity") over the generic one.
    const quoted = paths.find((p) => lastSegment(p).toLowerCase() === lastSegment(rule.field).toLowerCase());
    issues.push({ field: quoted ?? rule.field, key: rule.key });
  }
  return issues;
}

/** sevdesk's sentence, safe to show and log: no token-like strings, bounded length. */
export function sevdeskMessage(body: unknown): string | undefined {
  const regular = v.safeParse(ErrorBodySchema, body);
  const plain = v.safeParse(PlainErrorBodySchema, body);
  const raw = regular.success ? regular.output.error.message : plain.success ? plain.output.message : undefined;
  if (!raw) return undefined;
  const clean = raw.replace(/\b[0-9a-f]{32}\b/gi, '[token]').replace(/\s+/g, ' ').trim();
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}

export function describeSevdeskError(_status: number, body: unknown): { detail?: string; fields?: FieldIssue[] } {
  const message = sevdeskMessage(body);
  if (!message) return {};
  const fields = fieldsOf(message);
  return { detail: message, ...(fields.length ? { fields } : {}) };
}

/** Lookups whose ids sevdesk may refuse when the cached ones went stale. */
const LOOKUP_MODELS = /\b(?:Unity|TaxRule|Tax rule|SevUser|contactPerson|StaticCountry|Category|CommunicationWayKey)\b/i;
const MISSING = /\b(?:not found|does not exist|doesn't exist|unknown|not valid|invalid|nicht gefunden|existiert nicht)\b/i;

/** Whether an error sentence says a looked-up id (unit, tax rule, user, country …) is unknown. */
export function namesUnknownLookup(message: string): boolean {
  return LOOKUP_MODELS.test(message) && MISSING.test(message);
}
