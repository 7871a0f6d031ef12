/**
 * The page's builder and the browser's side panel (recipes.md § 3.8). The builder always
 * teaches in the page; when the side panel of this tab is open it draws the builder there:
 * the builder connects to it (on start, and when the panel knocks after it opened), sends its
 * view after every change, and does what the panel's buttons ask. Everything the panel sends
 * is checked (PanelMessageSchema); the page can't reach this port (runtime ports are the
 * extension's own). When the panel closes, the builder's own panel comes back in the page.
 */
import { browser, type Browser } from 'wxt/browser';
import { watch } from 'vue';
import * as v from 'valibot';
import { applyAction, viewOf, type BuilderModel } from '@/composables/builder-model';
import { BUILDER_VIEW_PORT, isKnock, PanelMessageSchema, type ContentMessage } from '@/utils/tms/recipe/builder/remote-view';
import { plainCopy } from '@/utils/messaging';

/** How long the page waits for a side panel to answer before it shows its own panel. */
const UNDECIDED_MS = 600;

export interface SidePanelLink {
  /** "Show the builder here": the panel is told, and this page's builder stays in the page. */
  showInPage(): void;
  /** The builder closed: the panel is told, then let go. */
  closed(): void;
  /** The builder left this page (a frame took over): the panel waits for the next one. */
  leave(): void;
  /** Whether the side panel draws the builder now. */
  docked(): boolean;
  /** The order's detail opened on this origin, not granted yet: the panel offers the grant. */
  waitingFor(origin: string): void;
}

export function linkSidePanel(options: { model: () => BuilderModel | null; inFrame: boolean; docked(on: boolean): void; reload(): void }): SidePanelLink {
  let port: Browser.runtime.Port | null = null;
  let stopViews: (() => void) | null = null;
  let stayInPage = false;
  // Neither an answer nor a closed port (a browser that keeps ports to nobody open): the page's panel.
  const undecided = setTimeout(() => {
    if (!stopViews) options.docked(false);
  }, UNDECIDED_MS);

  const say = (message: ContentMessage) => {
    try {
      port?.postMessage(message);
    } catch {
      // The panel went away between two changes: its disconnect follows.
    }
  };
  function detach() {
    clearTimeout(undecided);
    stopViews?.();
    stopViews = null;
    port = null;
    options.docked(false);
  }
  function letGo(last?: ContentMessage) {
    const current = port;
    if (last) say(last);
    detach();
    current?.disconnect();
  }
  function attach(model: BuilderModel) {
    clearTimeout(undecided);
    stopViews?.();
    // The view is read as plain data (the draft is reactive): every change of what the panel shows sends it again.
    stopViews = watch(() => plainCopy(viewOf(model, options.inFrame)), (view) => say({ view }), { immediate: true });
    options.docked(true);
  }
  function connect() {
    if (port || stayInPage) return;
    let next: Browser.runtime.Port;
    try {
      next = browser.runtime.connect({ name: BUILDER_VIEW_PORT });
    } catch {
      return;
    }
    port = next;
    next.onMessage.addListener((raw: unknown) => {
      const parsed = v.safeParse(PanelMessageSchema, raw);
      const model = options.model();
      if (!parsed.success || !model || port !== next) return;
      if ('attach' in parsed.output) attach(model);
      else applyAction(model, parsed.output, { reload: options.reload, showInPage: link.showInPage });
    });
    // No side panel open: the port closes at once and the builder stays in the page.
    next.onDisconnect.addListener(() => {
      if (port === next) detach();
    });
  }

  const onKnock = (message: unknown) => {
    if (isKnock(message)) connect();
    return undefined;
  };
  browser.runtime.onMessage.addListener(onKnock);
  connect();

  const link: SidePanelLink = {
    showInPage() {
      stayInPage = true;
      letGo({ inPage: true });
    },
    closed() {
      browser.runtime.onMessage.removeListener(onKnock);
      letGo({ closed: true });
    },
    leave() {
      browser.runtime.onMessage.removeListener(onKnock);
      letGo();
    },
    docked: () => stopViews !== null,
    waitingFor: (origin) => say({ waitingFor: origin }),
  };
  return link;
}
