/**
 * The content script's fetch for TMS reads: its own origin as the page requests it, a
 * recipe's second origin through the background (the real protocol, a stand-in handler).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handle, removeAllHandlers } from '@/utils/messaging';
import { contentScript, deliverMessagesFrom } from '@/tests/support/messaging';
import { tmsFetch } from './tms-fetch';
import { ACCESS_HEADER } from './access-missing';

const SITE = 'http://127.0.0.1:4415';
const OTHER = 'http://127.0.0.1:4416';

beforeEach(() => {
  removeAllHandlers();
  deliverMessagesFrom(contentScript(`${SITE}/kombi`));
});

describe('tmsFetch', () => {
  it('requests the page’s own origin itself, with what the caller asked', async () => {
    const own = vi.fn(async () => new Response('ok'));
    const response = await tmsFetch(SITE, own as unknown as typeof fetch)(new URL(`${SITE}/rahmen/auftrag/o-1?sig=x`), { credentials: 'same-origin' });
    expect(await response.text()).toBe('ok');
    expect(own).toHaveBeenCalledWith(new URL(`${SITE}/rahmen/auftrag/o-1?sig=x`), { credentials: 'same-origin' });
  });

  it('asks the background for a page on another origin, and answers like a fetch', async () => {
    const asked = vi.fn(async () => ({ ok: true as const, status: 200, contentType: 'text/html', text: '<h1>Auftrag</h1>' }));
    handle('fetchTmsPage', asked);
    const own = vi.fn();
    const response = await tmsFetch(SITE, own as unknown as typeof fetch)(new URL(`${OTHER}/rahmen/auftrag/o-1?sig=x`));
    expect(own).not.toHaveBeenCalled();
    expect(asked).toHaveBeenCalledWith({ url: `${OTHER}/rahmen/auftrag/o-1?sig=x` }, expect.anything());
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([200, 'text/html', '<h1>Auftrag</h1>']);
  });

  it('marks an origin the user has not granted, so the recipe can name it', async () => {
    handle('fetchTmsPage', async () => ({ ok: true as const, status: 403, contentType: 'x-frachtbeleg/access-missing', text: '' }));
    const response = await tmsFetch(SITE, vi.fn() as unknown as typeof fetch)(`${OTHER}/rahmen/auftrag/o-1`);
    expect([response.status, response.headers.get(ACCESS_HEADER)]).toEqual([403, 'missing']);
  });

  it('fails like a network error when the background refuses', async () => {
    handle('fetchTmsPage', async () => ({ ok: false as const, error: { code: 'tms-page-refused', message: 'The recipe of this site does not name it' } }));
    await expect(tmsFetch(SITE, vi.fn() as unknown as typeof fetch)(`${OTHER}/x`)).rejects.toThrow(TypeError);
  });
});
