/**
 * The invoice panel (Vue, the preview, the billing run review) is a content script of its
 * own, injected by the background into a TMS tab the first time the tab needs it: a
 * selection, a detail page, a job or run update. The main content script, which runs on
 * every TMS page load, finds it here and so carries neither Vue nor the panel.
 *
 * Only types are imported here; importing the panel would pull it into the main script.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { OrderSummary, PageKind, TmsPageAdapter } from './adapter';
import type { JobView } from '../jobs/job';
import type { BillingRun } from '../jobs/billing-run';

/** What the main script hands the panel: the page, its adapter, and the way back. */
export interface PanelHost {
  ctx: ContentScriptContext;
  adapter: TmsPageAdapter;
  url: () => URL;
  /** The TMS site the page speaks for: its own origin, or its tab's site for a detail frame on a second origin. */
  siteOrigin: string;
  /** The shadow root's container the panel renders into (made by the main script). */
  container: HTMLElement;
  clearSelection(): void;
  /** The invoicing proposal's "Select them" (orders of other pages included). */
  select(orders: OrderSummary[]): void;
  /** Orders just invoiced leave the selection. */
  removeFromSelection(orderIds: string[]): void;
}

export interface TmsPanel {
  /** The selection, and how many of its orders are on other pages of the list. */
  setSelection(items: OrderSummary[], notOnPage: number): void;
  setPageKind(kind: PageKind | null): void;
  jobUpdated(job: JobView): void;
  runUpdated(run: BillingRun): void;
  showDetailAction(anchor: Element, append: 'first' | 'last'): void;
  hideDetailAction(): void;
  /** Whether the detail action is mounted at this anchor and still in the page. */
  detailActionAt(anchor: Element): boolean;
}

export interface TmsPanelModule {
  start(host: PanelHost): TmsPanel;
}

const KEY = '__frachtbelegPanel';

export function installTmsPanel(module: TmsPanelModule): void {
  (globalThis as Record<string, unknown>)[KEY] = module;
}

export function tmsPanelModule(): TmsPanelModule | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as TmsPanelModule | undefined;
}

export const PANEL_SCRIPT = 'content-scripts/tms-panel.js';
