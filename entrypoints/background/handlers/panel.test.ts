/** The panel's script goes into the TMS tab and frame that asked, and only to a TMS page. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import { sitesItem } from '@/utils/storage';
import { contentScript, deliverMessagesFrom, extensionPage } from '@/tests/support/messaging';
import { loadPanel } from './panel';
import { isTmsSite } from './tms-sites';

const TMS = 'http://127.0.0.1:4410';
let executeScript: ReturnType<typeof vi.fn>;

beforeEach(async () => {
  removeAllHandlers();
  executeScript = vi.fn(async () => []);
  (fakeBrowser as unknown as { scripting: { executeScript: typeof executeScript } }).scripting = { executeScript };
  handle('loadPanel', (_req, sender) => loadPanel(sender));
  allowContentScriptsFrom(isTmsSite);
  await sitesItem.set([{ origin: TMS, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' }]);
});

describe('loading the panel into a TMS page', () => {
  it('injects the panel script into the tab and frame the request came from', async () => {
    deliverMessagesFrom({ ...contentScript(`${TMS}/orders`, 12), frameId: 3 });
    await expect(request('loadPanel', undefined)).resolves.toEqual({ ok: true });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 12, frameIds: [3] }, files: ['/content-scripts/tms-panel.js'] });
  });

  it('says so in its own words when the browser refuses (the tab went away)', async () => {
    executeScript.mockRejectedValue(new Error('No tab with id: 12'));
    deliverMessagesFrom(contentScript(`${TMS}/orders`, 12));
    const answer = await request('loadPanel', undefined);
    expect(answer).toMatchObject({ ok: false, error: { code: 'panel-not-loaded' } });
    expect(JSON.stringify(answer)).not.toContain('No tab with id');
  });

  it('injects nothing for an extension page or a page that is no TMS site', async () => {
    deliverMessagesFrom(extensionPage('popup.html'));
    await expect(request('loadPanel', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'panel-no-tab' } });
    deliverMessagesFrom(contentScript('https://example.com/', 12));
    await expect(request('loadPanel', undefined)).rejects.toThrow();
    expect(executeScript).not.toHaveBeenCalled();
  });
});
