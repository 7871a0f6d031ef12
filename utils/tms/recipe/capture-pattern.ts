/**
 * What the page's capture script (main world) and the recipe engine (isolated world) agree
 * on: the channel name on `window.postMessage`, the size limits and how a capture rule's URL
 * pattern matches a request. No dependencies: the capture script runs in every request of a
 * captured TMS page and stays tiny.
 */

/** The `channel` of every envelope; anything else on `window.postMessage` is not ours. */
export const CAPTURE_CHANNEL = 'frachtbeleg-capture';
/** An answer larger than this is not forwarded (recipes.md § 3.6). */
export const MAX_CAPTURED_CHARS = 5_000_000;
/** An Authorization header longer than this is not one a TMS sends. */
export const MAX_AUTHORIZATION_CHARS = 4_096;
export const MAX_CAPTURE_URL_CHARS = 2_000;
/** Fired on the window when captured items arrive: the page re-reads its rows (keys may now join). */
export const CAPTURED_EVENT = 'frachtbeleg:captured';
/** Capture rules per recipe (RecipeSchema allows 5). */
export const MAX_CAPTURE_PATTERNS = 5;

/**
 * A rule's URL pattern ("/api/orders?*") against a request URL: the pattern is a path (and
 * query) on the page's own origin where `*` stands for any run of characters and everything
 * else is literal. Same origin only: a third party's answers are never captured.
 */
export function capturePatternMatches(pattern: string, url: URL, pageOrigin: string): boolean {
  if (url.origin !== pageOrigin) return false;
  const target = url.pathname + url.search;
  const parts = pattern.split('*');
  if (parts.length === 1) return target === pattern;
  if (!target.startsWith(parts[0]!)) return false;
  let at = parts[0]!.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = target.indexOf(parts[i]!, at);
    if (found < 0) return false;
    at = found + parts[i]!.length;
  }
  const last = parts.at(-1)!;
  return target.length - at >= last.length && target.endsWith(last);
}
