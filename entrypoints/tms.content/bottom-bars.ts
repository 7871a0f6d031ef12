/**
 * How far up from the window's bottom edge Frachtbeleg's own bars reach (the action bar, the
 * invoicing proposal), so that a notice in the page's corner (recipe health) sits above them
 * instead of covering "Create invoice". The two meet through a value of the tab's isolated
 * world (shared-value.ts).
 */
import { sharedValue } from './shared-value';

const bars = sharedValue('__frachtbelegBottomBars', 0);

/** The panel says how high its bars reach now (0: none shown). */
export function setBottomBarsHeight(height: number): void {
  bars.set(Math.max(0, Math.round(height)));
}

/** Calls `listener` now and whenever the bars' height changes; returns the unsubscribe. */
export const watchBottomBars = (listener: (height: number) => void): (() => void) => bars.watch(listener);

/**
 * Keeps the bars' height up to date for the fixed elements under `root` that match
 * `selector`: the highest top edge among those shown, measured after each change under root
 * and each resize of the window (one measurement per frame at most).
 */
export function publishBottomBars(root: Node, selector: string, win: Window = window): () => void {
  let frame = 0;
  const measure = () => {
    frame = 0;
    const tops = [...(root as ParentNode).querySelectorAll(selector)]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => r.top);
    setBottomBarsHeight(tops.length ? win.innerHeight - Math.min(...tops) : 0);
  };
  const later = () => {
    if (!frame) frame = win.requestAnimationFrame(measure);
  };
  const observer = new MutationObserver(later);
  observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
  win.addEventListener('resize', later);
  later();
  return () => {
    observer.disconnect();
    win.removeEventListener('resize', later);
    if (frame) win.cancelAnimationFrame(frame);
    setBottomBarsHeight(0);
  };
}
