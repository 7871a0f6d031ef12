/**
 * fake-browser delivers runtime messages with an empty sender (`{}`), which the background
 * rightly refuses. Browsers fill in who sent a message; these helpers do the same, so a
 * test can send as an extension page, a content script, or another extension.
 */
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';

type MessageSender = Browser.runtime.MessageSender;

export const extensionPage = (path = 'options.html'): MessageSender => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL(`/${path}`) });

export const contentScript = (url = 'http://127.0.0.1:4410/orders', tabId = 7): MessageSender => ({
  id: fakeBrowser.runtime.id,
  url,
  tab: { id: tabId, url, index: 0, active: true } as NonNullable<MessageSender['tab']>,
});

export const otherExtension = (): MessageSender => ({ id: 'some-other-extension', url: 'chrome-extension://some-other-extension/page.html' });

/** From now on, runtime messages arrive with `sender`, as the browser would report it. */
export function deliverMessagesFrom(sender: MessageSender) {
  return vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((message: unknown, callback?: (response: unknown) => void) => {
    const delivered = (async () => {
      let respond!: (response: unknown) => void;
      const response = new Promise<unknown>((resolve) => (respond = resolve));
      // fake-browser types its listeners with its own copy of the browser types.
      const results: unknown[] = await fakeBrowser.runtime.onMessage.trigger(structuredClone(message), sender as never, respond);
      return results.some((r) => r === true) ? await response : undefined;
    })();
    if (!callback) return delivered;
    void delivered.then(callback);
    return undefined;
  }) as never);
}
