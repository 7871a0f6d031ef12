/**
 * `npx tsx bench/write-back-ab.ts <build dir> [<build dir> …]`: figure 9 alone (the invoice
 * recorded on 300 orders of the demo TMS, deep link → "Done"), with the bench's own
 * `measureInvoice`, for one or more sandbox builds in turn (A, B, A, B, …), so two versions are
 * compared under the same load. Each build gets its own headless Chromium, set up as in
 * `npm run bench` (the Lexware key, the company data, the key account linked). The builds must
 * have been made for the ports in the environment (`SANDBOX_*_PORT`, all of them), e.g.
 * `npx wxt build --mode sandbox -c bench/wxt.config.ts`, then copied aside.
 * `BENCH_RUNS` (default 5) runs per build. Prints each run and the medians.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { sandboxConfig, sandboxOrigins } from '../sandbox/config';
import { startSandboxWorld } from '../sandbox/world';
import { measureInvoice } from './invoice';
import { clearInvoiceState, closeOtherPages, COLLECTIVE_ORDERS, connectLexware, extensionIdOf, launch, linkKeyAccount, LIST_ROWS, SANDBOX_PORT_VARIABLES, writeSeed } from './setup';
import { median } from './stats';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5) || 5);
const LEXWARE_RATE = { capacity: 2, refillPerSecond: 2 };

async function http<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
const post = (url: string, body?: unknown) => http<unknown>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

async function main(): Promise<void> {
  const dirs = process.argv.slice(2).map((dir) => path.resolve(dir));
  if (dirs.length === 0) throw new Error('give the build directories to compare');
  const unset = SANDBOX_PORT_VARIABLES.filter((name) => !process.env[name]);
  if (unset.length) throw new Error(`set every sandbox port the builds were made for (missing: ${unset.join(', ')})`);
  const config = sandboxConfig();
  const origins = sandboxOrigins(config);
  const tmp = mkdtempSync(path.join(tmpdir(), 'frachtbeleg-write-back-ab-'));
  const { path: seedPath, seed, keyAccount } = writeSeed(tmp);
  const numberOf = (id: string) => seed.orders.find((o) => o.id === id)!.number;
  const world = await startSandboxWorld({ config, seedPath });
  const contexts: BrowserContext[] = [];
  try {
    await post(`${origins.lexware}/__sandbox/config`, { rateLimit: LEXWARE_RATE });
    const setUp: { dir: string; context: BrowserContext; extensionId: string }[] = [];
    for (const dir of dirs) {
      const context = await launch(tmp, true, dir);
      contexts.push(context);
      const extensionId = await extensionIdOf(context);
      await connectLexware(context, extensionId, config.lexwareKey);
      await linkKeyAccount(context, keyAccount, numberOf);
      setUp.push({ dir, context, extensionId });
    }
    const keyList = `${origins.tms}/orders?customer=${keyAccount.id}&status=delivered&size=${LIST_ROWS}`;
    const ids = keyAccount.billable.slice(0, COLLECTIVE_ORDERS);
    const sandbox = {
      lexwareRequests: () => http<{ at: string; method: string; path: string }[]>(`${origins.lexware}/__sandbox/requests`),
      tmsRequests: () => http<{ at: string; method: string; path: string }[]>(`${origins.tms}/__sandbox/requests`),
    };
    const figures = new Map<string, number[]>(dirs.map((dir) => [dir, []]));
    for (let run = 0; run < RUNS; run++) {
      for (const { dir, context, extensionId } of setUp) {
        await closeOtherPages(context);
        await post(`${origins.tms}/__sandbox/reset`);
        await clearInvoiceState(context, extensionId);
        const result = await measureInvoice(context, keyList, ids.map(numberOf), extensionId, sandbox, LEXWARE_RATE.refillPerSecond);
        const writeBack = result.save.doneMs - result.save.deepLinkMs;
        const tmsRequests = (await sandbox.tmsRequests()).filter((r) => r.method !== 'GET' || !r.path.startsWith('/api/session'));
        figures.get(dir)!.push(writeBack);
        // The job's own steps (its journal history) and the TMS's requests, on one clock
        // (this machine's), from the invoice's creation on.
        const journal = await context.newPage();
        await journal.goto(`chrome-extension://${extensionId}/popup.html`);
        const history = (await journal.evaluate(`(async () => {
          const all = await chrome.storage.local.get(null);
          return Object.entries(all).filter(([k]) => k.startsWith('job:')).flatMap(([, job]) => job.history ?? []);
        })()`)) as { at: string; state: string; note?: string }[];
        await journal.close();
        const created = history.find((h) => h.state === 'invoice-created');
        if (created) {
          const zero = Date.parse(created.at);
          const tmsApi = (await sandbox.tmsRequests()).filter((r) => Date.parse(r.at) >= zero - 50 && r.path.startsWith('/api/orders'));
          const timeline = [
            ...history.filter((h) => Date.parse(h.at) >= zero).map((h) => ({ t: Date.parse(h.at) - zero, what: `job ${h.state}${h.note ? ` (${h.note})` : ''}` })),
            ...tmsApi.map((r) => ({ t: Date.parse(r.at) - zero, what: `TMS ${r.method} ${r.path}` })),
          ].sort((a, b) => a.t - b.t);
          const shown = timeline.length > 20 ? [...timeline.slice(0, 8), { t: NaN, what: `… ${timeline.length - 16} more` }, ...timeline.slice(-8)] : timeline;
          for (const line of shown) console.info(`    ${Number.isNaN(line.t) ? '' : `+${line.t} ms`.padStart(10)} ${line.what}`);
        }
        console.info(
          `run ${run + 1} ${path.basename(dir)}: figure 9 ${writeBack.toFixed(0)} ms (TMS writes ${result.save.tmsWriteBacks}, TMS API requests in all ${tmsRequests.length}, first write ${result.save.linkToFirstWriteMs.toFixed(0)} ms after the link, writes spread over ${result.save.writeSpanMs.toFixed(0)} ms)`,
        );
      }
    }
    for (const [dir, values] of figures) console.info(`${dir}: median ${median(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(', ')})`);
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
    await world.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
