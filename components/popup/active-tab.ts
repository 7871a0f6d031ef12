/**
 * Which tab the popup is about, for "customers on the current tab first".
 *
 * Opened from the toolbar, the popup belongs to a window and that window's active tab is
 * the page the user is on. Opened as a page in a tab of its own (popup.html in a tab, as the
 * end-to-end tests do and as some users pin it), its own tab is the active one: then the
 * tab the user was on last before it is meant. Only tab ids are read (no URLs, no "tabs"
 * permission needed).
 */
import { browser } from 'wxt/browser';

export async function currentTabId(): Promise<number | null> {
  try {
    const own = await browser.tabs.getCurrent();
    if (!own) {
      const [active] = await browser.tabs.query({ active: true, currentWindow: true });
      return active?.id ?? null;
    }
    const others = (await browser.tabs.query({})).filter((tab) => tab.id !== undefined && tab.id !== own.id);
    others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
    return others[0]?.id ?? null;
  } catch {
    return null;
  }
}
