/**
 * The text of one invoice position, built from its order in the invoice's language:
 * "Transport Hamburg → München", then order number, reference, stops, load, POD, extras.
 */
import { numberFormat } from './intl-cache';
import { formatDate } from './dates';
import { INVOICE_WORDS, type InvoiceLanguage } from './invoice-text';
import { HOME_COUNTRY } from './tax';
import { deliveryDate, firstPickup, lastDelivery, type Order, type Stop } from './order';

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

function place(stop: Stop): string {
  const cityLine = [stop.zip, stop.city].filter(Boolean).join(' ') + (stop.countryCode !== HOME_COUNTRY ? ` (${stop.countryCode})` : '');
  return [stop.name, stop.street, cityLine].filter((part) => part && part.length > 0).join(', ');
}

function formatNumber(value: number | string, locale: string, maxDigits = 2): string {
  // Decimal strings go to Intl as strings, so "13.6" stays exactly 13,6.
  return numberFormat(locale, { maximumFractionDigits: maxDigits }).format(value as number);
}

export function loadLine(order: Order, language: InvoiceLanguage): string | null {
  const w = INVOICE_WORDS[language];
  const { goods, weightKg, loadingMeters, pallets } = order.load;
  const parts = [
    goods,
    weightKg !== undefined ? `${formatNumber(weightKg, w.locale, 0)} kg` : undefined,
    loadingMeters !== undefined ? `${formatNumber(loadingMeters, w.locale, 2)} ldm` : undefined,
    pallets !== undefined ? `${formatNumber(pallets, w.locale, 0)} ${w.pallets}` : undefined,
  ].filter((p): p is string => p !== undefined && p.length > 0);
  return parts.length > 0 ? `${w.load}: ${parts.join(' · ')}` : null;
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

export function positionDescription(order: Order, language: InvoiceLanguage, extraFields: readonly ExtraField[] = []): string {
  const w = INVOICE_WORDS[language];
  const lines: string[] = [];
  lines.push(`${w.order} ${order.number}` + (order.customerReference ? ` · ${w.yourReference} ${order.customerReference}` : ''));
  for (const stop of order.stops) {
    lines.push(`${stop.type === 'pickup' ? w.pickup : w.delivery}: ${place(stop)}, ${formatDate(stop.date, w.locale)}`);
  }
  const load = loadLine(order, language);
  if (load) lines.push(load);
  if (order.podUrl) lines.push(`${w.pod}: ${order.podUrl}`);
  for (const field of extraFields) {
    const value = extraFieldValue(field, order, language);
    if (value) lines.push(`${field.label}: ${value}`);
  }
  return lines.join('\n');
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
