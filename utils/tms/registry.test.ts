/**
 * The adapter registry's meta-test: every adapter folder is registered, ids are unique and
 * known to the domain, each adapter brings saved pages with hand-checked expected orders,
 * and its write-back half answers to the same id. A folder without its registry line fails.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ADAPTER_IDS } from '../domain/ids';
import { OrderSchema } from '../domain/order';
import { ADAPTER_LIST, ADAPTERS, adapterEntry } from './registry';

const here = path.dirname(new URL(import.meta.url).pathname);
/** Folders under utils/tms/ that are not code adapters. */
const NOT_ADAPTERS = new Set(['recipe']);
const folders = readdirSync(here, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !NOT_ADAPTERS.has(e.name))
  .map((e) => e.name);

describe('TMS adapter registry', () => {
  it('registers every adapter folder, and nothing without a folder', () => {
    expect([...folders].sort()).toEqual(ADAPTER_LIST.map((a) => a.folder).sort());
  });

  it('keys each entry by its own id, once, and knows every id of the domain', () => {
    const ids = ADAPTER_LIST.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [key, entry] of Object.entries(ADAPTERS)) {
      expect(entry.id).toBe(key);
      expect(entry.page.id).toBe(key);
      expect(entry.writeBack().id).toBe(key);
    }
    expect([...ids].sort()).toEqual([...ADAPTER_IDS].sort());
  });

  it('answers an unknown id with nothing, so callers report it', () => {
    expect(adapterEntry('no-such-tms')).toBeUndefined();
    expect(adapterEntry('toString')).toBeUndefined();
  });

  it.each(ADAPTER_LIST.map((a) => [a.id, a.folder] as const))('%s has saved pages with expected orders that are valid Orders', (_id, folder) => {
    const fixtures = path.join(here, folder, 'fixtures');
    expect(existsSync(fixtures)).toBe(true);
    const expected = readdirSync(fixtures).filter((f) => f.endsWith('.expected.json'));
    expect(expected.length).toBeGreaterThan(0);
    for (const file of expected) {
      // Each expected order sits next to the page it is read from.
      expect(existsSync(path.join(fixtures, file.replace('.expected.json', '.html')))).toBe(true);
      const parsed = v.safeParse(OrderSchema, JSON.parse(readFileSync(path.join(fixtures, file), 'utf8')));
      expect(parsed.success, `${folder}/fixtures/${file}`).toBe(true);
    }
  });
});
