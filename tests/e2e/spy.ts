/**
 * Records what travels between the extension's contexts and what they log, for the
 * security tests: runtime messages (requests and answers), console lines, and the DOM.
 */
import type { BrowserContext, CDPSession, Page, Worker } from '@playwright/test';

/** Patches `chrome.runtime.sendMessage`, `chrome.tabs.sendMessage`, `onMessage` and `console` in one JS world. */
const INSTALL = `(() => {
  if (globalThis.__spy) return true;
  const log = (globalThis.__spy = []);
  const keep = (kind, value) => { try { log.push(kind + ' ' + JSON.stringify(value)); } catch { log.push(kind + ' (unserialisable)'); } };
  const wrap = (obj, name, kind) => {
    const original = obj && obj[name];
    if (typeof original !== 'function') return;
    obj[name] = function (...args) {
      keep(kind + ' request', args);
      const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
      if (callback) return original.call(this, ...args, (answer) => { keep(kind + ' answer', answer); callback(answer); });
      const result = original.apply(this, args);
      if (result && typeof result.then === 'function') result.then((answer) => keep(kind + ' answer', answer), () => undefined);
      return result;
    };
  };
  wrap(chrome.runtime, 'sendMessage', 'runtime');
  if (chrome.tabs) wrap(chrome.tabs, 'sendMessage', 'tabs');
  chrome.runtime.onMessage.addListener((message) => { keep('received', message); });
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const original = console[level].bind(console);
    console[level] = (...args) => { keep('console.' + level, args.map(String)); original(...args); };
  }
  return true;
})()`;

const READ = `JSON.stringify(globalThis.__spy ?? [])`;

export async function spyOnWorker(worker: Worker): Promise<() => Promise<string[]>> {
  await worker.evaluate(INSTALL);
  return async () => JSON.parse(await worker.evaluate(READ));
}

export async function spyOnExtensionPage(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(INSTALL);
  return async () => JSON.parse(await page.evaluate(READ));
}

/** The content script runs in an isolated world; CDP can evaluate in it. */
export async function spyOnContentScript(context: BrowserContext, page: Page): Promise<{ read: () => Promise<string[]>; run: (expression: string) => Promise<unknown>; cdp: CDPSession }> {
  const cdp = await context.newCDPSession(page);
  const contexts: { id: number; origin: string; type?: string }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context: c }) => contexts.push({ id: c.id, origin: c.origin, type: (c.auxData as { type?: string } | undefined)?.type }));
  await cdp.send('Runtime.enable');
  const world = () => contexts.filter((c) => c.type === 'isolated' && c.origin.startsWith('chrome-extension://')).at(-1);
  for (let i = 0; i < 50 && !world(); i++) await new Promise((r) => setTimeout(r, 100));
  const id = world()?.id;
  if (id === undefined) throw new Error('The content script\'s world was not found');
  const run = async (expression: string) => (await cdp.send('Runtime.evaluate', { expression, contextId: id, awaitPromise: true, returnByValue: true })).result.value;
  await run(INSTALL);
  return { read: async () => JSON.parse(String(await run(READ))), run, cdp };
}

/** The page's DOM including every open shadow root (ours are open). */
export function fullDom(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      parts.push(root instanceof Document ? root.documentElement.outerHTML : root.innerHTML);
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
      for (const input of root.querySelectorAll('input, textarea')) parts.push((input as HTMLInputElement).value);
    };
    walk(document);
    return parts.join('\n');
  });
}
