/**
 * A preview opened inside a detail frame (a TMS that shows an order in an iframe of its list
 * page) sits under the list page's own bars: the proposal and the action bar are fixed to the
 * bottom of the window and would cover the frame's lower edge, where the preview's Save is.
 * The frame's panel says when its preview opens and closes; the top document's panel steps
 * its bars aside meanwhile.
 *
 * Said with postMessage (the frame may be on a second origin), to the parent window only. The
 * top document believes it only from a window that is one of its own iframes, and only in this
 * shape; a page faking it could do no more than hide the bars on its own page.
 */
import * as v from 'valibot';

const MESSAGE_TYPE = 'frachtbeleg:frame-panel';
const FramePanelMessageSchema = v.object({ type: v.literal(MESSAGE_TYPE), open: v.boolean() });

/** In a frame: tells the parent whether this frame's preview is open. Nothing at the top. */
export function announceFramePanel(open: boolean, win: Window = window): void {
  if (win.parent === win) return;
  // No data goes with it: only that a preview is open. Any origin may host the frame.
  win.parent.postMessage({ type: MESSAGE_TYPE, open }, '*');
}

/**
 * At the top: calls `onChange` with whether any of the page's frames shows its preview.
 * A frame that loads another page (or goes away) no longer counts. Returns the unwatch.
 */
export function watchFramePanels(onChange: (open: boolean) => void, doc: Document = document): () => void {
  const win = doc.defaultView;
  if (!win || win.parent !== win) return () => undefined;
  const open = new Set<Window>();
  const frameWindows = () => new Set([...doc.querySelectorAll('iframe, frame')].map((f) => (f as HTMLIFrameElement).contentWindow));
  // A frame taken off the page takes its preview with it. Watched only while a preview is
  // open: a busy grid's mutations cost nothing otherwise.
  const observer = new win.MutationObserver(() => {
    const frames = frameWindows();
    for (const w of open) if (!frames.has(w)) open.delete(w);
    if (open.size === 0) changed();
  });
  let said = false;
  function changed() {
    const now = open.size > 0;
    if (now === said) return;
    said = now;
    if (now) observer.observe(doc.documentElement, { childList: true, subtree: true });
    else observer.disconnect();
    onChange(now);
  }
  const onMessage = (event: MessageEvent) => {
    const parsed = v.safeParse(FramePanelMessageSchema, event.data);
    const source = event.source;
    if (!parsed.success || source === null || !frameWindows().has(source as Window)) return;
    if (parsed.output.open) open.add(source as Window);
    else open.delete(source as Window);
    changed();
  };
  // A frame that loads another page takes its preview with it (its panel may not have said so).
  const onLoad = (event: Event) => {
    const frame = event.target;
    if (!(frame instanceof win.HTMLIFrameElement) || !frame.contentWindow || !open.delete(frame.contentWindow)) return;
    changed();
  };
  win.addEventListener('message', onMessage);
  doc.addEventListener('load', onLoad, true);
  return () => {
    win.removeEventListener('message', onMessage);
    doc.removeEventListener('load', onLoad, true);
    observer.disconnect();
  };
}
