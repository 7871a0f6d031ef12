import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BackgroundUnavailable, checkSender, ExtensionReloaded, handle, logUnknownMessages, removeAllHandlers, request, setRetrySleep } from './messaging';
import { contentScript, deliverMessagesFrom, extensionPage, otherExtension } from '@/tests/support/messaging';

beforeEach(() => {
  // The messaging library keeps its own listener registry; fakeBrowser.reset() does not clear it.
  removeAllHandlers();
});

describe('request and handle', () => {
  it('answers a valid request through request() with the handler\'s answer', async () => {
    deliverMessagesFrom(extensionPage('popup.html'));
    handle('getStatus', () => ({ locale: 'de', connection: { provider: 'sevdesk', configured: true } }));

    await expect(request('getStatus', undefined)).resolves.toEqual({ locale: 'de', connection: { provider: 'sevdesk', configured: true } });
  });

  it('gives the handler the validated data and who sent it', async () => {
    deliverMessagesFrom(contentScript('http://127.0.0.1:4410/orders/o-1', 12));
    const handler = vi.fn(() => ({ ok: true as const, contacts: [{ id: 'c-1', name: 'Spedition Nordlicht GmbH', customerNumber: '10001' }] }));
    handle('searchContacts', handler);

    const answer = await request('searchContacts', { query: '  Nordlicht  ' });

    expect(answer).toEqual({ ok: true, contacts: [{ id: 'c-1', name: 'Spedition Nordlicht GmbH', customerNumber: '10001' }] });
    expect(handler).toHaveBeenCalledWith({ query: 'Nordlicht' }, { origin: 'http://127.0.0.1:4410', fromContentScript: true, tabId: 12 });
  });

  it('refuses a malformed request and logs its type but never its payload', async () => {
    deliverMessagesFrom(extensionPage());
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handler = vi.fn(() => ({ ok: true as const }));
    handle('linkCustomer', handler);
    const secret = 'sk-live-very-secret-key-123';

    await expect(request('linkCustomer', { origin: 'datev' as never, customerId: secret, contact: { id: secret, name: secret } })).rejects.toThrow(/malformed "linkCustomer"/);

    expect(handler).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = warn.mock.calls.flat().map(String).join(' ');
    expect(logged).toContain('linkCustomer');
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain('datev');
  });

  it('refuses a message from another extension without calling the handler', async () => {
    deliverMessagesFrom(otherExtension());
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handler = vi.fn(() => ({ ok: true as const }));
    handle('removeApiKey', handler);

    await expect(request('removeApiKey', { provider: 'lexware' })).rejects.toThrow(/unknown sender/);

    expect(handler).not.toHaveBeenCalled();
    expect(warn.mock.calls.flat().join(' ')).toContain('removeApiKey');
  });

  it('refuses settings messages from a TMS page: keys, sites and lists are for the extension\'s own pages', async () => {
    deliverMessagesFrom(contentScript('http://127.0.0.1:4410/orders', 7));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handlers = { removeApiKey: vi.fn(() => ({ ok: true as const })), getSites: vi.fn(() => ({ sites: [], adapters: [] })), getKeyStatus: vi.fn() };
    handle('removeApiKey', handlers.removeApiKey);
    handle('getSites', handlers.getSites);

    await expect(request('removeApiKey', { provider: 'lexware' })).rejects.toThrow(/not for pages/);
    await expect(request('getSites', undefined)).rejects.toThrow(/not for pages/);

    expect(handlers.removeApiKey).not.toHaveBeenCalled();
    expect(handlers.getSites).not.toHaveBeenCalled();
    expect(warn.mock.calls.flat().join(' ')).toContain('removeApiKey');
  });

  it('refuses a malformed answer on the sender\'s side', async () => {
    deliverMessagesFrom(extensionPage());
    handle('getStatus', () => ({ locale: 'fr', connection: { provider: 'lexware', configured: true } }) as never);

    await expect(request('getStatus', undefined)).rejects.toThrow(/answer to "getStatus" was malformed/);
  });

  it('rejects when nobody listens (the background is not there)', async () => {
    await expect(request('getStatus', undefined)).rejects.toThrow();
  });
});

describe('checkSender', () => {
  const ownId = fakeBrowser.runtime.id;

  it('refuses another extension', () => {
    expect(checkSender(otherExtension())).toBeNull();
    expect(checkSender({ ...extensionPage(), id: 'some-other-extension' })).toBeNull();
  });

  it('refuses a sender without an id or without a URL', () => {
    expect(checkSender({ url: 'http://127.0.0.1:4410/orders' })).toBeNull();
    expect(checkSender({ id: ownId })).toBeNull();
    expect(checkSender({ id: ownId, url: 'not a url' })).toBeNull();
  });

  it('knows a content script by its tab and reports the page origin and tab', () => {
    expect(checkSender(contentScript('https://tms.example.com/orders?page=2', 42))).toEqual({ origin: 'https://tms.example.com', fromContentScript: true, tabId: 42 });
  });

  it('takes the origin from the tab when the sender has no URL of its own', () => {
    const sender = contentScript('https://tms.example.com/orders', 3);
    delete sender.url;
    expect(checkSender(sender)).toEqual({ origin: 'https://tms.example.com', fromContentScript: true, tabId: 3 });
  });

  it('treats the extension\'s own pages as trusted pages, not content scripts', () => {
    const info = checkSender(extensionPage('options.html'));
    expect(info).toMatchObject({ fromContentScript: false, origin: new URL(fakeBrowser.runtime.getURL('/')).origin });
    expect(info).not.toHaveProperty('tabId');
  });

  it('treats an extension page open in a tab as an extension page', () => {
    const url = fakeBrowser.runtime.getURL('/options.html');
    expect(checkSender({ ...contentScript(url, 5), url })).toMatchObject({ fromContentScript: false, tabId: 5 });
  });

  it('compares against the id it is given', () => {
    expect(checkSender(otherExtension(), 'some-other-extension')).toMatchObject({ fromContentScript: false });
  });
});

describe('unknown messages', () => {
  it('are logged by their type only, never with their payload', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stop = logUnknownMessages();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'deleteEverything', data: { apiKey: 'sk-secret-123' } }, {}, () => undefined);
    await fakeBrowser.runtime.onMessage.trigger('just a string with sk-secret-123', {}, () => undefined);
    stop();
    const logged = warn.mock.calls.flat().map(String);
    expect(logged).toEqual(['[frachtbeleg] refused an unknown message "deleteEverything"', '[frachtbeleg] refused an unknown message without a type']);
    expect(logged.join(' ')).not.toContain('sk-secret-123');
  });
});

describe('a service worker that stops while answering', () => {
  const CHROME_CLOSED = 'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received';

  beforeEach(() => {
    setRetrySleep(() => Promise.resolve());
  });

  /** The next `times` messages fail the way Chrome fails them when the worker stops. */
  function workerStopsFor(times: number, text = CHROME_CLOSED) {
    const delivery = vi.mocked(fakeBrowser.runtime.sendMessage);
    const real = delivery.getMockImplementation() as unknown as (m: unknown, c?: unknown) => unknown;
    let left = times;
    return delivery.mockImplementation(((message: unknown, callback?: (response: unknown) => void) => {
      if (left <= 0) return real(message, callback);
      left -= 1;
      if (!callback) return Promise.reject(new Error(text));
      // Chrome reports it through runtime.lastError during the callback.
      const runtime = fakeBrowser.runtime as unknown as { lastError?: { message: string } };
      runtime.lastError = { message: text };
      callback(undefined);
      delete runtime.lastError;
      return undefined;
    }) as never);
  }

  it('asks again once a fresh worker is up, and the caller only sees the answer', async () => {
    deliverMessagesFrom(contentScript('http://127.0.0.1:4410/orders', 3));
    handle('getJob', () => ({ job: null }));
    const sent = workerStopsFor(2);
    await expect(request('getJob', { jobId: 'job-1' })).resolves.toEqual({ job: null });
    expect(sent).toHaveBeenCalledTimes(3);
  });

  it('never shows the browser\'s words: after waiting it says the extension did not answer', async () => {
    deliverMessagesFrom(contentScript('http://127.0.0.1:4410/orders', 3));
    handle('getJob', () => ({ job: null }));
    workerStopsFor(100, 'Could not establish connection. Receiving end does not exist.');
    const error = await request('getJob', { jobId: 'job-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackgroundUnavailable);
    expect((error as Error).message).toBe('The extension did not answer');
    expect((error as BackgroundUnavailable).detail).toContain('Receiving end does not exist');
  });

  it('does not send a saved API key twice', async () => {
    deliverMessagesFrom(extensionPage('options.html'));
    handle('saveApiKey', () => ({ ok: true as const, companyName: 'x' }));
    const sent = workerStopsFor(1);
    await expect(request('saveApiKey', { provider: 'lexware' })).rejects.toBeInstanceOf(BackgroundUnavailable);
    expect(sent).toHaveBeenCalledTimes(1);
  });

  it('an extension reloaded under the page is said so, not retried', async () => {
    deliverMessagesFrom(contentScript('http://127.0.0.1:4410/orders', 3));
    const sent = workerStopsFor(1, 'Extension context invalidated.');
    await expect(request('getJob', { jobId: 'job-1' })).rejects.toBeInstanceOf(ExtensionReloaded);
    expect(sent).toHaveBeenCalledTimes(1);
  });
});
