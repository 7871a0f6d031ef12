/**
 * A small typed message catalog. @wxt-dev/i18n follows the browser language only; the
 * product needs a language switch in its options, so UI text comes from here and the
 * manifest's own strings from public/_locales.
 */
import { en, type Catalog } from './en';
import { de } from './de';

export type Locale = 'de' | 'en';
export type LanguageSetting = Locale | 'auto';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string | PluralForms ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

export interface PluralForms {
  one: string;
  other: string;
}

export type MessageKey = Leaves<Catalog>;
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const catalogs: Record<Locale, Catalog> = { en, de };

/** A catalog as key → text: "panel.title" → "Invoice preview". */
export type FlatTexts = Record<string, string | PluralForms>;

export function resolveLocale(setting: LanguageSetting, browserLanguage: string): Locale {
  if (setting !== 'auto') return setting;
  return browserLanguage.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** The BCP 47 tag used for Intl formatting in each UI language. */
export const intlLocale = (locale: Locale): string => (locale === 'de' ? 'de-DE' : 'en-GB');

const isPlural = (node: unknown): node is PluralForms => typeof node === 'object' && node !== null && 'other' in node;

/** Flattens (sections of) a catalog into key → text. */
export function flattenCatalog(catalog: object, sections?: readonly string[], prefix = ''): FlatTexts {
  const flat: FlatTexts = {};
  for (const [key, node] of Object.entries(catalog)) {
    if (prefix === '' && sections && !sections.includes(key)) continue;
    const path = prefix + key;
    if (typeof node === 'string' || isPlural(node)) flat[path] = node as string | PluralForms;
    else if (typeof node === 'object' && node !== null) Object.assign(flat, flattenCatalog(node, undefined, `${path}.`));
  }
  return flat;
}

/** A translator over texts looked up in order; a missing key shows as the key itself. */
export function translatorFrom(locale: Locale, ...sources: readonly FlatTexts[]): Translate {
  const plural = new Intl.PluralRules(intlLocale(locale));
  const number = new Intl.NumberFormat(intlLocale(locale));
  return (key, params = {}) => {
    let entry: string | PluralForms = key;
    for (const source of sources) {
      const found = source[key];
      if (found !== undefined) {
        entry = found;
        break;
      }
    }
    const template = typeof entry === 'string' ? entry : plural.select(Number(params.count ?? 0)) === 'one' ? entry.one : entry.other;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? number.format(value) : value;
    });
  };
}

const flatCache = new Map<Locale, FlatTexts>();
const flat = (locale: Locale): FlatTexts => {
  let texts = flatCache.get(locale);
  if (!texts) flatCache.set(locale, (texts = flattenCatalog(catalogs[locale])));
  return texts;
};

/** A translator over the bundled catalogs (extension pages, background, tests). */
export function createTranslator(locale: Locale): Translate {
  return translatorFrom(locale, flat(locale), flat('en'));
}

/** The sections of the catalog the content script's panel uses. */
export const PANEL_SECTIONS = [
  'panel', 'taxCase', 'eInvoice', 'linking', 'job', 'writeBackReason', 'run', 'proposal', 'problem', 'severity', 'field', 'orderField', 'readProblem', 'billingError', 'billingField', 'provider',
  // #16: the result view's e-invoice note and download buttons.
  'eInvoiceResult', 'invoiceFiles',
  // #16: public customers (XRechnung) in the preview's customer area.
  'publicCustomer',
  // #16: "Correct invoice" / "Cancel invoice" on an invoiced order's detail page.
  'bookCorrections',
  // #14: "Grant access to …" for a recipe's second origin, on a read problem in the preview.
  'siteAccessPanel',
  // #15: a billing run's planned invoice in the preview.
  'runPreview',
] as const;

/** The panel's texts in one language, for the content script (which bundles none). */
export function panelTexts(locale: Locale): FlatTexts {
  return flattenCatalog(catalogs[locale], PANEL_SECTIONS);
}
