/**
 * `npx tsx bench/profile.ts`: where the time goes, for the analysis behind the benchmark's
 * figures (not part of them). Builds an unminified sandbox build, sets up the same world,
 * and records V8 CPU profiles (CDP `Profiler`, 200 µs sampling) of: the 1,000-row list
 * loading, the preview of 300 orders opening, and five edits of a unit price. Prints the
 * functions with the most self time and the content script's functions by inclusive time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CDPSession } from '@playwright/test';
import { sandboxConfig, sandboxOrigins } from '../sandbox/config';
import { startSandboxWorld } from '../sandbox/world';
import { buildExtension, clearInvoiceState, COLLECTIVE_ORDERS, connectLexware, extensionIdOf, freePorts, launch, linkKeyAccount, LIST_ROWS, waitForContentScript, writeSeed } from './setup';

const PROFILE_BUILD_DIR = path.resolve('.output/bench-profile/chrome-mv3-sandbox');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').at(-1) ?? ''}:${n.callFrame.lineNumber + 1}`;

function print(label: string, profile: CpuProfile): void {
  const time = new Map<number, number>();
  profile.samples.forEach((s, i) => time.set(s, (time.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const n of profile.nodes) {
    const t = time.get(n.id) ?? 0;
    if (!t) continue;
    self.set(name(n), (self.get(name(n)) ?? 0) + t);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const k = name(byId.get(id)!);
      if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + t);
      seen.add(k);
    }
  }
  const busy = [...self].filter(([k]) => !k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
  console.info(`\n== ${label}: ${(busy / 1000).toFixed(0)} ms busy (sampled)\n-- self time`);
  for (const [k, v] of [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 15)) console.info(`${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
  console.info('-- content script, inclusive');
  for (const [k, v] of [...inclusive].filter(([k]) => k.includes('tms.js')).sort((a, b) => b[1] - a[1]).slice(0, 25)) console.info(`${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
}

async function profiled(cdp: CDPSession, label: string, action: () => Promise<void>): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await action();
  const { profile } = await cdp.send('Profiler.stop');
  print(label, profile as unknown as CpuProfile);
}

async function main(): Promise<void> {
  const [tms, lexware, sevdesk] = await freePorts(3);
  Object.assign(process.env, { SANDBOX_TMS_PORT: String(tms), SANDBOX_LEXWARE_PORT: String(lexware), SANDBOX_SEVDESK_PORT: String(sevdesk) });
  const config = sandboxConfig();
  const origins = sandboxOrigins(config);
  console.info('• building an unminified sandbox build (.output/bench-profile)');
  await buildExtension({ ...process.env }, 'bench/wxt.profile.config.ts');
  const tmp = mkdtempSync(path.join(tmpdir(), 'frachtbeleg-profile-'));
  const { path: seedPath, seed, keyAccount } = writeSeed(tmp);
  const world = await startSandboxWorld({ config, seedPath });
  const context = await launch(tmp, true, PROFILE_BUILD_DIR);
  try {
    const extensionId = await extensionIdOf(context);
    await waitForContentScript(context, origins.tms);
    await connectLexware(context, extensionId, config.lexwareKey);
    await linkKeyAccount(context, keyAccount, (id) => seed.orders.find((o) => o.id === id)!.number);
    await clearInvoiceState(context, extensionId);

    for (let i = 0; i < 2; i++) {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await profiled(cdp, `loading the ${LIST_ROWS}-row list (${i === 0 ? 'first' : 'second'} time)`, async () => {
        await page.goto(`${origins.tms}/orders?size=${LIST_ROWS}`);
        await page.locator('table.orders-table:not([aria-busy="true"]) tbody tr').nth(LIST_ROWS - 1).waitFor({ state: 'attached' });
        await page.waitForTimeout(1000);
      });
      await page.close();
    }

    const page = await context.newPage();
    await page.goto(`${origins.tms}/orders?customer=${keyAccount.id}&status=delivered&size=${LIST_ROWS}`);
    await page.locator('table.orders-table:not([aria-busy="true"]) tbody tr').nth(COLLECTIVE_ORDERS - 1).waitFor({ state: 'attached' });
    await page.waitForTimeout(500);
    await page.evaluate(`[...document.querySelectorAll('table.orders-table tbody input[type="checkbox"]')].slice(0, ${COLLECTIVE_ORDERS}).forEach((b) => b.click())`);
    const cdp = await context.newCDPSession(page);
    const dialog = page.getByRole('dialog', { name: 'Invoice preview' });
    await profiled(cdp, `opening the preview of ${COLLECTIVE_ORDERS} orders`, async () => {
      await page.getByRole('region', { name: 'Invoice the selected orders' }).getByRole('button', { name: 'Create invoice' }).click();
      await page.waitForFunction(`document.querySelector('frachtbeleg-ui').shadowRoot.querySelectorAll('.fb-positions > li').length >= ${COLLECTIVE_ORDERS}`, undefined, { polling: 50 });
      await page.waitForTimeout(1500);
    });
    // Long invoices show one line per position: the position's editor is opened first.
    const row = dialog.locator('.fb-positions > li').nth(150);
    await row.getByRole('button', { name: /^Edit position / }).click();
    const input = row.locator('input.fb-input-money');
    await input.focus();
    await input.press('Home');
    await page.waitForTimeout(500);
    await profiled(cdp, 'five edits of a unit price', async () => {
      for (let i = 0; i < 5; i++) {
        await page.keyboard.type('1');
        await page.waitForTimeout(400);
      }
    });
  } finally {
    await context.close();
    await world.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
