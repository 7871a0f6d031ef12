import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';

/** Debian's Chromium (or CHROMIUM_PATH). Tests never download a browser. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(candidate)) return candidate;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium not found: install Debian\'s chromium (apt-get install -y chromium) or set CHROMIUM_PATH.');
  }
}

/** Flags that keep Chromium quiet on a closed network (see ../shared/toolchain.md). */
export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Lets a second DevTools client reach the browser (Chromium picks a free port and writes it
 * into the profile): Playwright's own context does not list the extension's side panel.
 */
export const SIDE_PANEL_FLAG = '--remote-debugging-port=0';

/**
 * The extension's side panel (the builder's, opened for a tab) in a browser started on this
 * profile with SIDE_PANEL_FLAG: a page like any other to the DevTools client it connects.
 * A client of its own each time: one kept from before did not hear of panels opened later.
 */
export async function sidePanelPage(profile: string, timeoutMs = 10_000): Promise<Page> {
  const port = readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0];
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const panel = browser.contexts().flatMap((c) => c.pages()).find((p) => p.url().includes('/sidepanel.html?tab='));
    if (panel) return panel;
    if (Date.now() > until) throw new Error('The side panel did not open');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
