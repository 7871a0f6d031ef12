import { test as base, expect, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sandboxConfig, sandboxOrigins } from '../../sandbox/config';
import { chromiumPath, QUIET_FLAGS } from '../../scripts/chromium';
import type { browser } from 'wxt/browser';

export const config = sandboxConfig();
export const origins = sandboxOrigins(config);
export const EXTENSION_DIR = path.resolve('.output/chrome-mv3-sandbox');

type Server = 'tms' | 'lexware' | 'sevdesk';

/** The test-only inspection API of the sandbox servers. */
export class Sandbox {
  async reset(): Promise<void> {
    await Promise.all((['tms', 'lexware', 'sevdesk'] as const).map((s) => this.post(s, '/__sandbox/reset')));
  }

  async get<T = unknown>(server: Server, route: string): Promise<T> {
    const response = await fetch(`${origins[server]}${route}`);
    if (!response.ok) throw new Error(`${server} ${route}: ${response.status}`);
    return (await response.json()) as T;
  }

  async post(server: Server, route: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${origins[server]}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${server} ${route}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  requests(server: Server) {
    return this.get<Array<{ method: string; path: string; query: Record<string, string | string[]>; headers: Record<string, string>; body: unknown }>>(
      server,
      '/__sandbox/requests',
    );
  }

  fault(server: Server, spec: Record<string, unknown>) {
    return this.post(server, '/__sandbox/faults', spec);
  }
}

export interface ExtensionFixtures {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  sandbox: Sandbox;
  /** Opens an extension page (popup.html, options.html) in a new tab. */
  openExtensionPage: (file: string) => Promise<Page>;
}

export const test = base.extend<ExtensionFixtures>({
  context: async ({}, use) => {
    if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
      throw new Error('No sandbox build found: run `npm run build:sandbox` first (npm run test:e2e does).');
    }
    const profile = mkdtempSync(path.join(tmpdir(), 'frachtbeleg-e2e-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      locale: 'en-US',
      viewport: { width: 1400, height: 900 },
      args: [...QUIET_FLAGS, `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
    });
    try {
      await use(context);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  },
  serviceWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    // The sandbox build adds the demo TMS as a site on install and registers the content
    // script for it; pages opened before that would run without the extension.
    await expect
      .poll(() => worker.evaluate(async () => (await (globalThis as unknown as { chrome: typeof browser }).chrome.scripting.getRegisteredContentScripts()).map((s) => s.id)), { timeout: 10_000 })
      .toContain(`tms:${origins.tms}`);
    await use(worker);
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
  // Every test gets a worker whose content script is registered, even if it does not ask for one.
  page: async ({ page, serviceWorker }, use) => {
    void serviceWorker;
    await use(page);
  },
  sandbox: async ({}, use) => {
    const sandbox = new Sandbox();
    await sandbox.reset();
    await use(sandbox);
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (file) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    });
  },
});

export { expect };
