/**
 * The provider registry's meta-test: every provider folder is registered, ids are unique and
 * known to the domain, and each provider brings golden payloads, a provider module, an API
 * host and a key-help link. A folder added without its registry line fails here.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../domain/ids';
import { PROVIDER_RULES } from '../domain/provider-rules';
import { BILLING_HOSTS, PRODUCTION_HOST_PERMISSIONS, PROVIDER_LIST, PROVIDER_NAMES, PROVIDERS } from './registry';

const here = path.dirname(new URL(import.meta.url).pathname);
const folders = readdirSync(here, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe('billing provider registry', () => {
  it('registers every provider folder, and nothing without a folder', () => {
    expect(folders.sort()).toEqual(PROVIDER_LIST.map((p) => p.id).sort());
  });

  it('keys each entry by its own id, once, and knows every id of the domain', () => {
    const ids = PROVIDER_LIST.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [key, entry] of Object.entries(PROVIDERS)) expect(entry.id).toBe(key);
    expect([...ids].sort()).toEqual([...PROVIDER_IDS].sort());
  });

  it.each(PROVIDER_LIST.map((p) => [p.id, p] as const))('%s has a name, rules, https hosts, a key-help link and a rate limit', (id, entry) => {
    expect(entry.name.trim()).not.toBe('');
    expect(PROVIDER_NAMES[id]).toBe(entry.name);
    expect(PROVIDER_RULES[id]?.id).toBe(id);
    for (const url of [entry.production.api, entry.production.app]) expect(new URL(url).protocol).toBe('https:');
    expect(PRODUCTION_HOST_PERMISSIONS).toContain(`${new URL(entry.production.api).origin}/*`);
    expect(BILLING_HOSTS.has(new URL(entry.production.api).hostname)).toBe(true);
    const help = new URL(entry.keyHelpUrl(entry.production.app));
    expect(help.protocol).toBe('https:');
    const sandbox = entry.sandbox('http://127.0.0.1:4999');
    expect(new URL(sandbox.api).origin).toBe('http://127.0.0.1:4999');
    expect(entry.rateLimit.capacity).toBeGreaterThan(0);
    expect(entry.rateLimit.refillPerSecond).toBeGreaterThan(0);
  });

  it.each(PROVIDER_LIST.map((p) => [p.id] as const))('%s brings its provider module, payload builder and golden invoice payloads', (id) => {
    const folder = path.join(here, id);
    expect(existsSync(path.join(folder, 'provider.ts'))).toBe(true);
    expect(existsSync(path.join(folder, 'payload.ts'))).toBe(true);
    expect(existsSync(path.join(folder, 'payload.test.ts'))).toBe(true);
    const goldens = existsSync(path.join(folder, 'fixtures')) ? readdirSync(path.join(folder, 'fixtures')).filter((f) => /^invoice-.*\.json$/.test(f)) : [];
    expect(goldens.length).toBeGreaterThan(0);
  });
});
