/**
 * The side panel's end of the builder (side-panel-link.ts is the page's end): it answers the
 * builders of its own tab only (the top page or a frame the detail view opens in), draws the
 * one that came last, and sends it the user's clicks. Anything a builder sends is checked
 * (parseContentMessage); a view that fails is not drawn, and the panel says so.
 */
import { shallowRef, ref } from 'vue';
import { browser, type Browser } from 'wxt/browser';
import { remoteBuilder } from './builder-model';
import { BUILDER_VIEW_PORT, KNOCK, parseContentMessage, type PanelMessage } from '@/utils/tms/recipe/builder/remote-view';

export type SidePanelState = 'waiting' | 'drawing' | 'closed' | 'inPage' | 'unreadable';

export function useSidePanelBuilder(tabId: number) {
  const state = ref<SidePanelState>('waiting');
  const builder = shallowRef<ReturnType<typeof remoteBuilder> | null>(null);
  /** Changes with every builder that connects: the panel is drawn afresh for each page. */
  const generation = ref(0);
  /** The second origin the builder waits for (the order's detail frame's), until a builder connects there. */
  const waitingFor = ref<string | null>(null);
  const ports: Browser.runtime.Port[] = [];
  let current: Browser.runtime.Port | null = null;

  const send = (message: PanelMessage) => {
    try {
      current?.postMessage(message);
    } catch {
      // The page is going (a navigation): the next page's builder connects again.
    }
  };

  function onConnect(port: Browser.runtime.Port) {
    if (port.name !== BUILDER_VIEW_PORT || port.sender?.tab?.id !== tabId) return;
    ports.push(port);
    current = port;
    builder.value = null;
    waitingFor.value = null;
    port.onMessage.addListener((raw: unknown) => {
      if (port !== current) return;
      const message = parseContentMessage(raw);
      if (!message) {
        state.value = 'unreadable';
        return;
      }
      if ('waitingFor' in message) {
        waitingFor.value = message.waitingFor;
        return;
      }
      if ('closed' in message || 'inPage' in message) {
        state.value = 'closed' in message ? 'closed' : 'inPage';
        builder.value = null;
        return;
      }
      if (builder.value) builder.value.update(message.view);
      else {
        builder.value = remoteBuilder(message.view, send);
        generation.value++;
      }
      state.value = 'drawing';
    });
    port.onDisconnect.addListener(() => {
      ports.splice(ports.indexOf(port), 1);
      if (port !== current) return;
      // A frame's builder and the list's may overlap: the one still there is drawn next.
      current = ports.at(-1) ?? null;
      builder.value = null;
      if (state.value === 'drawing' || state.value === 'unreadable') state.value = 'waiting';
      if (current) send({ attach: true });
    });
    state.value = state.value === 'closed' || state.value === 'inPage' ? state.value : 'waiting';
    send({ attach: true });
  }

  browser.runtime.onConnect.addListener(onConnect);
  // A builder already in the page connects when knocked (it connected before the panel was there).
  void browser.tabs.sendMessage(tabId, KNOCK).catch(() => undefined);

  return { state, builder, generation, waitingFor, send, stop: () => browser.runtime.onConnect.removeListener(onConnect) };
}
