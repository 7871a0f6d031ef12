import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceFramePanel, watchFramePanels } from './frame-panel';

const said = (open: boolean) => ({ type: 'frachtbeleg:frame-panel', open });

/** An iframe of the page with a window of its own (happy-dom loads no frame pages). */
function frame(): HTMLIFrameElement & { contentWindow: Window } {
  const element = document.createElement('iframe');
  Object.defineProperty(element, 'contentWindow', { value: { name: 'detail frame' } });
  document.body.append(element);
  return element as HTMLIFrameElement & { contentWindow: Window };
}

/** A message as the browser delivers it: data and the window that sent it. */
function post(data: unknown, source: Window | null) {
  const event = new MessageEvent('message', { data });
  Object.defineProperty(event, 'source', { value: source });
  window.dispatchEvent(event);
}

let unwatch: () => void = () => undefined;
afterEach(() => {
  unwatch();
  document.body.replaceChildren();
});

describe('a preview in a detail frame and the list page’s bars', () => {
  it('steps the bars aside while a frame of the page shows its preview, and back when it closes', () => {
    const changes: boolean[] = [];
    unwatch = watchFramePanels((open) => changes.push(open));
    const detail = frame();

    post(said(true), detail.contentWindow);
    post(said(true), detail.contentWindow);
    post(said(false), detail.contentWindow);

    expect(changes).toEqual([true, false]);
  });

  it('believes only the page’s own frames, and only the message’s own shape', () => {
    const onChange = vi.fn();
    unwatch = watchFramePanels(onChange);
    const detail = frame();

    post(said(true), window);
    post(said(true), null);
    post(said(true), { name: 'a window that is no frame of this page' } as unknown as Window);
    post({ type: 'frachtbeleg:frame-panel', open: 'yes' }, detail.contentWindow);
    post({ type: 'something-else', open: true }, detail.contentWindow);

    expect(onChange).not.toHaveBeenCalled();
  });

  it('brings the bars back when the frame with the preview loads another page or leaves the page', async () => {
    const changes: boolean[] = [];
    unwatch = watchFramePanels((open) => changes.push(open));
    const detail = frame();
    post(said(true), detail.contentWindow);
    detail.dispatchEvent(new Event('load'));
    expect(changes).toEqual([true, false]);

    post(said(true), detail.contentWindow);
    detail.remove();
    await vi.waitFor(() => expect(changes).toEqual([true, false, true, false]));
  });

  it('a frame tells its parent; the top document has no parent to tell', () => {
    const parent = { postMessage: vi.fn() };
    announceFramePanel(true, { parent } as unknown as Window);
    expect(parent.postMessage).toHaveBeenCalledWith(said(true), '*');

    const top = { postMessage: vi.fn() } as unknown as Window & { parent: Window };
    top.parent = top;
    announceFramePanel(true, top);
    expect(top.postMessage).not.toHaveBeenCalled();
  });
});
