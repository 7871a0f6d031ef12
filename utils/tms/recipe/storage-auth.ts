/**
 * `storage` auth (recipes.md § 3.6): a TMS that keeps its access token in the page's web
 * storage (`sessionStorage` or `localStorage`, under `storageKey`, as a plain token or inside
 * a JSON value at `storagePath`). The content script shares the page's storage, reads the token
 * when it sends a request, and keeps it nowhere: never in the extension's storage, never in a
 * message to the background, never in a log. The background therefore can't send such a
 * request; a write-back with `storage` auth runs in an open TMS tab.
 */
import type { Recipe } from './schema';
import { jsonValues } from './read-fields';

type Auth = NonNullable<NonNullable<Recipe['sources']>['auth']>;
export interface PageStorage {
  session: Pick<Storage, 'getItem'> | null;
  local: Pick<Storage, 'getItem'> | null;
}

/** Web storage as this script sees it; a page that forbids it (sandboxed frames, privacy settings) has none. */
export function pageStorage(): { session: Storage | null; local: Storage | null } {
  const area = (get: () => Storage): Storage | null => {
    try {
      return get();
    } catch {
      return null;
    }
  };
  return { session: area(() => globalThis.sessionStorage), local: area(() => globalThis.localStorage) };
}

/** A token a header can carry: visible ASCII, at most 4 kB (as a captured Authorization). */
const TOKEN = /^[\x21-\x7e][\x20-\x7e]{0,4095}$/;

/**
 * The Authorization value for `storage` auth, read now; null when the page holds no usable token
 * (not signed in yet, or a value the path does not lead to). A value that already names its
 * scheme ("Bearer …") is sent as it is, a bare token as "Bearer <token>".
 */
export function storageAuthorization(auth: Auth | undefined, storage: PageStorage = pageStorage()): string | null {
  if (auth?.mode !== 'storage' || !auth.storageKey) return null;
  const areas = auth.storageArea === 'local' ? [storage.local] : auth.storageArea === 'session' ? [storage.session] : [storage.session, storage.local];
  for (const area of areas) {
    let raw: string | null = null;
    try {
      raw = area?.getItem(auth.storageKey) ?? null;
    } catch {
      raw = null;
    }
    if (raw === null || raw.length > 100_000) continue;
    let token: unknown = raw;
    if (auth.storagePath) {
      try {
        const found = jsonValues(JSON.parse(raw) as unknown, auth.storagePath);
        token = found.length === 1 ? found[0] : null;
      } catch {
        token = null;
      }
    }
    if (typeof token !== 'string') continue;
    const value = token.trim();
    if (!TOKEN.test(value)) continue;
    return /^(Bearer|Token|Basic)\s/i.test(value) ? value : `Bearer ${value}`;
  }
  return null;
}
