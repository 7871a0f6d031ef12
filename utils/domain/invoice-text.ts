/**
 * Text written onto invoices. It follows the invoice-language setting, not the UI
 * language: a German dispatcher may bill a Dutch customer in English.
 */
import { formatDate, type IsoDate } from './dates';

export type InvoiceLanguage = 'de' | 'en';

interface InvoiceWords {
  locale: string;
  order: string;
  yourReference: string;
  pickup: string;
  delivery: string;
  load: string;
  pallets: string;
  pod: string;
  /** Labels of the § 4 Nr. 3 evidence when it is appended to a template that omits it. */
  cmr: string;
  exportReference: string;
  /** The default "freight references" template of a position (freight-references.ts). */
  defaultReferences: string;
  defaultTitle: { single: string; collective: string };
  defaultIntroduction: { single: string; collective: string };
  defaultRemark: string;
}

export const INVOICE_WORDS: Record<InvoiceLanguage, InvoiceWords> = {
  de: {
    locale: 'de-DE',
    order: 'Auftrag',
    yourReference: 'Ihre Referenz',
    pickup: 'Abholung',
    delivery: 'Zustellung',
    load: 'Ladung',
    pallets: 'Paletten',
    pod: 'Ablieferbeleg (POD)',
    cmr: 'CMR',
    exportReference: 'Ausfuhr (MRN)',
    defaultReferences: [
      'Ihre Referenz {customerReference} · Auftrag {orderNumber}',
      'CMR {cmrNumber} · Fahrzeug {vehicle}',
      '{stops}',
      'Ladung: {load}',
      'Ablieferbeleg (POD): {pod}',
      'Frankatur: {freightTerms}',
      'Ausfuhr (MRN): {exportReference}',
    ].join('\n'),
    defaultTitle: { single: 'Rechnung', collective: 'Sammelrechnung' },
    defaultIntroduction: {
      single: 'Für den Transport zu Auftrag {orderNumbers} berechnen wir Ihnen:',
      collective: 'Für {count} Transporte im Leistungszeitraum {period} berechnen wir Ihnen:',
    },
    defaultRemark: 'Vielen Dank für Ihren Auftrag.',
  },
  en: {
    locale: 'en-GB',
    order: 'Order',
    yourReference: 'Your reference',
    pickup: 'Pickup',
    delivery: 'Delivery',
    load: 'Load',
    pallets: 'pallets',
    pod: 'Proof of delivery',
    cmr: 'CMR',
    exportReference: 'Export (MRN)',
    defaultReferences: [
      'Your reference {customerReference} · Order {orderNumber}',
      'CMR {cmrNumber} · Vehicle {vehicle}',
      '{stops}',
      'Load: {load}',
      'Proof of delivery: {pod}',
      'Freight terms: {freightTerms}',
      'Export (MRN): {exportReference}',
    ].join('\n'),
    defaultTitle: { single: 'Invoice', collective: 'Collective invoice' },
    defaultIntroduction: {
      single: 'For the transport of order {orderNumbers} we charge you:',
      collective: 'For {count} transports in the service period {period} we charge you:',
    },
    defaultRemark: 'Thank you for your order.',
  },
};

export function formatPeriod(start: IsoDate, end: IsoDate, language: InvoiceLanguage): string {
  const locale = INVOICE_WORDS[language].locale;
  return start === end ? formatDate(start, locale) : `${formatDate(start, locale)} – ${formatDate(end, locale)}`;
}

export const TEMPLATE_PLACEHOLDERS = ['orderNumbers', 'period', 'customerReference', 'customerName', 'count'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** Finds placeholders a template uses that the extension does not know. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  return [...template.matchAll(/\{(\w*)\}/g)].map((m) => m[1]!).filter((name) => !known.has(name));
}

export function fillTemplate(template: string, values: Record<TemplatePlaceholder, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? values[name as TemplatePlaceholder] : whole)).trim();
}
