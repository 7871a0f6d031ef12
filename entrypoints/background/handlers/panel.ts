/**
 * A TMS page's panel is injected on request, into the tab and frame that asked, and nowhere
 * else: the page's main script carries no UI (utils/tms/panel-handle.ts).
 */
import { browser } from 'wxt/browser';
import type { ResponseOf, SenderInfo } from '@/utils/messaging';
import { PANEL_SCRIPT } from '@/utils/tms/panel-handle';

export async function loadPanel(sender: SenderInfo): Promise<ResponseOf<'loadPanel'>> {
  if (!sender.fromContentScript || sender.tabId === undefined) return { ok: false, error: { code: 'panel-no-tab', message: 'Only a TMS page can load its panel' } };
  try {
    await browser.scripting.executeScript({ target: { tabId: sender.tabId, frameIds: [sender.frameId ?? 0] }, files: [`/${PANEL_SCRIPT}`] });
    return { ok: true };
  } catch (error) {
    // The tab navigated away or was closed meanwhile; the browser's own text stays in the log.
    console.warn('[frachtbeleg] could not load the panel into the tab:', error instanceof Error ? error.name : 'unknown');
    return { ok: false, error: { code: 'panel-not-loaded', message: 'The panel could not be loaded into the page' } };
  }
}
