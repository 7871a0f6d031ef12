/**
 * Figure 3: reading 300 selected orders into validated Orders.
 *
 * Isolated from the panel (whose loading phase also waits for the background): the demo
 * adapter's read path (`readOrdersFromApi`: two same-origin API requests of 200 and 100 ids,
 * `response.json()`, the valibot schema, `finishOrder` into `OrderSchema`) is bundled from the
 * product's source with esbuild, the minifier WXT's build uses, and run in the TMS tab with
 * the page's session, timed with `performance.now()`. Same code, same engine, same origin
 * and cookies as the content script; only the JavaScript world differs (main instead of
 * isolated, which does not change how V8 runs it).
 */
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { build } from 'esbuild';
import { closeOtherPages } from './setup';
import type { DomainTimings, ReadTimings } from './page/read-orders.entry';

export type { DomainTimings, ReadTimings };

export async function bundleReadPath(): Promise<string> {
  const result = await build({
    entryPoints: [path.resolve('bench/page/read-orders.entry.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__frachtbelegRead',
    minify: true,
    write: false,
    target: 'es2022',
    platform: 'browser',
    alias: { '@': path.resolve('.') },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no bundle');
  return file.text;
}

export async function measureReadOrders(
  context: BrowserContext,
  listUrl: string,
  ids: string[],
  runs: number,
  bundle: string,
): Promise<{ cold: ReadTimings; reads: ReadTimings[]; domain: DomainTimings[] }> {
  await closeOtherPages(context);
  const page = await context.newPage();
  try {
    await page.goto(listUrl);
    await page.locator('table.orders-table:not([aria-busy="true"]) tbody tr').first().waitFor({ state: 'attached' });
    await page.evaluate(`${bundle};globalThis.__frachtbelegRead = __frachtbelegRead;void 0`);
    const reads: ReadTimings[] = [];
    const domain: DomainTimings[] = [];
    let cold: ReadTimings | undefined;
    // A first, cold read (code not yet compiled and optimised), then the measured ones.
    for (let i = 0; i <= runs; i++) {
      const timings = (await page.evaluate(`__frachtbelegRead.readOrders(${JSON.stringify(ids)})`)) as ReadTimings;
      if (timings.ok !== ids.length) throw new Error(`read ${timings.ok} of ${ids.length} orders`);
      const work = (await page.evaluate('__frachtbelegRead.domain()')) as DomainTimings;
      if (i === 0) cold = timings;
      else {
        reads.push(timings);
        domain.push(work);
      }
      await page.waitForTimeout(200);
    }
    return { cold: cold!, reads, domain };
  } finally {
    await page.close();
  }
}
