/**
 * The production build asks for the minimum and carries no trace of the sandbox world.
 * (A Node-only test: it reads the build output, no browser involved.)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';

const OUT = path.resolve('.output/chrome-mv3');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore', timeout: 120_000 });
});

test('the production manifest asks for exactly these permissions', () => {
  const manifest = JSON.parse(readFileSync(path.join(OUT, 'manifest.json'), 'utf8'));
  // sidePanel: the builder in the browser's side panel ("Teach this TMS"); it shows no warning at install.
  expect(manifest.permissions).toEqual(['storage', 'alarms', 'scripting', 'sidePanel']);
  // Only the billing APIs are granted; each TMS site is asked for when the user adds it.
  expect(manifest.host_permissions).toEqual(['https://api.lexware.io/*', 'https://my.sevdesk.de/*']);
  expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
  // Notifications only when the user asks for them (automatic drafts, options).
  expect(manifest.optional_permissions ?? []).toEqual(['notifications']);
  expect(manifest.content_scripts ?? []).toEqual([]);
  expect(manifest.web_accessible_resources ?? []).toEqual([]);
  expect(manifest.content_security_policy.extension_pages).toBe("script-src 'self'; object-src 'self'; base-uri 'none'; frame-ancestors 'none'");
});

test('no file of the production build mentions the sandbox world or localhost', () => {
  for (const file of files(OUT)) {
    // Dexie (the invoice book's IndexedDB library) turns its debug mode on when it runs on a
    // local page: its test of the page's address is no address of ours.
    const text = readFileSync(file, 'utf8').replaceAll('/^(http|https):\\/\\/(localhost|127\\.0\\.0\\.1)/', '');
    // The sandbox build's test and bench hooks (sandbox-reset.ts, sandbox-bench.ts) included.
    for (const needle of ['127.0.0.1', 'localhost', ':4410', ':4411', ':4412', '__sandbox', 'sandbox-lexware', '__frachtbelegResetForTests', '__frachtbelegBench', '__frachtbelegAutoDraftsNow', '__frachtbelegConnectForTests']) {
      expect(text.includes(needle), `${path.relative(OUT, file)} contains ${needle}`).toBe(false);
    }
  }
});

test('no script of the production build evaluates code or imports from a URL (recipes are data)', () => {
  const scripts = files(OUT).filter((f) => f.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(3);
  for (const file of scripts) {
    const text = readFileSync(file, 'utf8');
    const name = path.relative(OUT, file);
    expect(/\beval\s*\(/.test(text), `${name} calls eval`).toBe(false);
    expect(/\bnew\s+Function\s*\(/.test(text), `${name} uses new Function`).toBe(false);
    expect(/\bimport\s*\(\s*["'`]https?:/.test(text), `${name} imports from a URL`).toBe(false);
    expect(/setTimeout\s*\(\s*["'`]/.test(text), `${name} passes a string to setTimeout`).toBe(false);
  }
});
