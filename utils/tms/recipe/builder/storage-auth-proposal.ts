/**
 * The builder proposes `storage` auth by itself (recipes.md § 3.6): a single-page TMS signs
 * its API requests with a token it keeps in the page's web storage. The builder sees the
 * page's Authorization header (the capture script shows it to the builder in this tab only)
 * and looks for the same token in the page's session and local storage: as the whole value of
 * a key, or inside a JSON value. What it proposes is where the token is (area, key, path),
 * never the token: the draft, the recipe and every message carry only that. The proposal is
 * checked by reading it back the way the engine will (storageAuthorization).
 */
import { storageAuthorization, type PageStorage } from '../storage-auth';
import type { Recipe } from '../schema';

type StorageAuth = Extract<NonNullable<NonNullable<Recipe['sources']>['auth']>, { mode: 'storage' }> & { mode: 'storage'; storageKey: string };
export type StorageAuthProposal = { mode: 'storage'; storageKey: string; storageArea: 'session' | 'local'; storagePath?: string };

/** Enough to list a storage area's keys and read them (web storage, or a test's stand-in). */
export type ListedStorage = Pick<Storage, 'getItem' | 'key' | 'length'>;

const MAX_KEYS = 200;
const MAX_VALUE_CHARS = 100_000;
const MAX_DEPTH = 4;
const SAFE_KEY = /^[A-Za-z_$][\w$]*$/;

/** The token an Authorization value carries: without its scheme ("Bearer …"). */
const tokenOf = (authorization: string) => authorization.replace(/^(Bearer|Token)\s+/i, '').trim();

/** Where in a JSON value a string equal to the token is, as a path the recipe can hold. */
function pathTo(node: unknown, token: string, path: string, depth: number): string | null {
  if (typeof node === 'string') return node === token && path !== '$' ? path : null;
  if (typeof node !== 'object' || node === null || Array.isArray(node) || depth > MAX_DEPTH) return null;
  for (const [key, value] of Object.entries(node)) {
    if (!SAFE_KEY.test(key)) continue;
    const found = pathTo(value, token, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Where the page keeps the token it signs its requests with; null when not in its web storage. */
export function proposeStorageAuth(authorization: string, storage: { session: ListedStorage | null; local: ListedStorage | null }): StorageAuthProposal | null {
  const token = tokenOf(authorization);
  if (token.length < 8) return null;
  for (const area of ['session', 'local'] as const) {
    const store = storage[area];
    if (!store) continue;
    let count = 0;
    try {
      count = Math.min(store.length, MAX_KEYS);
    } catch {
      continue;
    }
    for (let i = 0; i < count; i++) {
      let key: string | null = null;
      let raw: string | null = null;
      try {
        key = store.key(i);
        raw = key === null ? null : store.getItem(key);
      } catch {
        continue;
      }
      if (key === null || raw === null || raw.length > MAX_VALUE_CHARS || key.length > 100) continue;
      let proposal: StorageAuthProposal | null = null;
      if (raw.trim() === token || raw.trim() === authorization) proposal = { mode: 'storage', storageKey: key, storageArea: area };
      else if (raw.includes(token)) {
        try {
          const path = pathTo(JSON.parse(raw) as unknown, token, '$', 0);
          if (path) proposal = { mode: 'storage', storageKey: key, storageArea: area, storagePath: path };
        } catch {
          // Not JSON: the token is only part of the text, which the recipe can't name.
        }
      }
      // Read back as the engine will: the proposal must give the very header the page sent.
      if (proposal && storageAuthorization(proposal as StorageAuth, storage as PageStorage) === (/^(Bearer|Token|Basic)\s/i.test(authorization) ? authorization : `Bearer ${authorization}`)) return proposal;
    }
  }
  return null;
}
