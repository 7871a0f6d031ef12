/**
 * The builder's `http` write-back (recipes.md § 3.7) for a TMS whose orders the builder found in
 * the page's own data: the user clicks the TMS's field for the invoice number; the builder
 * finds the key of the order's item that field stands for (by its label: "Invoice reference"
 * is `invoiceReference`), and proposes the closed template the engine sends from the open
 * TMS tab: PATCH on the order's own address under the list's API path, that key as the body,
 * the same address as the idempotency probe, and the page's CSRF token (a `<meta>` or a
 * cookie) as a header. The user sees what will be sent before saving.
 */
import type { Recipe } from '../schema';
import type { CaptureJoin } from './captured';
import { clickedField } from './write-field';

type HttpWriteBack = Extract<Recipe['writeBack'], { mode: 'http' }>;

const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The item's key a form field stands for: its label spelled alike, or the one invoice-like text key. */
export function invoiceKeyFor(item: Record<string, unknown>, label: string): string | null {
  const keys = Object.keys(item).filter((k) => /^[A-Za-z_][\w]{0,59}$/.test(k) && (item[k] === null || typeof item[k] === 'string'));
  const wanted = squash(label);
  const alike = keys.find((k) => squash(k) === wanted) ?? keys.find((k) => wanted.length > 3 && (squash(k).startsWith(wanted) || wanted.startsWith(squash(k))));
  if (alike) return alike;
  const invoiceLike = keys.filter((k) => /invoice|rechnung/i.test(k));
  return invoiceLike.length === 1 ? invoiceLike[0]! : null;
}

/** The header that carries the page's CSRF token: from `<meta name="csrf-token">` or an XSRF cookie. */
export function csrfHeader(doc: Document): HttpWriteBack['headers'] | undefined {
  const meta = [...doc.querySelectorAll('meta[name]')].map((m) => m.getAttribute('name')!).find((name) => /csrf|xsrf/i.test(name) && /^[\w.:-]{1,100}$/.test(name));
  if (meta) return { 'X-CSRF-Token': { meta } };
  const cookie = doc.cookie
    .split(';')
    .map((c) => c.split('=')[0]!.trim())
    .find((name) => /csrf|xsrf/i.test(name) && /^[!#$%&'*+.^\w|~-]{1,100}$/.test(name));
  return cookie ? { [/xsrf/i.test(cookie) ? 'X-XSRF-TOKEN' : 'X-CSRF-Token']: { cookie } } : undefined;
}

/**
 * The template for a click on the TMS's invoice field, or null when the click is no text field
 * or no key of the order's data stands for it. The order's own address is the list's API path
 * plus its id (`/api/orders/{id}`); its answer holds the item where the list's answer holds
 * its items (`$.data[*]` → `$.data`).
 */
export function proposeHttpWriteBack(doc: Document, clicked: Element, join: CaptureJoin, item: Record<string, unknown>): HttpWriteBack | null {
  const field = clickedField(clicked);
  const label = field?.labels?.[0]?.textContent?.trim() ?? field?.getAttribute('aria-label') ?? field?.name ?? '';
  const key = field && label ? invoiceKeyFor(item, label) : null;
  if (!key) return null;
  const base = join.rule.url.replace(/\?\*$/, '').replace(/\*$/, '').replace(/\/$/, '');
  const url = `${base}/{id}`;
  const itemAt = join.rule.items.replace(/\[\*\]$/, '');
  const headers = csrfHeader(doc);
  return {
    mode: 'http',
    // Taught by the user on their own TMS (not imported): on from the start.
    enabled: true,
    method: 'PATCH',
    url,
    // The billing system's id of the invoice: a draft (Lexware) has no number until it is
    // finalized there, and an empty reference would be refused or, worse, erase one. The
    // probe knows the id as well as the number.
    body: { [key]: '{invoiceId}' },
    probe: { url, json: `${itemAt === '$' ? '$' : itemAt}.${key}` },
    ...(headers ? { headers } : {}),
  };
}
