import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { checkSender, handle, logUnknownMessages, removeAllHandlers, request, send } from './messaging';
import { contentScript, deliverMessagesFrom, extensionPage, otherExtension } from '@/tests/support/messaging';

beforeEach(() => {
  // The messaging library keeps its own listener registry; fakeBrowser.reset() does not clear it.
  removeAllHandlers();
});

describe('request and handle', () => {
  it('answers a valid request through send() with the handler\'s answer', async () => {
    deliverMessagesFrom(extensionPage('popup.html'));
    handle('getStatus', () => ({ locale: 'de', connection: { provider: 'sevdesk', configured: true } }));

    await expect(send('getStatus')).resolves.toEqual({ locale: 'de', connection: { provider: 'sevdesk', configured: true } });
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

  it('refuses a malformed answer on the sender\'s side', async () => {
    deliverMessagesFrom(extensionPage());
    handle('getStatus', () => ({ locale: 'fr', connection: { provider: 'lexware', configured: true } }) as never);

    await expect(send('getStatus')).rejects.toThrow(/answer to "getStatus" was malformed/);
  });

  it('rejects when nobody listens (the background is not there)', async () => {
    await expect(send('getStatus')).rejects.toThrow();
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
