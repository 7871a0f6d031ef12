/**
 * Figure 2: main-thread time per selection change on the 1,000-row list.
 *
 * Real clicks (CDP Input events through `page.mouse`, no Playwright actionability scripts in
 * the measured tasks) on row checkboxes, under a trace. For each click: the task that
 * dispatched its `change` event holds the TMS's own listener (row highlight, select-all
 * state), then the content script's listener (SelectionTracker), then the microtask
 * checkpoint in which Vue re-renders the action bar. The figure is the content script's part:
 * its listener plus that Vue flush (thread CPU). Also reported: the whole task and the frame
 * that paints the change (what the user waits for, TMS included).
 *
 * The panel (Vue, the action bar) is a script of its own that a list page loads when idle
 * (figure 1 reports that load); the clicks come after it, as a user's do.
 */
import type { BrowserContext } from '@playwright/test';
import { closeOtherPages } from './setup';
import { end, ms, outermost, record, stampScript, sum, Trace, type TraceEvent } from './trace';

export const CHANGES_PER_RUN = 5;

export interface SelectionChange {
  /** Content script listener + Vue flush, thread CPU ms. */
  extensionCpu: number;
  extensionWall: number;
  listenerCpu: number;
  vueFlushCpu: number;
  /** The TMS's own change listener. */
  tmsCpu: number;
  /** The input task plus every task up to the painted frame, CPU and wall. */
  totalCpu: number;
  totalWall: number;
  /** The first change of a run also renders the action bar (the panel itself is there already). */
  first: boolean;
}

export async function measureSelection(context: BrowserContext, url: string, extensionId: string): Promise<SelectionChange[]> {
  await closeOtherPages(context);
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.locator('table.orders-table:not([aria-busy="true"]) tbody tr').nth(999).waitFor({ state: 'attached' });
    await page.locator('frachtbeleg-ui').waitFor({ state: 'attached' });
    // A list page loads the panel when idle (figure 1 reports that load): a user's first click
    // comes after it, so the first change finds the panel there, with nothing selected yet.
    await page.waitForFunction("document.querySelector('frachtbeleg-ui')?.shadowRoot?.querySelector('.fb-root') != null", undefined, { polling: 50, timeout: 10_000 });
    await page.waitForTimeout(500);
    const boxes = page.getByRole('checkbox', { name: /^Select order / });
    const points: { x: number; y: number }[] = [];
    for (let i = 0; i < CHANGES_PER_RUN; i++) {
      const box = await boxes.nth(i * 2).boundingBox();
      if (!box) throw new Error(`checkbox ${i * 2} is not visible`);
      points.push({ x: box.x + box.width / 2, y: box.y + box.height / 2 });
    }
    const cdp = await context.newCDPSession(page);
    const { events } = await record(cdp, 'selection', async () => {
      for (const [i, point] of points.entries()) {
        await page.evaluate(stampScript(`change-${i}`));
        await page.mouse.click(point.x, point.y);
        await page.waitForTimeout(250);
      }
      await page.waitForTimeout(250);
    });
    await cdp.detach();
    const selected = await page.getByRole('region', { name: 'Invoice the selected orders' }).getByText(`${CHANGES_PER_RUN} orders selected`).count();
    if (selected !== 1) throw new Error(`the action bar does not show ${CHANGES_PER_RUN} selected orders`);

    const trace = new Trace(events, `chrome-extension://${extensionId}/`);
    return points.map((_, i) => {
      const stamp = trace.stamp(`change-${i}`);
      if (!stamp) throw new Error(`marker change-${i} missing`);
      const change = trace.main.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'change' && e.ts > stamp.ts);
      if (!change) throw new Error(`no change event after click ${i}`);
      const task = trace.taskAt(change.ts)!;
      const calls = outermost(trace.within(change, 'FunctionCall'));
      const ours = calls.filter((c) => trace.isOurs(c));
      if (ours.length === 0) throw new Error(`the content script did not handle change ${i}`);
      const flush: TraceEvent[] = ours.flatMap((c) => trace.microtasksAfter(c));
      const tms = calls.filter((c) => !trace.isOurs(c));
      const paint = trace.nextPaintTask(change.ts) ?? task;
      const tasks = trace.tasksBetween(task.ts, end(paint));
      return {
        extensionCpu: sum(ours, 'tdur') + sum(flush, 'tdur'),
        extensionWall: sum(ours, 'dur') + sum(flush, 'dur'),
        listenerCpu: sum(ours, 'tdur'),
        vueFlushCpu: sum(flush, 'tdur'),
        tmsCpu: sum(tms, 'tdur'),
        totalCpu: sum(tasks, 'tdur'),
        totalWall: ms(end(paint) - task.ts),
        first: i === 0,
      };
    });
  } finally {
    await page.close();
  }
}
