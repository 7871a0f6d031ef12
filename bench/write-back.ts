/**
 * `npx tsx bench/write-back.ts`: recording one invoice on 300 orders of the demo TMS with the
 * extension's own write-back (utils/tms/demo/write-back.ts, its states read together by
 * `prepare`, then each order's writes) and pool (utils/jobs/runner.ts inPool), and with
 * `recordMany` (reads and batch writes, what the extension now does with the demo TMS), in
 * Node against the real demo TMS server in a process of its own. A proxy for
 * figure 9 of `npm run bench`: it leaves out the browser's storage writes and messages
 * between the batches, and shows what the pool's size does to the TMS's share.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '../sandbox/kit/http';
import { createDemoTms, loadSeed } from '../sandbox/tms/server';
import { generateSeed } from '../sandbox/tms/generate-seed';
import { createDemoWriteBack } from '../utils/tms/demo/write-back';
import { inPool, WRITE_BACK_CONCURRENCY } from '../utils/jobs/runner';

const ORDERS = 300;
const RUNS = 5;

/** The TMS in its own process, so its work does not share this one's event loop. */
async function startTms(seedFile: string): Promise<{ url: string; close: () => void }> {
  const child = spawn('npx', ['tsx', 'bench/write-back.ts', '--serve', seedFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the TMS stopped (${code})`)));
  });
  return { url, close: () => child.kill() };
}

async function main() {
  if (process.argv[2] === '--serve') {
    const running = await startEmulator(createDemoTms({ seed: loadSeed(process.argv[3]) }), 0);
    console.info(`listening ${running.url}`);
    return;
  }
  const seed = generateSeed({ orders: 2000, keyAccountShare: 0.5, seed: 1 });
  const seedFile = path.join(mkdtempSync(path.join(tmpdir(), 'frachtbeleg-write-back-')), 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed));
  const server = await startTms(seedFile);
  try {
    const page = await fetch(`${server.url}/orders`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const withSession: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } });
    const ids = seed.orders.filter((o) => o.status === 'delivered').slice(0, ORDERS).map((o) => o.id);
    if (ids.length < ORDERS) throw new Error(`only ${ids.length} delivered orders in the seed`);
    const writeBack = createDemoWriteBack(withSession);
    for (const size of [1, 2, WRITE_BACK_CONCURRENCY, 8]) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
        const record = { provider: 'lexware' as const, providerName: 'Lexware Office', invoiceId: `inv-${run}`, url: `https://app.lexware.de/permalink/invoices/view/inv-${run}` };
        const started = performance.now();
        let failed = 0;
        // As the runner does: the orders' state read together first, then each order's writes.
        const prepared = await writeBack.prepare!(server.url, ids);
        await inPool(ids, size, async (id) => {
          const result = await prepared(id, record);
          if (!result.ok) failed++;
        });
        if (failed) throw new Error(`${failed} write-backs failed`);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.info(`${ORDERS} orders, ${size} at a time: median ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)})${size === WRITE_BACK_CONCURRENCY ? '  ← a TMS without batch writes' : ''}`);
    }
    // What the extension does with the demo TMS now: every order in one recordMany call.
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
      const record = { provider: 'lexware' as const, providerName: 'Lexware Office', invoiceId: `inv-${run}`, url: `https://app.lexware.de/permalink/invoices/view/inv-${run}` };
      const started = performance.now();
      const results = await writeBack.recordMany!(server.url, ids, record);
      const failed = ids.filter((id) => !results.get(id)?.ok).length;
      if (failed) throw new Error(`${failed} write-backs failed`);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.info(`${ORDERS} orders in batches (recordMany): median ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)})  ← the extension`);
  } finally {
    server.close();
  }
}

void main();
