// @vitest-environment node
/**
 * The mutation suite for the Grid TMS (CargoGrid, recipes.md §5, A8), with the recipe the
 * builder made in recipe-grid.spec.ts (tests/e2e/golden/grid.recipe.json, as it is). The
 * sandbox serves its app in-process to a happy-dom page, which runs CargoGrid's own script:
 * sign-in, all 1,000 orders from the API, recycled rows. Under each seed's skin (other
 * generated classes, another column order plus "Pallets", wrapper divs, renamed ids) the grid
 * is scrolled over every sixth screen from its own start, so the six skins together read each
 * of the 1,000 orders once, top to bottom (a screen costs a render in happy-dom; the skin is
 * the same on every screen). Every order is read as the extension reads it: its key
 * (the row's number joined to the TMS's id in the captured answers), the four columns of the
 * action bar, and the whole order from the captured data under that key. Each (order, field)
 * is right, or missed with the problem the user is told; never wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRID_SEED, createGridTms } from '@/sandbox/tms-grid/server';
import { GRID_GEOMETRY, NO_MUTATION, gridClasses } from '@/sandbox/tms-grid/mutate';
import { inProcessBrowser, inProcessFetch, openPage, usePageGlobals } from '@/tests/support/in-process-tms';
import { MUTATION_SEEDS, Tally, goldenRecipe, orderFields } from '@/tests/support/mutation-suite';
import type { OrderReadResult } from '../adapter';
import { adapterFromRecipe } from './adapter';
import { CaptureStore } from './capture';
import { CAPTURE_CHANNEL } from './capture-pattern';
import { listHealth, weakFields, type RecipeHealth } from './health';
import { readField } from './read-fields';
import type { Locator } from './schema';

const ORIGIN = 'http://cargogrid.test';
const recipe = goldenRecipe('grid', { grid: ORIGIN });
/** The same recipe had it kept the row's generated class of the plain skin (a CSS-in-JS hash). */
const byClass = goldenRecipe('grid', { grid: ORIGIN }, (raw) => ((raw.list as { row: { css: string } }).row.css = `.${gridClasses(GRID_SEED, NO_MUTATION).row}`));
const list = recipe.list!;
const SUMMARY = ['number', 'customer', 'price', 'status'] as const;
type SummaryField = (typeof SUMMARY)[number];
const env = { locale: recipe.locale, baseUrl: `${ORIGIN}/`, origin: ORIGIN, adapterId: 'grid-mutation' };

/** What one row showed for the order at its index. */
interface RowRead {
  key: string | null;
  summary: Record<SummaryField, string | null>;
  order: OrderReadResult | null;
}
interface GridRead {
  rows: Map<number, RowRead>;
  /** The TMS's ids in the grid's order, from the API answers the page got. */
  ids: string[];
  /** Health on the first screen, as the panel shows it right after the page is ready. */
  health: RecipeHealth;
  /** The same for the recipe that kept the generated row class. */
  classHealth: RecipeHealth;
}

/** A column of the action bar as the extension reads it from a row (summariseRow's reading, without its fallbacks). */
function summaryValue(row: Element, locator: Locator | undefined): string | null {
  if (!locator) return null;
  const outcome = readField({ html: locator }, [{ kind: 'html', root: row }], env);
  return outcome.kind === 'value' ? JSON.stringify(outcome.value) : null;
}

const SCREEN = GRID_GEOMETRY.viewportHeight;
const SCREENS = Math.ceil((1000 * GRID_GEOMETRY.rowHeight) / SCREEN);
const ALL_SCREENS = Array.from({ length: SCREENS }, (_, i) => i);
/** The screens the seed at `position` is read on: every sixth, from its own start. */
const screensOf = (position: number) => ALL_SCREENS.filter((i) => i % MUTATION_SEEDS.length === position);

/** Opens the grid under a skin and scrolls it to the given screens, reading every order they show. */
async function readGrid(skin: number | 'off', screens: readonly number[]): Promise<GridRead> {
  const answers: { url: string; body: string }[] = [];
  const tms = createGridTms();
  const browser = inProcessBrowser({ [ORIGIN]: tms }, (url, status, body) => {
    if (status === 200 && new URL(url).pathname === '/api/orders') answers.push({ url, body });
  });
  let restore = () => {};
  try {
    const { page, document } = await openPage(browser, `${ORIGIN}/?mutate=${skin}`);
    restore = usePageGlobals(page);
    const url = new URL(page.url);
    // What the capture script forwards from the page's own requests.
    const store = new CaptureStore(recipe, ORIGIN);
    store.accept({ channel: CAPTURE_CHANNEL, kind: 'ready' });
    for (const answer of answers) store.accept({ channel: CAPTURE_CHANNEL, kind: 'answer', ...answer });
    const ids = answers.flatMap((a) => (JSON.parse(a.body) as { data: { id: string }[] }).data.map((o) => o.id));
    const adapter = adapterFromRecipe(recipe, store);
    const context = { origin: ORIGIN, fetch: inProcessFetch({ [ORIGIN]: tms }), page: { document, url } };
    const health = listHealth(recipe, document, url)!;
    const classHealth = listHealth(byClass, document, url)!;

    const rows = new Map<number, RowRead>();
    const viewport = document.querySelector('[role="rowgroup"]')!.parentElement!;
    for (const screen of screens) {
      viewport.scrollTop = screen * SCREEN;
      viewport.dispatchEvent(new Event('scroll'));
      await page.waitUntilComplete();
      const keyed = new Map(adapter.listRows(document).map((r) => [r.row as Element, r.id]));
      for (const row of document.querySelectorAll(list.row.css)) {
        if (row.matches(list.row.skip!.css)) continue;
        // Which order the grid put in this recycled element: the test's truth, not the recipe's.
        const index = Number(row.getAttribute('aria-rowindex')) - 2;
        if (rows.has(index)) continue;
        const key = keyed.get(row) ?? null;
        const summary = Object.fromEntries(SUMMARY.map((field) => [field, summaryValue(row, list.summary[field])])) as RowRead['summary'];
        rows.set(index, { key, summary, order: null });
      }
    }
    const keys = [...rows.values()].flatMap((r) => (r.key ? [r.key] : []));
    const orders = new Map((await adapter.readOrders(keys, context)).map((r) => [r.ok ? r.order.id : r.id, r]));
    for (const row of rows.values()) row.order = row.key ? (orders.get(row.key) ?? null) : null;
    return { rows, ids, health, classHealth };
  } finally {
    restore();
    await browser.close();
  }
}

let plain: GridRead;
const total = new Tally();
/** The grid rows (orders) some skin read. */
const readUnderSkins = new Set<number>();

beforeAll(async () => {
  plain = await readGrid('off', ALL_SCREENS);
}, 120_000);
afterAll(() => console.info(total.line('Grid (key, list columns, captured order)')));

describe('mutation suite, Grid TMS, with the builder-made recipe', () => {
  it('reads every order of the plain grid completely (the truth the skins are held to)', () => {
    expect(plain.ids).toHaveLength(1000);
    expect(plain.rows.size).toBe(1000);
    for (const [index, row] of plain.rows) {
      expect(row.key, `row ${index}`).toBe(plain.ids[index]);
      expect(row.order?.ok, `order ${row.key}`).toBe(true);
      expect(row.summary.number).toBe(JSON.stringify(row.order?.ok && row.order.order.number));
    }
    expect(plain.health.level).toBe('ok');
    expect(plain.classHealth.level).toBe('ok');
  });

  it.each(MUTATION_SEEDS.map((seed, position) => [seed, position]))('seed %i: every field of every order shown right, or missed with a named problem, never wrong', async (seed, position) => {
    const skin = await readGrid(seed, screensOf(position));
    expect(skin.ids, 'the orders the API gave').toEqual(plain.ids);
    const tally = new Tally();
    const weak = weakFields(skin.health);
    for (const [index, read] of skin.rows) {
      readUnderSkins.add(index);
      const truth = plain.rows.get(index)!;
      const where = (field: string) => `seed ${seed} ${truth.key} ${field}`;
      // A row without its key can't be selected: the health says so (keyless rows).
      tally.count(truth.key, read.key, where('key'), () => (skin.health.keyed < skin.health.rows ? `health ${skin.health.level}: rows without a key` : undefined));
      for (const field of SUMMARY) {
        tally.count(truth.summary[field], read.summary[field], where(field), () => (weak.includes(field) ? `health ${skin.health.level}: ${field} column weak` : undefined));
      }
      const want = orderFields((truth.order as Extract<OrderReadResult, { ok: true }>).order);
      const got = read.order?.ok ? orderFields(read.order.order) : new Map<string, string>();
      const problems = read.order && !read.order.ok ? read.order.problems : [];
      for (const [field, value] of want) tally.count(value, got.get(field) ?? null, where(field), () => problems[0] ?? (read.key ? undefined : 'row without a key'));
      for (const [field, value] of got) if (!want.has(field)) tally.count(null, value, where(field), () => undefined);
    }
    total.add(tally);
    expect(skin.rows.size, 'orders read under this skin').toBeGreaterThanOrEqual(150);
    expect(tally.wrong).toEqual([]);
    expect(tally.silent).toEqual([]);
    expect(tally.share).toBeGreaterThanOrEqual(0.9);
    // Health: quiet for the builder-made recipe; red for one that kept a generated class (its rows are gone).
    expect(skin.health.level).toBe('ok');
    expect(skin.classHealth).toMatchObject({ rows: 0, level: 'red' });
  }, 90_000);

  it('the skins together read every one of the 1,000 orders', () => {
    expect(readUnderSkins.size).toBe(1000);
  });
});
