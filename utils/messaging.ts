/**
 * The one message protocol between the extension's contexts. Every message type has a
 * valibot schema for its request and its response; receivers validate before use, senders
 * validate answers. Built on @webext-core/messaging.
 */
import * as v from 'valibot';
import { defineExtensionMessaging, type Logger } from '@webext-core/messaging';
import { browser, type Browser } from 'wxt/browser';

export const ProviderIdSchema = v.picklist(['lexware', 'sevdesk']);
export type ProviderId = v.InferOutput<typeof ProviderIdSchema>;

const LocaleSchema = v.picklist(['de', 'en']);

/** What a problem looks like on the wire: a code the UI translates, plus parameters. */
export const ErrorInfoSchema = v.object({
  code: v.pipe(v.string(), v.maxLength(100)),
  message: v.pipe(v.string(), v.maxLength(2000)),
});

export const ConnectionSchema = v.object({
  provider: ProviderIdSchema,
  configured: v.boolean(),
});

export const protocol = {
  /** Any context asks whether the background is alive and which build it is. */
  ping: {
    request: v.undefined_(),
    response: v.object({ version: v.string(), sandbox: v.boolean() }),
  },
  /** The content script asks what it needs to show the action and the panel. */
  getPanelContext: {
    request: v.object({ origin: v.pipe(v.string(), v.url(), v.maxLength(200)) }),
    response: v.object({
      locale: LocaleSchema,
      connection: ConnectionSchema,
      unitName: v.string(),
    }),
  },
  /** The popup asks for the state it shows. */
  getStatus: {
    request: v.undefined_(),
    response: v.object({ locale: LocaleSchema, connection: ConnectionSchema }),
  },
} as const;

type Protocol = typeof protocol;
export type MessageType = keyof Protocol;
export type RequestOf<K extends MessageType> = v.InferOutput<Protocol[K]['request']>;
export type ResponseOf<K extends MessageType> = v.InferOutput<Protocol[K]['response']>;

type ProtocolMap = { [K in MessageType]: (data: RequestOf<K>) => ResponseOf<K> };

// The library logs every payload at debug level by default; payloads may carry API keys
// (saveApiKey), so its logger stays off.
const messenger = defineExtensionMessaging<ProtocolMap>({ logger: null as unknown as Logger });

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** Sends a message to the background and validates the answer. */
export async function send<K extends MessageType>(type: K, ...[data]: RequestOf<K> extends undefined ? [] : [RequestOf<K>]): Promise<ResponseOf<K>> {
  const answer = await messenger.sendMessage(type, data as never);
  const parsed = v.safeParse(protocol[type].response, answer);
  if (!parsed.success) throw new ProtocolError(`The answer to "${type}" was malformed`);
  return parsed.output as ResponseOf<K>;
}

export interface SenderInfo {
  /** The tab a content script sent from; undefined for extension pages. */
  tabId?: number;
  /** The origin of the page (content scripts) or the extension's own origin. */
  origin: string;
  fromContentScript: boolean;
}

/**
 * Only the extension's own pages and its content scripts may talk to the background.
 * Returns who sent the message, or null to refuse it.
 */
export function checkSender(sender: Browser.runtime.MessageSender, ownId: string = browser.runtime.id): SenderInfo | null {
  if (sender.id !== ownId) return null;
  const url = sender.url ?? sender.tab?.url;
  if (!url) return null;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return null;
  }
  const fromContentScript = sender.tab !== undefined && !url.startsWith(browser.runtime.getURL('/'));
  return { origin, fromContentScript, ...(sender.tab?.id !== undefined ? { tabId: sender.tab.id } : {}) };
}

export type Handler<K extends MessageType> = (data: RequestOf<K>, sender: SenderInfo) => Promise<ResponseOf<K>> | ResponseOf<K>;

/**
 * Registers a validated handler. Malformed requests and foreign senders are refused with a
 * ProtocolError, and logged by type only: a payload may hold secrets or page text.
 */
export function handle<K extends MessageType>(type: K, handler: Handler<K>): () => void {
  return messenger.onMessage(type, async (message) => {
    const sender = checkSender(message.sender);
    if (!sender) {
      console.warn(`[frachtbeleg] refused "${String(type)}" from a foreign sender`);
      throw new ProtocolError('Refused: unknown sender');
    }
    const parsed = v.safeParse(protocol[type].request, message.data);
    if (!parsed.success) {
      console.warn(`[frachtbeleg] refused malformed "${String(type)}" message`);
      throw new ProtocolError(`Refused: malformed "${String(type)}" request`);
    }
    return (await handler(parsed.output as RequestOf<K>, sender)) as never;
  });
}

export function removeAllHandlers(): void {
  messenger.removeAllListeners();
}
