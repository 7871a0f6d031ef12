/**
 * How far up from the window's bottom edge Frachtbeleg's own bars reach (the action bar, the
 * invoicing proposal), so that a notice in the page's corner (recipe health) sits above them
 * instead of covering "Create invoice".
 *
 * The panel's script is injected on first need and the recipe engine's script is another
 * bundle: content scripts of one extension share the tab's isolated world, not their modules.
 * They meet through one object on that world's `globalThis`, which the page can't see or set.
 */
const KEY = '__frachtbelegBottomBars';

interface BottomBars {
  height: number;
  readonly listeners: Set<(height: number) => void>;
}

function shared(): BottomBars {
  const scope = globalThis as unknown as Record<string, BottomBars | undefined>;
  return (scope[KEY] ??= { height: 0, listeners: new Set() });
}

/** The panel says how high its bars reach now (0: none shown). */
export function setBottomBarsHeight(height: number): void {
  const bars = shared();
  const rounded = Math.max(0, Math.round(height));
  if (bars.height === rounded) return;
  bars.height = rounded;
  for (const listener of bars.listeners) listener(rounded);
}

/** Calls `listener` now and whenever the bars' height changes; returns the unsubscribe. */
export function watchBottomBars(listener: (height: number) => void): () => void {
  const bars = shared();
  bars.listeners.add(listener);
  listener(bars.height);
  return () => bars.listeners.delete(listener);
}

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
