/**
 * Figures 1 and 8: what the content script costs a TMS tab showing 1,000 orders.
 *
 * 1. The page is loaded under a CDP trace. Chromium injects the content script (tms.js: the
 *    adapter, the selection tracker, the messaging) at document_idle in one main-thread task
 *    (PausableScriptExecutor): it creates the isolated world, compiles the script (v8.compile)
 *    and runs it (EvaluateScript). The figure is that task's thread CPU time. A
 *    MutationObserver in the page's main world stamps the moment the `frachtbeleg-ui` host
 *    with its shadow root is in the DOM (after the site-adapter round trip, reported as a
 *    delay). The panel (tms-panel.js: Vue, the preview, the run review) is injected by the
 *    background on request; a list page asks for it when idle (the invoicing proposal), so it
 *    is stamped when its root is in the shadow root and its cost (its script's evaluation, its
 *    start and Vue's mount) is reported apart. Also reported: every later callback of the main
 *    script while the page loads (its MutationObserver and rAF reacting to the TMS rendering
 *    1,000 rows), so the whole page cost is visible.
 * 8. After the load, two forced garbage collections, then `Runtime.getHeapUsage` of the tab's
 *    V8 isolate. Isolated worlds share the page's isolate, so the same page is measured in a
 *    second Chromium without the extension: the difference is the content script's heap.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { closeOtherPages, LIST_ROWS } from './setup';
import { PANEL_SCRIPT } from '../utils/tms/panel-handle';
import { end, ms, record, stampScript, sum, Trace, type TraceEvent } from './trace';

/** In the page's main world, from the first script on: marks when our UI host is mounted and when the rows are there. */
const WATCHER = `(() => {
  ${stampScript('document-start')};
  const state = (window.__frachtbelegBench = { mountedAt: null, rowsAt: null, panelAt: null });
  const observer = new MutationObserver(() => {
    // The host with its shadow root: the content script is in place and listening. The panel
    // (Vue, the preview) is a script of its own that the background injects on first need; a
    // list page asks for it when idle. Its root in the shadow root: the panel is mounted.
    const root = document.querySelector('frachtbeleg-ui')?.shadowRoot;
    if (state.mountedAt === null && root) {
      state.mountedAt = performance.now();
      ${stampScript('ui-mounted')};
      const panelObserver = new MutationObserver(() => {
        if (state.panelAt !== null || !root.querySelector('.fb-root')) return;
        state.panelAt = performance.now();
        ${stampScript('panel-mounted')};
        panelObserver.disconnect();
      });
      panelObserver.observe(root, { childList: true, subtree: true });
    }
    if (state.rowsAt === null) {
      const table = document.querySelector('table.orders-table');
      if (table && !table.hasAttribute('aria-busy') && table.tBodies[0] && table.tBodies[0].rows.length >= ${LIST_ROWS}) {
        state.rowsAt = performance.now();
        ${stampScript('rows')};
      }
    }
    if (state.mountedAt !== null && state.rowsAt !== null) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

export interface PageLoadRun {
  /** Injection task, thread CPU ms: world setup, compile, run to the mounted UI. */
  injectionCpu: number;
  injectionWall: number;
  compileCpu: number;
  evaluateCpu: number;
  /** Every later callback of the main script during the load (CPU ms), and how many; the panel apart. */
  laterCpu: number;
  laterCalls: number;
  /**
   * The panel's load when the page is idle: its script's evaluation and its start (Vue
   * mounting the panel) up to its root in the DOM, CPU ms; null when it did not load.
   */
  panelCpu: number | null;
  /** When the panel's root was in the DOM, after the injection task (ms). */
  panelAfterInjectionMs: number | null;
  /** Injection plus later callbacks plus the panel. */
  totalCpu: number;
  /** Whether the 1,000 rows were already rendered when the script was injected. */
  rowsBeforeInjection: boolean;
  heapUsedBytes: number;
  /** How long after the injection task the UI host was in the DOM (after asking the background for the site's adapter). */
  mountedAfterInjectionMs: number;
}

async function waitLoaded(page: Page): Promise<void> {
  await page.waitForFunction('window.__frachtbelegBench && window.__frachtbelegBench.rowsAt !== null', undefined, { polling: 20, timeout: 30_000 });
  // The panel is loaded when the page is idle (at the latest 2 s after the list: requestIdleCallback's timeout).
  await page.waitForFunction('window.__frachtbelegBench.panelAt !== null', undefined, { polling: 20, timeout: 10_000 }).catch(() => undefined);
  // Quiet time for the content script's reaction to the rows (MutationObserver → rAF → sync).
  await page.waitForTimeout(1000);
}

async function heapUsed(page: Page, context: BrowserContext): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usage.usedSize;
}

export async function measurePageLoad(context: BrowserContext, url: string, extensionId: string): Promise<PageLoadRun> {
  await closeOtherPages(context);
  const page = await context.newPage();
  try {
    await page.addInitScript(WATCHER);
    const cdp = await context.newCDPSession(page);
    const { events } = await record(cdp, 'page-load', async () => {
      await page.goto(url);
      await waitLoaded(page);
    });
    await cdp.detach();
    const trace = new Trace(events, `chrome-extension://${extensionId}/`);
    // The main script (tms.js); the panel's script (tms-panel.js) is evaluated later, when idle.
    const isPanel = (e: TraceEvent) => String(e.args?.data?.url ?? '').endsWith(PANEL_SCRIPT);
    const evaluate = trace.ours().find((e) => e.name === 'EvaluateScript' && !isPanel(e));
    if (!evaluate) throw new Error('no EvaluateScript of the content script in the trace');
    const injection = trace.taskAt(evaluate.ts);
    if (!injection) throw new Error('no task around the content script injection');
    const mounted = trace.stamp('ui-mounted');
    if (!mounted) throw new Error('the UI host was never mounted');
    // The content script asks the background which adapter serves the site before it mounts
    // its host (entrypoints/tms.content/index.ts), so the mount follows the injection task by
    // a message round trip: reported, and its work counted in the later callbacks.
    const mountedAfterInjectionMs = Math.max(0, ms(mounted.ts - end(injection)));
    const compile = trace.within(injection, 'v8.compile').filter((e) => trace.isOurs(e) || (e.args?.data?.url ?? '') === evaluate.args?.data?.url);
    const withMicrotasks = (calls: TraceEvent[]) => calls.flatMap((call) => [call, ...trace.microtasksAfter(call)]);
    // The panel: from its script's evaluation to its root in the DOM (the main script's
    // callback that starts it, with Vue's mount in the microtasks after it, included).
    const panelEvaluate = trace.ours(end(injection)).find((e) => e.name === 'EvaluateScript' && isPanel(e));
    const panelMounted = trace.stamp('panel-mounted');
    const panelCalls = panelEvaluate && panelMounted ? trace.ours(panelEvaluate.ts, panelMounted.ts) : [];
    const later = trace.ours(end(injection)).filter((call) => !panelCalls.includes(call));
    const rows = trace.stamp('rows');
    const laterCpu = sum(withMicrotasks(later), 'tdur');
    const panelCpu = panelCalls.length ? sum(withMicrotasks(panelCalls), 'tdur') : null;
    const run: PageLoadRun = {
      injectionCpu: ms(injection.tdur),
      injectionWall: ms(injection.dur),
      compileCpu: sum(compile, 'tdur'),
      evaluateCpu: ms(evaluate.tdur),
      laterCpu,
      laterCalls: later.length,
      panelCpu,
      panelAfterInjectionMs: panelMounted ? ms(panelMounted.ts - end(injection)) : null,
      totalCpu: ms(injection.tdur) + laterCpu + (panelCpu ?? 0),
      rowsBeforeInjection: rows !== undefined && rows.ts < injection.ts,
      heapUsedBytes: await heapUsed(page, context),
      mountedAfterInjectionMs,
    };
    return run;
  } finally {
    await page.close();
  }
}

/** The same page in a Chromium without the extension: the heap baseline for figure 8. */
export async function measurePlainHeap(context: BrowserContext, url: string): Promise<number> {
  await closeOtherPages(context);
  const page = await context.newPage();
  try {
    await page.addInitScript(WATCHER);
    await page.goto(url);
    await waitLoaded(page);
    return await heapUsed(page, context);
  } finally {
    await page.close();
  }
}
