/**
 * "Find invoices made in Lexware Office / sevdesk": which TMS orders an invoice made in the
 * billing system is for, read from its texts. An order number counts only as a whole token
 * ("A-12" is not in "A-123" nor in "A-12-3"), case-insensitively. A match is applied only when
 * it is unambiguous; anything else goes to the user to confirm, never silently. Pure.
 */
import type { Translate } from '../i18n/translate';

export interface KnownOrder {
  origin: string;
  orderId: string;
  orderNumber: string;
  /** The book's invoice that already holds this order, if any. */
  invoicedBy?: string | undefined;
}

export interface ExternalCandidate {
  /** The book's key the invoice would get (`provider|invoiceId`). */
  key: string;
  /** Everything the invoice says in words: title, introduction, remark, line names and descriptions. */
  texts: readonly string[];
}

export type MatchReason =
  /** One order number stands for orders on several TMS sites. */
  | 'number-on-several-sites'
  /** The orders found are on different TMS sites (one invoice belongs to one site). */
  | 'several-sites'
  /** Another invoice of this search names the same order. */
  | 'order-on-several-invoices'
  /** The book already holds an invoice for the order. */
  | 'already-invoiced';

const REASON_KEYS = {
  'number-on-several-sites': 'numberOnSeveralSites',
  'several-sites': 'severalSites',
  'order-on-several-invoices': 'orderOnSeveralInvoices',
  'already-invoiced': 'alreadyInvoiced',
} as const satisfies Record<MatchReason, string>;

/** The words for why a match waits for the user (for the page that lists them). */
export function matchReasonText(t: Translate, reason: MatchReason): string {
  return t(`bookPayments.external.reason.${REASON_KEYS[reason]}`);
}

export type MatchResult =
  | { kind: 'known'; key: string }
  | { kind: 'unmatched'; key: string }
  | { kind: 'matched'; key: string; origin: string; orders: KnownOrder[] }
  | { kind: 'ambiguous'; key: string; candidates: KnownOrder[]; reasons: MatchReason[] };

/** Characters an order number is made of; a number found next to one of them is part of a longer token. */
const TOKEN_CHAR = /[\p{L}\p{N}]/u;
/** Joiners inside order numbers ("A-2026-01", "12/7", "4711.2"): a number followed by a joiner and more token is longer. */
const JOINER = /[-/._]/;

/** Whether `number` occurs in `text` as a whole token. */
export function containsToken(text: string, number: string): boolean {
  const needle = number.trim().toLowerCase();
  if (needle === '') return false;
  const haystack = text.toLowerCase();
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack.slice(0, at);
    const after = haystack.slice(at + needle.length);
    if (continuesToken(before.at(-1), before.at(-2)) || continuesToken(after[0], after[1])) continue;
    return true;
  }
  return false;
}

function continuesToken(next: string | undefined, beyond: string | undefined): boolean {
  if (next === undefined) return false;
  if (TOKEN_CHAR.test(next)) return true;
  // "A-12-3" continues "A-12"; "A-12." at the end of a sentence does not.
  return JOINER.test(next) && beyond !== undefined && TOKEN_CHAR.test(beyond);
}

/**
 * Matches each candidate against the known orders. `knownKeys` are invoices the book holds
 * already (those are skipped). Candidates are matched together, so an order two of them
 * name is ambiguous for both.
 */
export function matchExternalInvoices(candidates: readonly ExternalCandidate[], orders: readonly KnownOrder[], knownKeys: ReadonlySet<string>): MatchResult[] {
  const byNumber = new Map<string, KnownOrder[]>();
  for (const order of orders) {
    const n = order.orderNumber.trim().toLowerCase();
    if (n === '') continue;
    const list = byNumber.get(n) ?? [];
    if (!list.some((o) => o.origin === order.origin && o.orderId === order.orderId)) list.push(order);
    byNumber.set(n, list);
  }
  const found = new Map<string, { numbers: KnownOrder[][] }>();
  for (const candidate of candidates) {
    if (knownKeys.has(candidate.key)) continue;
    const text = candidate.texts.join('\n');
    const numbers = [...byNumber.entries()].filter(([n]) => containsToken(text, n)).map(([, list]) => list);
    found.set(candidate.key, { numbers });
  }
  // How many candidates name each order.
  const namedBy = new Map<string, number>();
  const orderKey = (o: KnownOrder) => `${o.origin}|${o.orderId}`;
  for (const { numbers } of found.values()) {
    for (const o of new Set(numbers.flat().map(orderKey))) namedBy.set(o, (namedBy.get(o) ?? 0) + 1);
  }

  return candidates.map((candidate): MatchResult => {
    const entry = found.get(candidate.key);
    if (!entry) return { kind: 'known', key: candidate.key };
    if (entry.numbers.length === 0) return { kind: 'unmatched', key: candidate.key };
    const all = dedupe(entry.numbers.flat(), orderKey);
    const reasons = new Set<MatchReason>();
    if (entry.numbers.some((list) => list.length > 1)) reasons.add('number-on-several-sites');
    else if (new Set(all.map((o) => o.origin)).size > 1) reasons.add('several-sites');
    if (all.some((o) => (namedBy.get(orderKey(o)) ?? 0) > 1)) reasons.add('order-on-several-invoices');
    if (all.some((o) => o.invoicedBy !== undefined && o.invoicedBy !== candidate.key)) reasons.add('already-invoiced');
    if (reasons.size > 0) return { kind: 'ambiguous', key: candidate.key, candidates: all, reasons: [...reasons] };
    return { kind: 'matched', key: candidate.key, origin: all[0]!.origin, orders: all };
  });
}

function dedupe<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
