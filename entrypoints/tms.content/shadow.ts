/**
 * Mounts our UI in an open shadow root, isolated from the TMS page: its styles do not leak
 * in (all: initial on the host), ours do not leak out, and keys typed into our inputs do not
 * reach the page's shortcuts. A few lines instead of WXT's general-purpose helper, which
 * brings auto-mount and iframe support the content script does not need (page cost).
 */
export interface ShadowMount {
  host: HTMLElement;
  container: HTMLElement;
  remove(): void;
}

const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

export function mountShadow(options: { name: string; anchor: Element; append: 'first' | 'last'; css: string }): ShadowMount {
  const host = document.createElement(options.name);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `:host{all:initial}\n${options.css}`;
  const container = document.createElement('div');
  shadow.append(style, container);
  for (const type of ISOLATED_EVENTS) host.addEventListener(type, (event) => event.stopPropagation());
  if (options.append === 'first') options.anchor.prepend(host);
  else options.anchor.append(host);
  return { host, container, remove: () => host.remove() };
}
