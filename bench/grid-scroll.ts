/**
 * Figure 12: the recipe engine's cost on the Grid TMS ("CargoGrid", 1,000 orders of which
 * ≈ 30 row elements exist, recycled as the user scrolls), per mutation batch while scrolling.
 *
 * Set up as a user would: the Grid site added in the options, the recipe the builder made for
 * it (the reviewed golden copy, tests/e2e/golden/grid.recipe.json, with this run's origin and
 * an id) imported through "Import a recipe file", kept and chosen for the site. Three rows are
 * selected (the recipe follows the grid's `aria-selected`), so the action bar and the
 * selection handle are live while the grid recycles its rows.
 *
 * Under a trace, the mouse wheel scrolls the grid in steps (real CDP input), a marker before
 * each. Every top-level task of the tab's main thread in which the extension's scripts ran
 * after a step is one batch: the MutationObserver callbacks (rows re-keyed, selection
 * re-read, health) and the microtask checkpoint after them (Vue). The figure is thread CPU
 * per batch; the budget (issue "Any web TMS") is 50 ms per mutation batch.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { closeOtherPages } from './setup';
import { outermost, record, stampScript, sum, Trace, type TraceEvent } from './trace';

export const SCROLL_STEPS = 30;
/** One wheel step: about five rows (28 px each) leave and five arrive. */
const WHEEL_PX = 140;
const RECIPE_ID = '6b8f5a2e-1c3d-4e7f-9a0b-2c4d6e8f0a13';
const GOLDEN = path.resolve('tests/e2e/golden/grid.recipe.json');

export interface GridScrollRun {
  /** Thread CPU of the extension per batch, one entry per batch. */
  batchesCpu: number[];
  /** Batches seen (tasks with the extension's scripts after a wheel step). */
  batches: number;
  /** Wheel steps that led to at least one batch. */
  stepsWithWork: number;
  worstCpu: number;
}

/** The golden recipe, as a file the user would import: this run's origin and an id of its own. */
export function gridRecipeFile(gridOrigin: string): Buffer {
  const golden = readFileSync(GOLDEN, 'utf8').replaceAll('{grid}', gridOrigin).replace('"{id}"', JSON.stringify(RECIPE_ID));
  return Buffer.from(golden);
}

/** Adds the Grid site and imports, keeps and chooses its recipe in the options page, as a user does. */
export async function installGridRecipe(context: BrowserContext, extensionId: string, gridOrigin: string): Promise<void> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const sites = options.getByRole('region', { name: 'TMS sites' });
  await sites.getByLabel('Address of your TMS').fill(`${gridOrigin}/`);
  await sites.getByRole('button', { name: 'Add site' }).click();
  await sites.getByRole('status').filter({ hasText: `${gridOrigin} added` }).waitFor();
  const recipes = options.getByRole('region', { name: 'Site recipes' });
  await recipes.getByLabel('Import a recipe file').setInputFiles({ name: 'cargogrid.recipe.json', mimeType: 'application/json', buffer: gridRecipeFile(gridOrigin) });
  await recipes.getByRole('region', { name: /^Review / }).getByRole('button', { name: 'Keep this recipe' }).click();
  await recipes.getByRole('status').filter({ hasText: 'kept' }).waitFor();
  await sites.getByLabel(`Read ${gridOrigin} with`).selectOption({ label: 'CargoGrid (recipe)' });
  await sites.getByRole('status').filter({ hasText: 'is now read with CargoGrid' }).waitFor();
  await options.close();
}

const gridOf = (page: Page) => page.getByRole('grid', { name: 'Orders' });

export async function measureGridScroll(context: BrowserContext, gridOrigin: string, extensionId: string): Promise<GridScrollRun> {
  await closeOtherPages(context);
  const page = await context.newPage();
  try {
    await page.goto(`${gridOrigin}/`);
    await page.getByText('1,000 orders').waitFor();
    await page.locator('frachtbeleg-ui').waitFor({ state: 'attached' });
    // Three rows selected as a user does (click, then Ctrl-click): the action bar shows them.
    const rows = gridOf(page).getByRole('row');
    await rows.nth(1).click();
    await rows.nth(2).click({ modifiers: ['Control'] });
    await rows.nth(3).click({ modifiers: ['Control'] });
    await page.waitForFunction(
      "(() => { const root = document.querySelector('frachtbeleg-ui')?.shadowRoot; return !!root && /3 orders selected/.test(root.textContent || ''); })()",
      undefined,
      { polling: 100, timeout: 15_000 },
    );
    await page.waitForTimeout(500);
    const viewport = await gridOf(page).locator(':scope > div').nth(1).boundingBox();
    if (!viewport) throw new Error('the grid has no visible viewport');
    await page.mouse.move(viewport.x + viewport.width / 2, viewport.y + viewport.height / 2);

    const cdp = await context.newCDPSession(page);
    const { events } = await record(cdp, 'grid-scroll', async () => {
      for (let i = 0; i < SCROLL_STEPS; i++) {
        await page.evaluate(stampScript(`wheel-${i}`));
        await page.mouse.wheel(0, WHEEL_PX);
        await page.waitForTimeout(120);
      }
      await page.evaluate(stampScript('wheel-end'));
      await page.waitForTimeout(300);
    });
    await cdp.detach();

    const trace = new Trace(events, `chrome-extension://${extensionId}/`);
    const start = trace.stamp('wheel-0');
    if (!start) throw new Error('marker wheel-0 missing');
    const batchesCpu: number[] = [];
    const steps = new Set<number>();
    const stepStarts = Array.from({ length: SCROLL_STEPS }, (_, i) => trace.stamp(`wheel-${i}`)!.ts);
    for (const task of trace.tasks.filter((t) => t.ts >= start.ts)) {
      const calls = outermost(trace.within(task, 'FunctionCall').filter((e) => trace.isOurs(e)));
      if (calls.length === 0) continue;
      const flush: TraceEvent[] = calls.flatMap((c) => trace.microtasksAfter(c)).filter((m) => !calls.includes(m));
      batchesCpu.push(sum(calls, 'tdur') + sum(flush, 'tdur'));
      const step = stepStarts.findLastIndex((ts) => ts <= task.ts);
      if (step >= 0) steps.add(step);
    }
    // The scroll really recycled rows: the first rows are gone from the DOM.
    const firstShown = await rows.nth(1).getAttribute('aria-rowindex');
    if (Number(firstShown) < 20) throw new Error(`the grid did not scroll (first row ${firstShown})`);
    return { batchesCpu, batches: batchesCpu.length, stepsWithWork: steps.size, worstCpu: Math.max(0, ...batchesCpu) };
  } finally {
    await page.close();
  }
}
