/**
 * The text of one invoice position, built from its order in the invoice's language:
 * "Transport Hamburg → München", then the freight references (the user's template, see
 * freight-references.ts) and the extra lines.
 */
import { formatDate } from './dates';
import { INVOICE_WORDS, type InvoiceLanguage } from './invoice-text';
import { deliveryDate, firstPickup, lastDelivery, type Order } from './order';
import { renderFreightReferences } from './freight-references';
import type { FreightTaxCase } from './freight-tax';

export interface ExtraField {
  label: string;
  /** Placeholders: {orderNumber}, {customerReference}, {goods}, {pickupDate}, {deliveryDate}. */
  template: string;
}

export const EXTRA_FIELD_PLACEHOLDERS = ['orderNumber', 'customerReference', 'goods', 'pickupDate', 'deliveryDate'] as const;

export function positionName(order: Order): string {
  const from = firstPickup(order)?.city;
  const to = lastDelivery(order).city;
  return from && from !== to ? `Transport ${from} → ${to}` : `Transport ${to}`;
}

export function extraFieldValue(field: ExtraField, order: Order, language: InvoiceLanguage): string {
  const locale = INVOICE_WORDS[language].locale;
  const pickup = firstPickup(order);
  const values: Record<(typeof EXTRA_FIELD_PLACEHOLDERS)[number], string> = {
    orderNumber: order.number,
    customerReference: order.customerReference ?? '',
    goods: order.load.goods ?? '',
    pickupDate: pickup ? formatDate(pickup.date, locale) : '',
    deliveryDate: formatDate(deliveryDate(order), locale),
  };
  return field.template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? values[name as keyof typeof values] : whole)).trim();
}

export interface PositionTextOptions {
  /** The user's "freight references" template; empty: the language's default. */
  template?: string | undefined;
  /** The invoice's tax case: § 4 Nr. 3 appends the CMR and MRN the template leaves out. */
  taxCase?: FreightTaxCase | null | undefined;
}

/**
 * The description in two parts: the text that may be shortened to the billing system's
 * limit, and the lines that must stay on the invoice whatever its length (§ 4 Nr. 3 evidence).
 */
export function positionDescriptionParts(
  order: Order,
  language: InvoiceLanguage,
  extraFields: readonly ExtraField[] = [],
  options: PositionTextOptions = {},
): { body: string; required: string[] } {
  const { lines, required } = renderFreightReferences(order, language, options);
  for (const field of extraFields) {
    const value = extraFieldValue(field, order, language);
    if (value) lines.push(`${field.label}: ${value}`);
  }
  return { body: lines.join('\n'), required };
}

export function positionDescription(order: Order, language: InvoiceLanguage, extraFields: readonly ExtraField[] = [], options: PositionTextOptions = {}): string {
  const { body, required } = positionDescriptionParts(order, language, extraFields, options);
  return [body, ...required].filter(Boolean).join('\n');
}

/**
 * Shortens a description to a limit while keeping its required lines whole at its end: the
 * body gives way, never the § 4 Nr. 3 evidence.
 */
export function shortenKeeping(body: string, required: readonly string[], limit: number): { text: string; shortened: boolean } {
  const tail = required.join('\n');
  if (!tail) return shorten(body, limit);
  if (!body) return shorten(tail, limit);
  const room = limit - tail.length - 1;
  if (room <= 1) return shorten(`${body}\n${tail}`, limit);
  const head = shorten(body, room);
  return { text: `${head.text}\n${tail}`, shortened: head.shortened };
}

/**
 * Shortens text to a limit, visibly: the cut ends in "…". Lines are kept whole where
 * possible, so a long stop list loses its tail, not half an address. Lengths count UTF-16
 * code units, as the billing systems' Java back ends do, so an emoji counts two.
 */
export function shorten(text: string, limit: number): { text: string; shortened: boolean } {
  if (text.length <= limit) return { text, shortened: false };
  let cut = text.slice(0, limit - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const lastBreak = cut.lastIndexOf('\n');
  if (lastBreak > limit * 0.6) cut = cut.slice(0, lastBreak);
  return { text: cut.trimEnd() + '…', shortened: true };
}

export const textLength = (text: string): number => text.length;
