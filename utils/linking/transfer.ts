/**
 * Customer links as a file, to set up a second PC:
 *
 *   { "format": "frachtbeleg-links", "version": 1, "exportedAt": "2026-11-23T10:00:00.000Z",
 *     "links": { "lexware": { "<TMS origin>|<customer id>": { contactId, contactName, linkedAt,
 *                                                             contactCreatedAt? } },
 *                "sevdesk": { … } } }
 *
 * Importing is all or nothing: a file with any problem changes nothing, and every problem
 * is reported with where it is. Merging: an imported link replaces the link of the same
 * customer in the same billing system; every other link stays.
 */
import * as v from 'valibot';
import type { CustomerLink, Links } from '../storage';
import { MAX_ORDER_TEXT } from '../domain/order';
import { PROVIDER_IDS, type ProviderId } from '../domain/ids';

export const LINKS_FILE_FORMAT = 'frachtbeleg-links';
export const LINKS_FILE_VERSION = 1;
/** Far more than any office's links (a link is about 200 bytes). */
export const MAX_FILE_BYTES = 5_000_000;
export const MAX_LINKS_PER_PROVIDER = 20_000;

const PROVIDERS = PROVIDER_IDS;
type Provider = ProviderId;

/** One provider's links (none stored yet: an empty map). */
export const linksOf = (links: Links, provider: ProviderId): Record<string, CustomerLink> => links[provider] ?? {};

/** How many customers are linked, per provider and in all. */
export function countLinks(links: Links): { total: number } & Record<ProviderId, number> {
  const per = Object.fromEntries(PROVIDER_IDS.map((id) => [id, Object.keys(linksOf(links, id)).length])) as Record<ProviderId, number>;
  return { ...per, total: PROVIDER_IDS.reduce((sum, id) => sum + per[id], 0) };
}

export interface LinksFile {
  format: typeof LINKS_FILE_FORMAT;
  version: typeof LINKS_FILE_VERSION;
  exportedAt: string;
  links: Links;
}

export function buildLinksFile(links: Links, now: Date): LinksFile {
  return { format: LINKS_FILE_FORMAT, version: LINKS_FILE_VERSION, exportedAt: now.toISOString(), links: Object.fromEntries(PROVIDERS.flatMap((id) => (links[id] ? [[id, { ...links[id] }]] : []))) as Links };
}

/** "frachtbeleg-links-2026-11-23.json", by the local calendar day. */
export function linksFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `frachtbeleg-links-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

export type EntryField = 'contactId' | 'contactName' | 'linkedAt' | 'contactCreatedAt';

/** What is wrong with a file; the UI puts each into words. */
export type TransferProblem =
  | { kind: 'too-large'; bytes: number }
  | { kind: 'not-json' }
  | { kind: 'not-links-file' }
  | { kind: 'too-new'; version: number }
  | { kind: 'no-links' }
  | { kind: 'unknown-provider'; provider: string }
  | { kind: 'not-a-list'; provider: Provider }
  | { kind: 'too-many'; provider: Provider; limit: number }
  | { kind: 'bad-key'; provider: Provider; key: string }
  | { kind: 'not-a-link'; provider: Provider; key: string }
  | { kind: 'field'; provider: Provider; key: string; field: EntryField; problem: 'missing' | 'invalid' };

export type ParsedLinksFile = { ok: true; links: Links; count: number } | { ok: false; problems: [TransferProblem, ...TransferProblem[]] };

const Timestamp = v.pipe(v.string(), v.isoTimestamp());

const EntrySchema = v.object({
  contactId: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
  contactName: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_ORDER_TEXT)),
  linkedAt: Timestamp,
  contactCreatedAt: v.optional(Timestamp),
});

const HeaderSchema = v.object({
  format: v.literal(LINKS_FILE_FORMAT),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** "<http(s) origin>|<customer id>", as `customerKey()` builds it. */
export function isCustomerKey(key: string): boolean {
  const bar = key.indexOf('|');
  if (bar < 0) return false;
  const origin = key.slice(0, bar);
  const id = key.slice(bar + 1);
  if (id.trim().length === 0 || id.length > 100 || id !== id.trim()) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin;
  } catch {
    return false;
  }
}

const FIELDS: readonly EntryField[] = ['contactId', 'contactName', 'linkedAt', 'contactCreatedAt'];

function entryProblems(provider: Provider, key: string, issues: readonly v.BaseIssue<unknown>[]): TransferProblem[] {
  const problems: TransferProblem[] = [];
  for (const issue of issues) {
    const field = issue.path?.[0]?.key;
    if (typeof field !== 'string' || !FIELDS.includes(field as EntryField)) {
      problems.push({ kind: 'not-a-link', provider, key });
      break;
    }
    if (problems.some((p) => p.kind === 'field' && p.field === field)) continue;
    problems.push({ kind: 'field', provider, key, field: field as EntryField, problem: issue.input === undefined ? 'missing' : 'invalid' });
  }
  return problems;
}

/** Reads and checks a links file; on any problem, returns every problem found and no links. */
export function parseLinksFile(text: string): ParsedLinksFile {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_FILE_BYTES) return { ok: false, problems: [{ kind: 'too-large', bytes }] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problems: [{ kind: 'not-json' }] };
  }
  if (!isRecord(data)) return { ok: false, problems: [{ kind: 'not-links-file' }] };
  const header = v.safeParse(HeaderSchema, data);
  if (!header.success) return { ok: false, problems: [{ kind: 'not-links-file' }] };
  if (header.output.version > LINKS_FILE_VERSION) return { ok: false, problems: [{ kind: 'too-new', version: header.output.version }] };
  if (!isRecord(data.links)) return { ok: false, problems: [{ kind: 'no-links' }] };

  const problems: TransferProblem[] = [];
  const links: Links = {};
  let count = 0;
  for (const [name, entries] of Object.entries(data.links)) {
    if (!(PROVIDERS as readonly string[]).includes(name)) {
      problems.push({ kind: 'unknown-provider', provider: name });
      continue;
    }
    const provider = name as Provider;
    if (!isRecord(entries)) {
      problems.push({ kind: 'not-a-list', provider });
      continue;
    }
    links[provider] ??= {};
    const keys = Object.keys(entries);
    if (keys.length > MAX_LINKS_PER_PROVIDER) {
      problems.push({ kind: 'too-many', provider, limit: MAX_LINKS_PER_PROVIDER });
      continue;
    }
    for (const key of keys) {
      if (!isCustomerKey(key)) {
        problems.push({ kind: 'bad-key', provider, key });
        continue;
      }
      const entry = v.safeParse(EntrySchema, entries[key]);
      if (!entry.success) {
        problems.push(...entryProblems(provider, key, entry.issues));
        continue;
      }
      (links[provider] ??= {})[key] = entry.output;
      count += 1;
    }
  }
  const [first, ...rest] = problems;
  if (first) return { ok: false, problems: [first, ...rest] };
  return { ok: true, links, count };
}

export interface MergeResult {
  links: Links;
  /** Links in the file. */
  imported: number;
  /** Customers that were linked to another contact before. */
  replaced: number;
  /** Customers that were not linked before. */
  added: number;
}

/** Imported links replace the links of the same customers; all other links stay. */
export function mergeLinks(current: Links, imported: Links): MergeResult {
  const result: MergeResult = { links: Object.fromEntries(PROVIDERS.flatMap((id) => (current[id] || imported[id] ? [[id, { ...linksOf(current, id) }]] : []))) as Links, imported: 0, replaced: 0, added: 0 };
  for (const provider of PROVIDERS) {
    for (const [key, link] of Object.entries(linksOf(imported, provider))) {
      const before = linksOf(current, provider)[key];
      result.imported += 1;
      if (!before) result.added += 1;
      else if (before.contactId !== link.contactId) result.replaced += 1;
      (result.links[provider] ??= {})[key] = link;
    }
  }
  return result;
}
