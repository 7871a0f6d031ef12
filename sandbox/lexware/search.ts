/**
 * Lexware's search-string rules (FAQ "Search string encoding"): in search parameters, `&`, `<` and
 * `>` must be HTML-encoded and then URL-encoded (`name=johnson%20%26amp%3B%20partner`). HTTP has
 * URL-decoded the value already; here the three entities are decoded. A raw `&`, `<` or `>` that
 * reaches the matcher can never match: that is why a client that only URL-encodes finds nothing.
 *
 * The name filter is a case-insensitive substring match in which `%` stands for any run of
 * characters and `_` for one character; `\` escapes them.
 */

const ENTITIES: ReadonlyArray<readonly [string, string]> = [
  ['&amp;', '&'],
  ['&lt;', '<'],
  ['&gt;', '>'],
];
const RAW_FORBIDDEN = new Set(['&', '<', '>']);

export interface SearchPattern {
  test(candidate: string): boolean;
}

const MATCHES_NOTHING: SearchPattern = { test: () => false };

function escapeRegExp(char: string): string {
  // Only syntax characters: in unicode mode, escaping anything else (`\-`) is an error.
  return char.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** Compiles a name or email filter value into a substring matcher. */
export function compileSearch(value: string): SearchPattern {
  let source = '';
  const chars = Array.from(value);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '&') {
      const rest = chars.slice(i).join('');
      const entity = ENTITIES.find(([encoded]) => rest.startsWith(encoded));
      if (!entity) return MATCHES_NOTHING;
      source += escapeRegExp(entity[1]);
      i += entity[0].length - 1;
    } else if (RAW_FORBIDDEN.has(char)) {
      return MATCHES_NOTHING;
    } else if (char === '\\' && (chars[i + 1] === '%' || chars[i + 1] === '_' || chars[i + 1] === '\\')) {
      source += escapeRegExp(chars[i + 1]!);
      i += 1;
    } else if (char === '%') {
      source += '[\\s\\S]*';
    } else if (char === '_') {
      source += '[\\s\\S]';
    } else {
      source += escapeRegExp(char);
    }
  }
  const pattern = new RegExp(source, 'iu');
  return { test: (candidate) => pattern.test(candidate) };
}

/** The value with the three documented entities decoded, for filters that compare exactly. */
export function decodeSearchValue(value: string): string | undefined {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === '&') {
      const entity = ENTITIES.find(([encoded]) => value.startsWith(encoded, i));
      if (!entity) return undefined;
      out += entity[1];
      i += entity[0].length - 1;
    } else if (RAW_FORBIDDEN.has(char)) {
      return undefined;
    } else out += char;
  }
  return out;
}
