/**
 * Lexware's search filters want `&`, `<` and `>` HTML-encoded and then URL-encoded
 * ("johnson & partner" → name=johnson%20%26amp%3B%20partner); URL-encoding alone silently
 * finds nothing. The HTTP client does the URL-encoding; this does the HTML part.
 */
export function htmlEncodeSearch(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** `_` and `%` are wildcards in the name filter; a literal one is escaped with `\`. */
export function escapeWildcards(value: string): string {
  return value.replace(/([\\_%])/g, '\\$1');
}

export type LexwareContactQuery = { email: string } | { number: number } | { name: string } | { vatId: string };

const VAT_ID = /^[A-Z]{2}[0-9A-Z.\- ]{6,14}$/i;

/** Picks the filter a search text most likely means: e-mail, customer number, VAT ID or name. */
export function classifyQuery(text: string): LexwareContactQuery | null {
  const t = text.trim();
  if (t.length === 0) return null;
  if (t.includes('@')) return { email: t };
  if (/^\d{1,10}$/.test(t)) return { number: Number(t) };
  if (VAT_ID.test(t) && /\d{5}/.test(t.replace(/\D/g, '')) && /^[A-Z]{2}/i.test(t)) return { vatId: t.replace(/[\s.-]/g, '').toUpperCase() };
  return { name: t };
}
