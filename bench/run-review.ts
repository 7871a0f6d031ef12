/**
 * Figure 14: the billing run's review for a 1,000-order selection (issue "Month-end billing
 * run": "Review of a 1,000-order selection opens in ≤ 300 ms").
 *
 * The demo TMS's 1,000-row list (every customer, every status: the review also groups the
 * cancelled, the already invoiced and the unlinked customers' orders with their reasons), all
 * rows ticked with the list's own "Select all orders on this page", then a real click on the
 * action bar's "Create invoice". The panel reads the 1,000 orders through the TMS's batch
 * API, groups them into invoices and renders the review. A MutationObserver in the page's
 * main world notes when the review's title ("Billing run: …") is in the panel's shadow DOM; the
 * figure is the click's event time to the next frame after that (the review painted), on the
 * page's clock.
 */
import type { BrowserContext } from '@playwright/test';
import { closeOtherPages, LIST_ROWS } from './setup';

const reviewWatcher = `(() => {
  const root = document.querySelector('frachtbeleg-ui').shadowRoot;
  const state = (window.__frachtbelegReview = { clickAt: null, reviewAt: null, paintedAt: null, title: null });
  new MutationObserver(() => {
    if (state.reviewAt !== null) return;
    // The review's heading (BillingRunReview.vue); Vue renders the whole review in one patch.
    const title = root.getElementById('fb-run-title')?.textContent || '';
    if (!/Billing run: \\d/.test(title)) return;
    state.reviewAt = performance.now();
    state.title = title.trim().slice(0, 120);
    requestAnimationFrame(() => setTimeout(() => { state.paintedAt = performance.now(); }, 0));
  }).observe(root, { childList: true, subtree: true, characterData: true });
  document.addEventListener('click', (event) => {
    const target = event.composedPath()[0];
    const button = target instanceof Element ? target.closest('button') : null;
    if (button && button.textContent.trim() === 'Create invoice' && state.clickAt === null) state.clickAt = event.timeStamp;
  }, true);
})()`;

export interface RunReviewRun {
  /** Click → review painted, wall ms on the page's clock. */
  openMs: number;
  /** Click → review title in the DOM. */
  inDomMs: number;
  /** The review's title as shown ("Billing run: 58 invoices for 412 orders, …"). */
  title: string;
}

export async function measureRunReview(context: BrowserContext, listUrl: string): Promise<RunReviewRun> {
  await closeOtherPages(context);
  const page = await context.newPage();
  try {
    await page.goto(listUrl);
    await page.locator('table.orders-table:not([aria-busy="true"]) tbody tr').nth(LIST_ROWS - 1).waitFor({ state: 'attached' });
    await page.locator('frachtbeleg-ui').waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    await page.getByRole('checkbox', { name: 'Select all orders on this page' }).check();
    const bar = page.getByRole('region', { name: 'Invoice the selected orders' });
    await bar.getByText(/1,?000 orders selected/).waitFor();
    await page.waitForTimeout(300);
    await page.evaluate(reviewWatcher);
    await bar.getByRole('button', { name: 'Create invoice' }).click();
    await page.waitForFunction('window.__frachtbelegReview.paintedAt !== null', undefined, { polling: 50, timeout: 30_000 });
    const state = (await page.evaluate('window.__frachtbelegReview')) as { clickAt: number | null; reviewAt: number; paintedAt: number; title: string };
    if (state.clickAt === null) throw new Error('the click on "Create invoice" was not seen');
    return { openMs: state.paintedAt - state.clickAt, inDomMs: state.reviewAt - state.clickAt, title: state.title };
  } finally {
    await page.close();
  }
}
