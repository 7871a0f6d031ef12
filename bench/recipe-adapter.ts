/**
 * Figure 13 of `npm run bench`, and on its own `npx tsx bench/recipe-adapter.ts`: the recipe adapter against the code adapter, reading
 * the same 300 demo orders through the same fake API (two batches, 200 + 100) into validated
 * Orders. Budget: the recipe engine may cost at most 1.2× the hand-written reader.
 *
 * Node, no browser: the read path is JSON and valibot only (the DOM is not touched), so this
 * compares the two readers' own work; the network is a fake answering at once. Runs alternate
 * between the two so that warm-up, GC and CPU frequency hit both alike.
 * `RECIPE_BENCH_RUNS` (default 31) sets the measured runs per adapter. `npm run bench` runs it in
 * a process of its own (measureRecipeAdapterApart).
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { OrderReadResult, TmsPageAdapter } from '../utils/tms/adapter';
import { demoTmsAdapter } from '../utils/tms/demo/page-adapter';
import { adapterFromRecipe } from '../utils/tms/recipe/adapter';
import { validateRecipe } from '../utils/tms/recipe/schema';
import { median } from './stats';

const ORDERS = 300;
const RUNS = Math.max(5, Number(process.env.RECIPE_BENCH_RUNS ?? 31) || 31);
const WARMUP = 30;
const BUDGET_RATIO = 1.2;
const ORIGIN = 'http://127.0.0.1:4410';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '../utils/tms/demo/fixtures');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** 300 orders made from the three saved API orders, with their own ids and numbers. */
function orders(): Map<string, unknown> {
  const saved = (readJson(path.join(fixtures, 'api-orders.json')) as { items: Record<string, unknown>[] }).items;
  const out = new Map<string, unknown>();
  for (let i = 0; i < ORDERS; i++) {
    const id = `o-${String(i + 1).padStart(4, '0')}`;
    out.set(id, { ...saved[i % saved.length], id, number: `A-2026-${String(1000 + i)}` });
  }
  return out;
}

export interface RecipeAdapterFigure {
  codeMs: number;
  recipeMs: number;
  ratio: number;
  runs: number;
  orders: number;
}

export const RECIPE_ADAPTER_BUDGET = BUDGET_RATIO;
export const RECIPE_ADAPTER_ORDERS = ORDERS;

export async function measureRecipeAdapter(runs = RUNS): Promise<RecipeAdapterFigure> {
  const checked = validateRecipe(readJson(path.join(here, '../utils/tms/demo/demo.recipe.json')));
  if (!checked.ok) throw new Error(`demo.recipe.json: ${JSON.stringify(checked.issues)}`);
  const recipeAdapter = adapterFromRecipe(checked.recipe);
  const known = orders();
  const ids = [...known.keys()];
  // Answers are serialised per request, as a server would; both adapters pay the same parse.
  const fetch: typeof globalThis.fetch = async (input) => {
    const asked = new URL(String(input)).searchParams.get('ids')!.split(',');
    const items = asked.flatMap((id) => (known.has(id) ? [known.get(id)] : []));
    const body = JSON.stringify({ items, total: items.length });
    return new Response(body, { headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } });
  };
  const read = async (adapter: TmsPageAdapter): Promise<{ ms: number; results: OrderReadResult[] }> => {
    const start = performance.now();
    const results = await adapter.readOrders(ids, { origin: ORIGIN, fetch });
    return { ms: performance.now() - start, results };
  };

  // Both must read all 300, to the same orders (apart from the adapter's name).
  const code = await read(demoTmsAdapter);
  const mine = await read(recipeAdapter);
  const okCode = code.results.filter((r) => r.ok).length;
  const okMine = mine.results.filter((r) => r.ok).length;
  if (okCode !== ORDERS || okMine !== ORDERS) throw new Error(`read ${okCode} (code) and ${okMine} (recipe) of ${ORDERS} orders`);
  const same = JSON.stringify(mine.results).replaceAll(recipeAdapter.id, demoTmsAdapter.id) === JSON.stringify(code.results);
  if (!same) throw new Error('the recipe adapter read other orders than the code adapter');

  for (let i = 0; i < WARMUP; i++) {
    await read(demoTmsAdapter);
    await read(recipeAdapter);
  }
  const codeMs: number[] = [];
  const recipeMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always runs right after a collection.
    const first = i % 2 === 0;
    if (first) codeMs.push((await read(demoTmsAdapter)).ms);
    recipeMs.push((await read(recipeAdapter)).ms);
    if (!first) codeMs.push((await read(demoTmsAdapter)).ms);
  }
  const c = median(codeMs);
  const r = median(recipeMs);
  return { codeMs: c, recipeMs: r, ratio: r / c, runs, orders: ORDERS };
}

/**
 * Figure 13 in a Node process of its own: the full bench's process also holds the sandbox
 * world and Playwright, whose heap makes every allocation there dearer, and the recipe's
 * reader allocates more than the hand-written one (two full runs gave 1.11× and 1.31× there,
 * 1.11–1.13× alone the same hour). Apart, the figure compares the two readers' own work.
 */
export function measureRecipeAdapterApart(): RecipeAdapterFigure {
  const out = execFileSync('npx', ['tsx', fileURLToPath(import.meta.url), '--json'], { encoding: 'utf8', timeout: 300_000 });
  const line = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as RecipeAdapterFigure;
}

async function main(): Promise<void> {
  if (process.argv.includes('--json')) {
    console.info(JSON.stringify(await measureRecipeAdapter()));
    return;
  }
  const { codeMs: c, recipeMs: r, ratio } = await measureRecipeAdapter();
  console.info(`\nRecipe adapter vs code adapter, reading ${ORDERS} demo orders (Node ${process.version}, median of ${RUNS} runs each)\n`);
  console.info(`  code adapter (demo/api.ts)     ${c.toFixed(1).padStart(7)} ms`);
  console.info(`  recipe adapter (demo recipe)   ${r.toFixed(1).padStart(7)} ms`);
  console.info(`${ratio <= BUDGET_RATIO ? 'PASS' : 'FAIL'}  ratio recipe / code ${ratio.toFixed(2).padStart(18)}     (≤ ${BUDGET_RATIO})`);
  if (ratio > BUDGET_RATIO) process.exitCode = 1;
}

// Run on its own (`npx tsx bench/recipe-adapter.ts`), not when `npm run bench` imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
