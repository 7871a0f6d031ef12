/**
 * Intl formatters are expensive to create (a large share of a 300-position preview went
 * into creating them) and cheap to reuse: one per locale and options, kept for good.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

/** A collator per locale and options; `undefined` is the runtime's default locale. */
const collators = new Map<string, Intl.Collator>();
export function collator(locale: string | undefined, options: Intl.CollatorOptions = {}): Intl.Collator {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let found = collators.get(key);
  if (!found) collators.set(key, (found = new Intl.Collator(locale, options)));
  return found;
}

export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}
