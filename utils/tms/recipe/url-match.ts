/**
 * Matching a page URL against a recipe's URL pattern (data, URLPattern-like, no regex):
 * - path segments are literal, `:name` (one non-empty segment, captured) or a final `*`
 *   (any rest, also none); a trailing slash is ignored on both sides;
 * - query values are `"*?"` (any value or none), `"*"` (any, but present), `":name"`
 *   (present, captured) or a literal the value must equal. Other parameters may be there.
 */
export type UrlParams = Record<string, string>;

const segments = (path: string) => path.replace(/\/+$/, '').split('/').slice(1);

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The captured parameters when `url` matches, else null. */
export function matchUrl(pattern: { path: string; query?: Record<string, string> | undefined }, url: URL): UrlParams | null {
  const params: UrlParams = {};
  const want = segments(pattern.path);
  const have = segments(url.pathname);
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    if (part === '*' && i === want.length - 1) return matchQuery(pattern.query, url, params);
    const actual = have[i];
    if (actual === undefined) return null;
    if (part.startsWith(':') && part.length > 1) {
      const value = decode(actual);
      if (!value) return null;
      params[part.slice(1)] = value;
    } else if (part !== actual) return null;
  }
  if (have.length !== want.length) return null;
  return matchQuery(pattern.query, url, params);
}

function matchQuery(query: Record<string, string> | undefined, url: URL, params: UrlParams): UrlParams | null {
  for (const [key, rule] of Object.entries(query ?? {})) {
    const value = url.searchParams.get(key);
    if (rule === '*?') continue;
    if (value === null) return null;
    if (rule === '*') continue;
    if (rule.startsWith(':') && rule.length > 1) {
      if (value === '') return null;
      params[rule.slice(1)] = value;
    } else if (value !== rule) return null;
  }
  return params;
}

/**
 * The URL a pattern matches for these parameters, the way back from `matchUrl`: a link to a
 * page only known by its pattern (the invoice book's link to an order's detail page). Null
 * when the pattern needs something the parameters don't give (a `*` rest, a present-but-any
 * query value, a parameter not given).
 */
export function buildUrl(pattern: { path: string; query?: Record<string, string> | undefined }, origin: string, params: UrlParams): string | null {
  const parts: string[] = [];
  for (const part of segments(pattern.path)) {
    if (part.startsWith(':') && part.length > 1) {
      const value = params[part.slice(1)];
      if (value === undefined || value === '') return null;
      parts.push(encodeURIComponent(value));
    } else if (part === '*') return null;
    else parts.push(part);
  }
  const url = new URL(`/${parts.join('/')}`, origin);
  for (const [key, rule] of Object.entries(pattern.query ?? {})) {
    if (rule === '*?') continue;
    if (rule === '*') return null;
    if (rule.startsWith(':') && rule.length > 1) {
      const value = params[rule.slice(1)];
      if (value === undefined || value === '') return null;
      url.searchParams.set(key, value);
    } else url.searchParams.set(key, rule);
  }
  // A page that only is what it is by a marker on it still has this address: the marker is checked on the page.
  return url.href;
}
