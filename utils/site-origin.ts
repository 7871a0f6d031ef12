/**
 * TMS sites: the web origins where the user lets the extension run. Each is granted as an
 * optional host permission and gets the content script registered for it.
 */
export type SiteProblem = 'empty' | 'not-a-url' | 'not-http' | 'billing-host' | 'extension-page' | 'has-credentials';

import { BILLING_HOSTS } from './billing/registry';

/**
 * Reads what a user typed ("tms.example.com", "https://tms.example.com/orders?x") as an
 * origin ("https://tms.example.com"). A bare host name means https.
 */
export function parseSiteOrigin(input: string): { ok: true; origin: string } | { ok: false; problem: SiteProblem } {
  const text = input.trim();
  if (!text) return { ok: false, problem: 'empty' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, problem: 'not-a-url' };
  }
  if (url.protocol === 'chrome-extension:' || url.protocol === 'moz-extension:') return { ok: false, problem: 'extension-page' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'not-http' };
  if (url.username || url.password) return { ok: false, problem: 'has-credentials' };
  if (!url.hostname || !/^[a-z0-9.-]+$|^\[[0-9a-f:]+\]$/i.test(url.hostname)) return { ok: false, problem: 'not-a-url' };
  if (BILLING_HOSTS.has(url.hostname)) return { ok: false, problem: 'billing-host' };
  return { ok: true, origin: url.origin };
}

/** The match pattern that covers every page of an origin ("https://tms.example.com/*"). */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  // Match patterns have no port syntax for a default port, and none at all in some browsers:
  // Chromium accepts host:port, Firefox ignores the port; both match the host's pages.
  return `${url.protocol}//${url.host}/*`;
}

/** The id under which a site's content script is registered. */
export const scriptId = (origin: string): string => `tms:${origin}`;

/** The origin of a page address (a tab's, a sender's), or null where it has none. */
export function urlOrigin(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
