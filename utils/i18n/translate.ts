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

export function resolveLocale(setting: LanguageSetting, browserLanguage: string): Locale {
  if (setting !== 'auto') return setting;
  return browserLanguage.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** The BCP 47 tag used for Intl formatting in each UI language. */
export const intlLocale = (locale: Locale): string => (locale === 'de' ? 'de-DE' : 'en-GB');

function lookup(catalog: Catalog, key: string): string | PluralForms | undefined {
  let node: unknown = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && node !== null && 'other' in node) return node as PluralForms;
  return undefined;
}

export function createTranslator(locale: Locale): Translate {
  const plural = new Intl.PluralRules(intlLocale(locale));
  const number = new Intl.NumberFormat(intlLocale(locale));
  return (key, params = {}) => {
    const entry = lookup(catalogs[locale], key) ?? lookup(en, key) ?? key;
    const template = typeof entry === 'string' ? entry : plural.select(Number(params.count ?? 0)) === 'one' ? entry.one : entry.other;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? number.format(value) : value;
    });
  };
}
