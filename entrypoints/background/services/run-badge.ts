/**
 * The toolbar badge during billing runs: how many invoices are still to be created, over
 * every run that is not finished (a paused run's invoices are still left). Between runs it
 * counts the orders the automatic drafts left for the user (in amber). Empty otherwise.
 */
import { browser } from 'wxt/browser';
import { runProgress, type BillingRun } from '@/utils/jobs/billing-run';

const BADGE_COLOUR = '#1f5fbf';
const WAITING_COLOUR = '#b35c00';
const left = new Map<string, number>();
let waitingForUser = 0;

type ToolbarButton = typeof browser.action;

/** Firefox's Manifest V2 build has browserAction where Chromium has action. */
function toolbarButton(): ToolbarButton | undefined {
  return browser.action ?? (browser as unknown as { browserAction?: ToolbarButton }).browserAction;
}

function count(run: BillingRun): void {
  if (run.status === 'done' || run.status === 'cancelled') left.delete(run.id);
  else left.set(run.id, runProgress(run).left);
}

async function render(): Promise<void> {
  const total = [...left.values()].reduce((n, c) => n + c, 0);
  const button = toolbarButton();
  if (!button) return;
  try {
    if (total > 0) await button.setBadgeBackgroundColor({ color: BADGE_COLOUR });
    else if (waitingForUser > 0) await button.setBadgeBackgroundColor({ color: WAITING_COLOUR });
    await button.setBadgeText({ text: total > 0 ? String(total) : waitingForUser > 0 ? String(waitingForUser) : '' });
  } catch {
    // A badge is a courtesy: a browser without one must not stop the run.
  }
}

/** Counts a run's invoices left and shows the total over all runs. */
export function showRunOnBadge(run: BillingRun): Promise<void> {
  count(run);
  return render();
}

/** On worker start: the badge shows the runs that were going when the last worker stopped. */
export function restoreRunBadge(runs: readonly BillingRun[]): Promise<void> {
  left.clear();
  for (const run of runs) count(run);
  return render();
}

/** The orders the automatic drafts left for the user, over all sites (shown when no run goes). */
export function showWaitingForUser(count: number): Promise<void> {
  waitingForUser = count;
  return render();
}
