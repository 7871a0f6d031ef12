/**
 * The health notice in the page's corner and the panel's bars at the bottom of the window:
 * the notice keeps above the bars (it covered "Create invoice" before), whichever script
 * shows which first, and follows them as they come, grow and go.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publishBottomBars, setBottomBarsHeight, watchBottomBars } from './bottom-bars';
import { showPageNotice } from './page-notice';

afterEach(() => {
  setBottomBarsHeight(0);
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

const noticeBox = () => document.querySelector('frachtbeleg-notice')!.shadowRoot!.querySelector<HTMLElement>('.fb-notice')!;

/** A bar of the panel, fixed at the bottom with its top edge `top` px below the window's top. */
function bar(root: HTMLElement, className: string, top: number, height = 60) {
  const el = document.createElement('div');
  el.className = className;
  vi.spyOn(el, 'getBoundingClientRect').mockReturnValue({ top, height, width: 600, left: 0, right: 600, bottom: top + height, x: 0, y: top, toJSON: () => ({}) });
  root.append(el);
  return el;
}

/** After the page's mutation callbacks (microtasks) and the frame they asked for. */
const frame = async () => {
  await Promise.resolve();
  await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
};

describe('the notice and the bars at the bottom of the window', () => {
  it('sits 16 px above the highest bar shown, and back at the edge when the bars go', async () => {
    const notice = showPageNotice(['Frachtbeleg may no longer read this page right'], 'Close', 'status');
    expect(noticeBox().style.bottom).toBe('16px');

    const panel = document.createElement('div');
    document.body.append(panel);
    const stop = publishBottomBars(panel, '.fb-bar, .fb-proposal');
    const height = window.innerHeight;
    const action = bar(panel, 'fb-bar', height - 80);
    await frame();
    expect(noticeBox().style.bottom).toBe('96px');

    // The proposal stands above the action bar: the notice moves above both.
    const proposal = bar(panel, 'fb-proposal', height - 300, 216);
    await frame();
    expect(noticeBox().style.bottom).toBe('316px');

    proposal.remove();
    action.remove();
    await frame();
    expect(noticeBox().style.bottom).toBe('16px');
    stop();
    notice.remove();
  });

  it('finds bars shown before it, and stops listening once closed', () => {
    setBottomBarsHeight(120);
    const notice = showPageNotice(['…'], 'Close', 'status');
    expect(noticeBox().style.bottom).toBe('136px');
    const seen: number[] = [];
    const unwatch = watchBottomBars((h) => seen.push(h));
    notice.remove();
    setBottomBarsHeight(40);
    expect(seen).toEqual([120, 40]);
    unwatch();
  });

  it('lives on the isolated world’s global, so two bundles share it; the panel going away takes its height with it', async () => {
    const panel = document.createElement('div');
    document.body.append(panel);
    const stop = publishBottomBars(panel, '.fb-bar');
    bar(panel, 'fb-bar', window.innerHeight - 70);
    await frame();
    expect((globalThis as Record<string, unknown>)['__frachtbelegBottomBars']).toMatchObject({ value: 70 });
    stop();
    expect((globalThis as Record<string, unknown>)['__frachtbelegBottomBars']).toMatchObject({ value: 0 });
  });
});
