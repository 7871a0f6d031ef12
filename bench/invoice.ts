/**
 * Figures 4, 5 and 6, in one pass per run: 300 orders of the key account are selected on the
 * list (1,000 rows per page, filtered to its delivered orders; the 300 newest of those that
 * fall under domestic VAT, since one invoice takes one tax case), the preview is opened, five
 * positions are edited, and the invoice is created through the Lexware emulator.
 *
 * A MutationObserver in the page's main world watches the panel's (open) shadow root and
 * stamps the trace: when the 300 positions are in the DOM, when the totals change, when the
 * deep link appears. Its callbacks run at the microtask checkpoint right after Vue's patch,
 * so a stamp lies inside the task that rendered.
 *
 * 4. Preview render: the task in which the 300 positions were rendered (it starts when the
 *    background's invoicing context arrives: the store composes the draft, then Vue patches)
 *    plus every task up to the frame that paints it (style, layout, paint). Thread CPU.
 * 5. Re-render after one edit: `1` typed at the start of a position's unit price (a real key
 *    press through CDP). The task that dispatched `input` (Vue's v-model and the store's
 *    edit, the re-render of the panel) plus every task up to the painted frame. Thread CPU.
 * 6. The click on "Save and create invoice" (its event timestamp) to the deep link in the DOM,
 *    on the page's clock. The Lexware emulator runs at its default 2 requests/s (capacity 2).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { COLLECTIVE_ORDERS } from './setup';
import { end, ms, record, stampScript, sum, Trace } from './trace';

export const EDITS_PER_RUN = 5;

const panelWatcher = (positions: number) => `(() => {
  const root = document.querySelector('frachtbeleg-ui').shadowRoot;
  const state = (window.__frachtbelegBench = { renderedAt: null, allLinesAt: null, totalsAt: [], linkAt: null, linkEpoch: null, saveClickAt: null });
  let gross = null;
  new MutationObserver(() => {
    // The preview is there when its totals and its first lines are (the panel renders them in
    // one task and builds the rest of a long list in the next frames, whose end is recorded too).
    const lines = root.querySelectorAll('.fb-positions > li').length;
    if (state.renderedAt === null) {
      if (lines === 0 || !root.querySelector('[data-total="gross"]')) return;
      state.renderedAt = performance.now();
      ${stampScript('preview-rendered')};
    }
    if (state.allLinesAt === null && lines >= ${positions}) {
      state.allLinesAt = performance.now();
      ${stampScript('all-lines')};
    }
    const now = root.querySelector('[data-total="gross"]')?.textContent ?? null;
    if (now !== gross) {
      if (gross !== null) {
        state.totalsAt.push(performance.now());
        ${stampScript('totals-updated')};
      }
      gross = now;
    }
    if (state.linkAt === null && root.querySelector('.fb-open a[href]')) {
      state.linkAt = performance.now();
      state.linkEpoch = performance.timeOrigin + state.linkAt;
      ${stampScript('deep-link')};
    }
  }).observe(root, { childList: true, subtree: true, characterData: true });
  document.addEventListener('click', (event) => {
    const target = event.composedPath()[0];
    const button = target instanceof Element ? target.closest('button') : null;
    if (button && button.textContent.trim() === 'Save and create invoice') state.saveClickAt = event.timeStamp;
  }, true);
})()`;

export interface InvoiceRun {
  preview: { cpu: number; wall: number; renderTaskCpu: number; frameCpu: number; scriptCpu: number; styleLayoutCpu: number; paintCpu: number; allLinesWall: number; allLinesCpu: number };
  edits: { cpu: number; wall: number; extensionCpu: number }[];
  save: {
    deepLinkMs: number;
    lexwareRequestsToLink: number;
    lexwareRequestsTotal: number;
    requests: string[];
    idealMs: number;
    doneMs: number;
    tmsWriteBacks: number;
    /** From the deep link to the first TMS write, the first to the last write, and the pauses (> 100 ms) between writes. */
    linkToFirstWriteMs: number;
    writeSpanMs: number;
    writePausesOver100Ms: number;
    writePausesMs: number;
  };
}

interface Sandbox {
  lexwareRequests(): Promise<{ at: string; method: string; path: string }[]>;
  tmsRequests(): Promise<{ at: string; method: string; path: string }[]>;
}

async function selectOrders(page: Page, numbers: readonly string[]): Promise<void> {
  // Ticks the rows of these orders with real click() calls: one change event each, as a user's clicks.
  await page.evaluate(`(() => {
    const wanted = new Set(${JSON.stringify(numbers.map((n) => `Select order ${n}`))});
    const boxes = [...document.querySelectorAll('table.orders-table tbody input[type="checkbox"]')].filter((box) => wanted.has(box.getAttribute('aria-label')));
    if (boxes.length < wanted.size) throw new Error('only ' + boxes.length + ' of the orders are on the page');
    for (const box of boxes) box.click();
  })()`);
  await page.getByRole('region', { name: 'Invoice the selected orders' }).getByText(`${numbers.length} orders selected`).waitFor();
}

/** `numbers`: the orders to invoice, all on the list's page (COLLECTIVE_ORDERS of them). */
export async function measureInvoice(context: BrowserContext, listUrl: string, numbers: readonly string[], extensionId: string, sandbox: Sandbox, rate: number): Promise<InvoiceRun> {
  const page = await context.newPage();
  try {
    await page.goto(listUrl);
    await page.locator('table.orders-table:not([aria-busy="true"]) tbody tr').nth(COLLECTIVE_ORDERS - 1).waitFor({ state: 'attached' });
    await page.locator('frachtbeleg-ui').waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    await selectOrders(page, numbers);
    await page.evaluate(panelWatcher(COLLECTIVE_ORDERS));
    const dialog = page.getByRole('dialog', { name: 'Invoice preview' });
    const url = `chrome-extension://${extensionId}/`;

    // 4. Preview render.
    const cdp = await context.newCDPSession(page);
    const opened = await record(cdp, 'preview', async () => {
      await page.evaluate(stampScript('open'));
      await page.getByRole('region', { name: 'Invoice the selected orders' }).getByRole('button', { name: 'Create invoice' }).click();
      await page.waitForFunction('window.__frachtbelegBench.allLinesAt !== null', undefined, { polling: 20, timeout: 30_000 });
      await page.waitForTimeout(500);
    });
    await dialog.getByText(`Collective invoice, ${COLLECTIVE_ORDERS} orders`).waitFor();
    const saveButton = dialog.getByRole('button', { name: 'Save and create invoice' });
    // The preview lists what blocks the invoice; the bench sets up what a real user has
    // (the key, the company data for e-invoices, the linked customer: bench/setup.ts).
    if (!(await saveButton.isEnabled())) throw new Error(`the preview blocks the invoice:\n${(await dialog.innerText()).slice(0, 2000)}`);
    const t4 = new Trace(opened.events, url);
    const rendered = t4.stamp('preview-rendered')!;
    const renderTask = t4.taskAt(rendered.ts);
    if (!renderTask) throw new Error('no task around the preview render');
    const paint = t4.nextPaintTask(end(renderTask)) ?? renderTask;
    const previewTasks = t4.tasksBetween(renderTask.ts, end(paint));
    const inPreview = (name: string) => previewTasks.flatMap((task) => t4.within(task, name));
    const styleLayout = sum([...inPreview('UpdateLayoutTree'), ...inPreview('Layout')], 'tdur');
    const paintCpu = sum([...inPreview('PrePaint'), ...inPreview('Paint'), ...inPreview('Layerize')], 'tdur');
    const previewCpu = sum(previewTasks, 'tdur');
    const allLines = t4.stamp('all-lines')!;
    const allLinesTasks = t4.tasksBetween(renderTask.ts, allLines.ts);
    const preview = {
      allLinesWall: ms(allLines.ts - renderTask.ts),
      allLinesCpu: sum(allLinesTasks, 'tdur'),
      cpu: previewCpu,
      wall: ms(end(paint) - renderTask.ts),
      renderTaskCpu: ms(renderTask.tdur),
      frameCpu: previewCpu - ms(renderTask.tdur),
      scriptCpu: previewCpu - styleLayout - paintCpu,
      styleLayoutCpu: styleLayout,
      paintCpu,
    };

    // 5. One edit, five times: "1" typed in front of a unit price. Long invoices show one line
    // per position; the position's editor is opened first (outside the measured edit).
    const rows = dialog.locator('.fb-positions > li');
    const targets = Array.from({ length: EDITS_PER_RUN }, (_, k) => Math.round((k * (COLLECTIVE_ORDERS - 1)) / (EDITS_PER_RUN - 1)));
    for (const index of targets) {
      const open = rows.nth(index).getByRole('button', { name: /^Edit position / });
      if (await open.count()) await open.click();
    }
    const edited = await record(cdp, 'edits', async () => {
      for (const [k, index] of targets.entries()) {
        const input = rows.nth(index).locator('input.fb-input-money');
        await input.focus();
        await input.press('Home');
        await page.waitForTimeout(300);
        await page.evaluate(stampScript(`edit-${k}`));
        await page.keyboard.type('1');
        await page.waitForFunction(`window.__frachtbelegBench.totalsAt.length >= ${k + 1}`, undefined, { polling: 20, timeout: 10_000 });
        await page.waitForTimeout(300);
      }
    });
    await cdp.detach();
    const t5 = new Trace(edited.events, url);
    const edits = targets.map((_, k) => {
      const stamp = t5.stamp(`edit-${k}`)!;
      const input = t5.main.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'input' && e.ts > stamp.ts);
      if (!input) throw new Error(`no input event for edit ${k}`);
      const task = t5.taskAt(input.ts)!;
      const framePaint = t5.nextPaintTask(input.ts) ?? task;
      const tasks = t5.tasksBetween(task.ts, end(framePaint));
      const ours = t5.ours(task.ts, end(task));
      return {
        cpu: sum(tasks, 'tdur'),
        wall: ms(end(framePaint) - task.ts),
        extensionCpu: sum(ours, 'tdur') + sum(ours.flatMap((c) => t5.microtasksAfter(c)), 'tdur'),
      };
    });

    // 6. Save and create → deep link. A full token bucket first, as after a user's pause.
    await page.waitForTimeout(1500);
    const before = (await sandbox.lexwareRequests()).length;
    const started = Date.now();
    await saveButton.click();
    await page.waitForFunction('window.__frachtbelegBench.linkAt !== null && window.__frachtbelegBench.saveClickAt !== null', undefined, { polling: 20, timeout: 60_000 });
    const times = (await page.evaluate('({ click: window.__frachtbelegBench.saveClickAt, link: window.__frachtbelegBench.linkAt, linkEpoch: window.__frachtbelegBench.linkEpoch })')) as {
      click: number;
      link: number;
      linkEpoch: number;
    };
    await dialog.getByText('Done. The orders now show "Invoice created".').waitFor({ timeout: 180_000 });
    const doneMs = Date.now() - started;
    const made = (await sandbox.lexwareRequests()).slice(before);
    const toLink = made.filter((r) => Date.parse(r.at) <= times.linkEpoch);
    // Write requests: a PATCH and an event per order, or a batch write of many orders.
    const writeBacks = (await sandbox.tmsRequests()).filter((r) => r.method === 'PATCH' || (r.method === 'POST' && (r.path.endsWith('/events') || r.path.endsWith('/batch'))));
    // Where figure 9's time goes: the writes' own span, and the pauses between them (the
    // pool waiting, e.g. for a progress save) of more than 100 ms.
    const writeTimes = writeBacks.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
    const pauses = writeTimes.slice(1).map((t, i) => t - writeTimes[i]!).filter((gap) => gap > 100);
    return {
      preview,
      edits,
      save: {
        deepLinkMs: times.link - times.click,
        lexwareRequestsToLink: toLink.length,
        lexwareRequestsTotal: made.length,
        requests: made.map((r) => `${r.method} ${r.path}`),
        idealMs: (toLink.length / rate) * 1000,
        doneMs,
        tmsWriteBacks: writeBacks.length,
        linkToFirstWriteMs: writeTimes.length ? writeTimes[0]! - times.linkEpoch : 0,
        writeSpanMs: writeTimes.length ? writeTimes.at(-1)! - writeTimes[0]! : 0,
        writePausesOver100Ms: pauses.length,
        writePausesMs: pauses.reduce((total, gap) => total + gap, 0),
      },
    };
  } finally {
    await page.close();
  }
}
