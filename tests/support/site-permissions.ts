/**
 * fake-browser has no `permissions` and no `scripting`: this is an in-memory stand-in for
 * both, enough for the TMS sites handlers. Host permissions are kept as match patterns,
 * content scripts by id, as Chromium keeps them.
 */
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';

type Script = Browser.scripting.RegisteredContentScript;

export interface FakeSitePermissions {
  /** Host permissions the user granted, as match patterns ("https://tms.example.com/*"). */
  granted: Set<string>;
  /** Registered content scripts by id. */
  scripts: Map<string, Script>;
  /** Patterns the manifest requires: removing them fails, as in the browser. */
  required: Set<string>;
  /** Each `permissions.request` the page made, its origins in the order asked (one entry per prompt). */
  prompts: string[][];
  /** What the user answers the next prompts: grant (the default) or deny. */
  answer: 'grant' | 'deny';
}

export function fakeSitePermissions(init: { granted?: string[]; scripts?: Script[]; required?: string[] } = {}): FakeSitePermissions {
  const state: FakeSitePermissions = {
    granted: new Set(init.granted ?? []),
    scripts: new Map((init.scripts ?? []).map((s) => [s.id, s])),
    required: new Set(init.required ?? []),
    prompts: [],
    answer: 'grant',
  };
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation((async (p: Browser.permissions.Permissions) => {
    const origins = p.origins ?? [];
    state.prompts.push(origins);
    if (state.answer === 'deny') return false;
    for (const o of origins) state.granted.add(o);
    return true;
  }) as never);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async (p: Browser.permissions.Permissions) => (p.origins ?? []).every((o) => state.granted.has(o))) as never);
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation((async (p: Browser.permissions.Permissions) => {
    const origins = p.origins ?? [];
    if (origins.some((o) => state.required.has(o))) throw new Error('You cannot remove required permissions.');
    const had = origins.some((o) => state.granted.has(o));
    for (const o of origins) state.granted.delete(o);
    return had;
  }) as never);
  vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation((async () => [...state.scripts.values()]) as never);
  vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockImplementation((async (scripts: Script[]) => {
    for (const s of scripts) {
      if (state.scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
      state.scripts.set(s.id, s);
    }
  }) as never);
  vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockImplementation((async (filter?: { ids?: string[] }) => {
    for (const id of filter?.ids ?? [...state.scripts.keys()]) {
      if (!state.scripts.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
    }
  }) as never);
  return state;
}
