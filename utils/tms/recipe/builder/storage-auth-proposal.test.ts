import { describe, expect, it } from 'vitest';
import { proposeStorageAuth, type ListedStorage } from './storage-auth-proposal';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbi0xMjM.sig-abc';

function area(entries: Record<string, string>): ListedStorage {
  const keys = Object.keys(entries);
  return { length: keys.length, key: (i: number) => keys[i] ?? null, getItem: (k: string) => entries[k] ?? null };
}

describe('the builder proposes where the page keeps its token', () => {
  it('a key whose value is the token (session storage first)', () => {
    const storage = { session: area({ theme: 'dark', 'cargogrid.token': TOKEN }), local: area({ 'cargogrid.token': 'other' }) };
    expect(proposeStorageAuth(`Bearer ${TOKEN}`, storage)).toEqual({ mode: 'storage', storageKey: 'cargogrid.token', storageArea: 'session' });
  });

  it('a token inside a JSON value, named by its path', () => {
    const storage = { session: null, local: area({ 'cargogrid.auth': JSON.stringify({ user: 'dispo', session: { accessToken: TOKEN, expires: 3600 } }) }) };
    expect(proposeStorageAuth(`Bearer ${TOKEN}`, storage)).toEqual({ mode: 'storage', storageKey: 'cargogrid.auth', storageArea: 'local', storagePath: '$.session.accessToken' });
  });

  it('nothing where the token is not kept, only part of a text, or too short to tell apart', () => {
    expect(proposeStorageAuth(`Bearer ${TOKEN}`, { session: area({ a: 'x' }), local: null })).toBeNull();
    expect(proposeStorageAuth(`Bearer ${TOKEN}`, { session: area({ log: `sent ${TOKEN} at 9:00` }), local: null })).toBeNull();
    expect(proposeStorageAuth('Bearer abc', { session: area({ t: 'abc' }), local: null })).toBeNull();
    expect(proposeStorageAuth(`Bearer ${TOKEN}`, { session: null, local: null })).toBeNull();
  });

  it('a storage that refuses to be read is passed over', () => {
    const broken: ListedStorage = { get length(): number { throw new Error('SecurityError'); }, key: () => null, getItem: () => null };
    expect(proposeStorageAuth(`Bearer ${TOKEN}`, { session: broken, local: area({ t: TOKEN }) })).toEqual({ mode: 'storage', storageKey: 't', storageArea: 'local' });
  });

  it('what it proposes names where, never the token', () => {
    const proposal = proposeStorageAuth(`Bearer ${TOKEN}`, { session: area({ 'cargogrid.token': TOKEN }), local: null });
    expect(JSON.stringify(proposal)).not.toContain(TOKEN);
  });
});
