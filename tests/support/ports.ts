/**
 * Two ends of a runtime port, as the browser connects a content script to an extension page:
 * each end's messages reach the other's listeners as JSON (what Chromium sends), and one end's
 * disconnect reaches the other's onDisconnect, never its own.
 */
type Listener<A extends unknown[]> = (...args: A) => void;

function event<A extends unknown[]>() {
  const listeners: Listener<A>[] = [];
  return {
    addListener: (l: Listener<A>) => void listeners.push(l),
    removeListener: (l: Listener<A>) => void listeners.splice(listeners.indexOf(l), 1),
    hasListeners: () => listeners.length > 0,
    fire: (...args: A) => [...listeners].forEach((l) => l(...args)),
  };
}

export interface FakePort {
  name: string;
  sender?: { tab?: { id: number }; frameId?: number };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: ReturnType<typeof event<[unknown]>>;
  onDisconnect: ReturnType<typeof event<[FakePort]>>;
  /** What this end sent, as the other end received it. */
  sent: unknown[];
  connected: boolean;
}

export function portPair(name: string, sender: { tab: { id: number }; frameId?: number }): { content: FakePort; panel: FakePort } {
  const make = (): FakePort => ({
    name,
    postMessage: () => undefined,
    disconnect: () => undefined,
    onMessage: event<[unknown]>(),
    onDisconnect: event<[FakePort]>(),
    sent: [],
    connected: true,
  });
  const content = make();
  const panel = { ...make(), sender };
  const wire = (from: FakePort, to: FakePort) => {
    from.postMessage = (message) => {
      if (!from.connected) throw new Error('Attempting to use a disconnected port object');
      const copy = JSON.parse(JSON.stringify(message)) as unknown;
      from.sent.push(copy);
      to.onMessage.fire(copy);
    };
    from.disconnect = () => {
      if (!from.connected) return;
      from.connected = to.connected = false;
      to.onDisconnect.fire(to);
    };
  };
  wire(content, panel);
  wire(panel, content);
  return { content, panel };
}
