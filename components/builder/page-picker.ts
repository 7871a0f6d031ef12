/**
 * Pointing at the TMS page while the builder teaches it: the element under the pointer is
 * outlined, a click picks it instead of doing what it would do in the TMS (no link followed,
 * no checkbox toggled), Esc stops. Clicks on the builder's own panel pass through. Outlines
 * the builder sets are put back exactly as they were.
 */
export interface Picker {
  stop(): void;
}

const HOVER = '2px dashed #d97706';
const MARK = '2px solid #2563eb';

/** Outlines elements and remembers their own inline outline, to put it back. */
export function outliner() {
  const saved = new Map<HTMLElement, string>();
  const set = (el: Element, outline: string) => {
    if (!(el instanceof HTMLElement)) return;
    if (!saved.has(el)) saved.set(el, el.style.outline);
    el.style.outline = outline;
  };
  const clear = (el?: Element) => {
    for (const [node, old] of saved) {
      if (el && node !== el) continue;
      node.style.outline = old;
      saved.delete(node);
    }
  };
  return { set, clear };
}

/** Marks the rows the builder found (or nothing, with an empty list). */
export function rowMarker() {
  const lines = outliner();
  return {
    show(rows: readonly Element[]) {
      lines.clear();
      for (const row of rows) lines.set(row, MARK);
    },
    clear: () => lines.clear(),
  };
}

export function startPicking(doc: Document, isOwn: (target: EventTarget) => boolean, onPick: (el: Element) => void, onStop: () => void): Picker {
  const hover = outliner();
  let current: Element | null = null;
  const own = (event: Event) => event.composedPath().some((t) => isOwn(t));
  const over = (event: Event) => {
    if (own(event) || !(event.target instanceof Element)) return;
    if (current) hover.clear(current);
    current = event.target;
    hover.set(current, HOVER);
  };
  // The TMS must not see the click that picks (its links, checkboxes and row handlers).
  const swallow = (event: Event) => {
    if (own(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  const click = (event: Event) => {
    if (own(event) || !(event.target instanceof Element)) return;
    swallow(event);
    const target = event.target;
    stop();
    onPick(target);
  };
  const key = (event: KeyboardEvent) => {
    if (event.key === 'Escape') stop();
  };
  const stop = () => {
    hover.clear();
    doc.removeEventListener('mouseover', over, true);
    doc.removeEventListener('click', click, true);
    for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup'] as const) doc.removeEventListener(type, swallow, true);
    doc.removeEventListener('keydown', key, true);
    onStop();
  };
  doc.addEventListener('mouseover', over, true);
  doc.addEventListener('click', click, true);
  for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup'] as const) doc.addEventListener(type, swallow, true);
  doc.addEventListener('keydown', key, true);
  return { stop };
}
