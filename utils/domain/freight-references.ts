/**
 * The freight references of one invoice position, from the user's template (options, per
 * invoice language): the customer's reference first (customers route invoices by it, fact
 * sheet §6), then order number, CMR, vehicle, places and dates, load, POD, Frankatur, MRN.
 *
 * A template line is cut into parts at " · ". A part whose placeholders are all empty is
 * left out, and a line with no part left is left out, so an order without a CMR number gets
 * no "CMR " with nothing after it, and "Ihre Referenz {customerReference} · Auftrag
 * {orderNumber}" still names the order when it has no reference.
 *
 * § 4 Nr. 3 UStG: the CMR and the export reference (MRN) are the exemption's evidence
 * (§§ 20, 21 UStDV, fact sheet §5.2) and must be on the invoice, so for that case they are
 * appended when the user's template does not print them; `required` keeps them apart so a
 * shortened text never loses them.
 */
import { formatDate } from './dates';
import { INVOICE_WORDS, type InvoiceLanguage } from './invoice-text';
import { HOME_COUNTRY } from './tax';
import type { FreightTaxCase } from './freight-tax';
import { deliveryDate, firstPickup, lastDelivery, type Order, type Stop } from './order';
import { numberFormat } from './intl-cache';

export const FREIGHT_REFERENCE_PLACEHOLDERS = [
  'customerReference',
  'orderNumber',
  'cmrNumber',
  'pod',
  'vehicle',
  'from',
  'to',
  'pickupDate',
  'deliveryDate',
  'stops',
  'load',
  'goods',
  'freightTerms',
  'exportReference',
] as const;
export type FreightReferencePlaceholder = (typeof FREIGHT_REFERENCE_PLACEHOLDERS)[number];

const PART_SEPARATOR = ' · ';
const PLACEHOLDER = /\{(\w+)\}/g;

function place(stop: Stop): string {
  const cityLine = [stop.zip, stop.city].filter(Boolean).join(' ') + (stop.countryCode !== HOME_COUNTRY ? ` (${stop.countryCode})` : '');
  return [stop.name, stop.street, cityLine].filter((part) => part && part.length > 0).join(', ');
}

const town = (stop: Stop | undefined): string => (stop ? stop.city + (stop.countryCode !== HOME_COUNTRY ? ` (${stop.countryCode})` : '') : '');

function formatNumber(value: number | string, locale: string, maxDigits: number): string {
  // Decimal strings go to Intl as strings, so "13.6" stays exactly 13,6.
  return numberFormat(locale, { maximumFractionDigits: maxDigits }).format(value as number);
}

/** The load as one text ("Maschinenteile · 12.400 kg · 13,6 ldm · 33 Paletten"), or ''. */
export function loadText(order: Order, language: InvoiceLanguage): string {
  const w = INVOICE_WORDS[language];
  const { goods, weightKg, loadingMeters, pallets } = order.load;
  return [
    goods,
    weightKg !== undefined ? `${formatNumber(weightKg, w.locale, 0)} kg` : undefined,
    loadingMeters !== undefined ? `${formatNumber(loadingMeters, w.locale, 2)} ldm` : undefined,
    pallets !== undefined ? `${formatNumber(pallets, w.locale, 0)} ${w.pallets}` : undefined,
  ]
    .filter((p): p is string => p !== undefined && p.length > 0)
    .join(PART_SEPARATOR);
}

/** What each placeholder stands for in an order; '' where the order has nothing. */
const VALUE_OF: Record<FreightReferencePlaceholder, (order: Order, language: InvoiceLanguage) => string> = {
  customerReference: (order) => order.customerReference ?? '',
  orderNumber: (order) => order.number,
  cmrNumber: (order) => order.cmrNumber ?? '',
  pod: (order) => order.podUrl ?? '',
  vehicle: (order) => order.vehicle ?? '',
  from: (order) => {
    const pickup = firstPickup(order);
    return pickup && pickup !== lastDelivery(order) ? town(pickup) : '';
  },
  to: (order) => town(lastDelivery(order)),
  pickupDate: (order, language) => {
    const pickup = firstPickup(order);
    return pickup?.type === 'pickup' ? formatDate(pickup.date, INVOICE_WORDS[language].locale) : '';
  },
  deliveryDate: (order, language) => formatDate(deliveryDate(order), INVOICE_WORDS[language].locale),
  stops: (order, language) => {
    const w = INVOICE_WORDS[language];
    return order.stops.map((s) => `${s.type === 'pickup' ? w.pickup : w.delivery}: ${place(s)}, ${formatDate(s.date, w.locale)}`).join('\n');
  },
  load: (order, language) => loadText(order, language),
  goods: (order) => order.load.goods ?? '',
  freightTerms: (order) => order.freightTerms ?? '',
  exportReference: (order) => order.exportReference ?? '',
};

/** What each placeholder stands for in this order; '' where the order has nothing. */
export function freightReferenceValues(order: Order, language: InvoiceLanguage): Record<FreightReferencePlaceholder, string> {
  return valuesOf(order, language, FREIGHT_REFERENCE_PLACEHOLDERS) as Record<FreightReferencePlaceholder, string>;
}

/** Only the values asked for: a 1,000-order run fills one short template per order. */
function valuesOf(order: Order, language: InvoiceLanguage, names: readonly FreightReferencePlaceholder[]): Partial<Record<FreightReferencePlaceholder, string>> {
  const values: Partial<Record<FreightReferencePlaceholder, string>> = {};
  for (const name of names) values[name] = VALUE_OF[name](order, language);
  return values;
}

/** Placeholders in a template the extension does not know (the options page refuses them). */
export function unknownReferencePlaceholders(template: string): string[] {
  const known = new Set<string>(FREIGHT_REFERENCE_PLACEHOLDERS);
  return [...template.matchAll(/\{(\w*)\}/g)].map((m) => m[1]!).filter((name) => !known.has(name));
}

export interface RenderedReferences {
  /** The template's lines, empty parts left out. */
  lines: string[];
  /** § 4 Nr. 3 evidence the template did not print: appended, and never shortened away. */
  required: string[];
}

/** A template cut into lines, parts and the placeholders each part names: cut once per template. */
type TemplateLines = { part: string; names: string[] }[][];
const cutTemplates = new Map<string, TemplateLines>();
const CUT_TEMPLATES_KEPT = 20;

function cut(template: string): TemplateLines {
  let lines = cutTemplates.get(template);
  if (!lines) {
    lines = template.split(/\r?\n/).map((line) => line.split(PART_SEPARATOR).map((part) => ({ part, names: [...part.matchAll(PLACEHOLDER)].map((m) => m[1]!) })));
    // The options hold a template per language: a handful, but never a growing cache.
    if (cutTemplates.size >= CUT_TEMPLATES_KEPT) cutTemplates.clear();
    cutTemplates.set(template, lines);
  }
  return lines;
}

const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set(FREIGHT_REFERENCE_PLACEHOLDERS);

/** The known placeholders a template names. */
function placeholdersIn(template: string): FreightReferencePlaceholder[] {
  const names = new Set<FreightReferencePlaceholder>();
  for (const line of cut(template)) for (const { names: named } of line) for (const name of named) if (KNOWN_PLACEHOLDERS.has(name)) names.add(name as FreightReferencePlaceholder);
  return [...names];
}

/** Fills a template with placeholder values, leaving out parts and lines that would be empty. */
export function fillReferenceTemplate(template: string, values: Readonly<Record<string, string>>): { lines: string[]; printed: Set<string> } {
  const printed = new Set<string>();
  const lines: string[] = [];
  for (const line of cut(template)) {
    const parts: string[] = [];
    for (const { part, names: named } of line) {
      const names = named.filter((name) => name in values);
      // A part with placeholders that are all empty goes; fixed text alone stays.
      if (names.length > 0 && names.every((name) => !values[name]!.trim())) continue;
      const filled = part.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name]!.trim() : whole)).trim();
      if (!filled) continue;
      for (const name of names) if (values[name]!.trim()) printed.add(name);
      parts.push(filled);
    }
    // {stops} stands for several lines: they count as lines of their own.
    if (parts.length > 0) lines.push(...parts.join(PART_SEPARATOR).split('\n'));
  }
  return { lines, printed };
}

export function renderFreightReferences(
  order: Order,
  language: InvoiceLanguage,
  options: { template?: string | undefined; taxCase?: FreightTaxCase | null | undefined } = {},
): RenderedReferences {
  const w = INVOICE_WORDS[language];
  const template = options.template?.trim() ? options.template : w.defaultReferences;
  const evidence = options.taxCase === 'exemptCrossBorder' ? (['cmrNumber', 'exportReference'] as const) : [];
  const values = valuesOf(order, language, [...new Set([...placeholdersIn(template), ...evidence])]);
  const { lines, printed } = fillReferenceTemplate(template, values);
  const required: string[] = [];
  if (options.taxCase === 'exemptCrossBorder') {
    if (values.cmrNumber && !printed.has('cmrNumber')) required.push(`${w.cmr}: ${values.cmrNumber}`);
    if (values.exportReference && !printed.has('exportReference')) required.push(`${w.exportReference}: ${values.exportReference}`);
  }
  return { lines, required };
}
