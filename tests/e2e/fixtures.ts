import { test as base, expect, chromium, type BrowserContext, type CDPSession, type Page, type Worker } from '@playwright/test';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sandboxConfig, sandboxOrigins } from '../../sandbox/config';
import { chromiumPath, QUIET_FLAGS, SIDE_PANEL_FLAG, sidePanelPage } from '../../scripts/chromium';
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

  /**
   * The requests the server acted on, oldest first. Requests it refused with 429 (the rate
   * limit or an injected burst: nothing was done, and the client sends the same request again)
   * are left out, so a count of POSTs counts what the client caused; `allRequests` has them.
   */
  async requests(server: Server) {
    return (await this.allRequests(server)).filter((r) => r.status !== 429);
  }

  allRequests(server: Server) {
    return this.get<Array<{ method: string; path: string; query: Record<string, string | string[]>; headers: Record<string, string>; body: unknown; status?: number }>>(
      server,
      '/__sandbox/requests',
    );
  }

  fault(server: Server, spec: Record<string, unknown>) {
    return this.post(server, '/__sandbox/faults', spec);
  }
}

/**
 * CI runs the suite in a reduced form, to stay within its time: a test whose ground another
 * covers is skipped there (`test.skip(REDUCED, …)`, saying which one covers it). Locally, and
 * with `E2E_FULL=1`, everything runs.
 */
export const REDUCED = !!process.env.CI && process.env.E2E_FULL !== '1';

export interface ExtensionFixtures {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  sandbox: Sandbox;
  /** Opens an extension page (popup.html, options.html) in a new tab. */
  openExtensionPage: (file: string) => Promise<Page>;
}

interface WorkerFixtures {
  /** The browser the tests of one file share (see SharedBrowser). */
  sharedBrowser: SharedBrowser;
}

/**
 * One Chromium per test file: starting a profile with the extension costs 2–4 s, which for
 * every test was a third of the suite. Between the tests of a file the browser is put back to
 * a fresh install: pages closed, the sandbox sites' cookies and storage cleared, and the
 * extension's storage, alarms, scripts and databases wiped by its sandbox-only reset, after
 * which its service worker is stopped so that nothing it held in memory survives. A reset that
 * fails, a new file or a failed test starts a new browser instead.
 */
class SharedBrowser {
  private current: { context: BrowserContext; profile: string; file: string } | undefined;

  async contextFor(file: string): Promise<BrowserContext> {
    if (this.current && (this.current.file !== file || !(await this.reset(this.current.context)))) await this.close();
    this.current ??= { ...(await launch()), file };
    return this.current.context;
  }

  async close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    await current.context.close().catch(() => undefined);
    rmSync(current.profile, { recursive: true, force: true });
  }

  private async reset(context: BrowserContext): Promise<boolean> {
    try {
      await Promise.all(context.pages().map((p) => p.close()));
      await context.clearCookies();
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      const scope = new URL('/', worker.url()).href;
      await worker.evaluate(async (name) => {
        await (globalThis as unknown as Record<string, () => Promise<void>>)[name]!();
        Object.assign(globalThis, { __e2eOldWorker: true });
      }, SANDBOX_RESET_GLOBAL);
      // DevTools reaches the extension's worker only from a page of the extension's own origin.
      const page = await context.newPage();
      await page.goto(new URL('manifest.json', scope).href);
      const cdp = await context.newCDPSession(page);
      for (const origin of Object.values(origins)) {
        await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
      }
      await cdp.send('ServiceWorker.enable');
      const stopped = workerStatus(cdp, scope, 'stopped');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await stopped;
      const running = workerStatus(cdp, scope, 'running');
      await cdp.send('ServiceWorker.startWorker', { scopeURL: scope });
      await running;
      // Playwright keeps one Worker object across a restart; the marker tells the instances apart.
      await expect.poll(() => worker.evaluate(() => !('__e2eOldWorker' in globalThis)), { timeout: 5_000 }).toBe(true);
      await waitForTmsScript(worker);
      await page.close();
      return true;
    } catch (error) {
      console.warn('[e2e] the shared browser could not be reset, starting a new one:', error instanceof Error ? error.message : error);
      return false;
    }
  }
}

/** Resolves when DevTools reports the extension's worker in this running status. */
function workerStatus(cdp: CDPSession, scope: string, status: 'stopped' | 'running'): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service worker did not reach "${status}" within 10 s`)), 10_000);
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      if (versions.some((v) => v.scriptURL.startsWith(scope) && v.runningStatus === status)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** The name the sandbox build's service worker gives its reset (entrypoints/background/sandbox-reset.ts). */
const SANDBOX_RESET_GLOBAL = '__frachtbelegResetForTests';

async function launch(): Promise<{ context: BrowserContext; profile: string }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'frachtbeleg-e2e-'));
  return { context: await launchProfile(profile), profile };
}

/**
 * Chromium with the sandbox build on this profile folder. A test that closes the browser and
 * starts it again on the same folder sees what a user sees after a browser restart.
 */
export async function launchProfile(profile: string): Promise<BrowserContext> {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error('No sandbox build found: run `npm run build:sandbox` first (npm run test:e2e does).');
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    locale: 'en-US',
    viewport: { width: 1400, height: 900 },
    // SIDE_PANEL_FLAG: the tests reach the extension's side panel (sidePanelOf).
    args: [...QUIET_FLAGS, SIDE_PANEL_FLAG, `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
  });
  profiles.set(context, profile);
  return context;
}

const profiles = new WeakMap<BrowserContext, string>();

/** The browser's side panel of the extension (the builder's, opened for a tab), as the user sees it. */
export async function sidePanelOf(context: BrowserContext): Promise<Page> {
  const profile = profiles.get(context);
  if (!profile) throw new Error('sidePanelOf: a browser started by launchProfile is needed');
  return sidePanelPage(profile);
}

/**
 * The sandbox build adds the demo TMS as a site on install and registers the content script
 * for it; pages opened before that would run without the extension.
 */
export async function waitForTmsScript(worker: Worker): Promise<void> {
  await expect
    .poll(() => worker.evaluate(async () => (await (globalThis as unknown as { chrome: typeof browser }).chrome.scripting.getRegisteredContentScripts()).map((s) => s.id)), { timeout: 10_000 })
    .toContain(`tms:${origins.tms}`);
}

export const test = base.extend<ExtensionFixtures, WorkerFixtures>({
  sharedBrowser: [
    async ({}, use) => {
      const shared = new SharedBrowser();
      await use(shared);
      await shared.close();
    },
    { scope: 'worker' },
  ],
  context: async ({ sharedBrowser }, use, testInfo) => {
    const context = await sharedBrowser.contextFor(testInfo.file);
    await use(context);
    // A failed test may leave anything behind: the next test gets a new browser.
    if (testInfo.status !== testInfo.expectedStatus) await sharedBrowser.close();
  },
  serviceWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await waitForTmsScript(worker);
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
