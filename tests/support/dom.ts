/**
 * Finds elements the way users and assistive technology do: by role and accessible name,
 * by label, by visible text. A small subset of the ARIA rules, enough for our components.
 */
import type { DOMWrapper, VueWrapper } from '@vue/test-utils';

type Root = Element | DOMWrapper<Element> | VueWrapper;
export type Name = string | RegExp;

export type Role =
  | 'alert'
  | 'button'
  | 'checkbox'
  | 'columnheader'
  | 'combobox'
  | 'dialog'
  | 'grid'
  | 'gridcell'
  | 'group'
  | 'heading'
  | 'link'
  | 'list'
  | 'listitem'
  | 'radio'
  | 'region'
  | 'row'
  | 'rowheader'
  | 'search'
  | 'searchbox'
  | 'status'
  | 'table'
  | 'textbox';

const IMPLICIT: Record<Role, string> = {
  alert: '',
  button: 'button, input[type=submit], input[type=button]',
  checkbox: 'input[type=checkbox]',
  columnheader: 'th[scope=col]',
  combobox: 'select',
  dialog: 'dialog',
  grid: '',
  gridcell: '',
  group: 'fieldset',
  heading: 'h1, h2, h3, h4, h5, h6',
  link: 'a[href]',
  list: 'ul, ol',
  listitem: 'li',
  radio: 'input[type=radio]',
  region: 'section[aria-label], section[aria-labelledby]',
  row: 'tr',
  rowheader: 'th[scope=row]',
  search: '',
  searchbox: 'input[type=search]',
  status: 'output',
  table: 'table',
  textbox: 'textarea, input:not([type]), input[type=text], input[type=email], input[type=url], input[type=tel]',
};

function element(root: Root): Element {
  if (root instanceof Element) return root;
  const node = root.element as Node;
  // A mounted component's container holds its root (which may be a comment when v-if is false).
  if ('vm' in root && node.parentNode instanceof Element) return node.parentNode;
  return node as Element;
}

/** The element itself and everything inside it that matches. */
function within<T extends Element>(root: Root, selector: string): T[] {
  const el = element(root);
  return [...(el.matches(selector) ? [el as T] : []), ...el.querySelectorAll<T>(selector)];
}

/** Text with runs of white space collapsed, as it reads. */
export const normalise = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * The text as it reads on screen, where elements side by side are separate words: Vue's
 * templates drop the white space between tags, so `textContent` would run them together.
 */
export function textOf(root: Root): string {
  const el = element(root);
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  const parts: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.nodeValue ?? '');
  return normalise(parts.join(' '));
}

function top(el: Element): Element {
  let node = el;
  while (node.parentElement) node = node.parentElement;
  return node;
}

function byId(el: Element, id: string): Element | null {
  const root = top(el);
  return root.id === id ? root : root.querySelector(`[id="${id}"]`);
}

/** The accessible name: aria-labelledby, aria-label, a label, then the content. */
export function accessibleName(el: Element): string {
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) return normalise(labelledBy.split(/\s+/).map((id) => byId(el, id)?.textContent ?? '').join(' '));
  const label = el.getAttribute('aria-label');
  if (label) return normalise(label);
  // A fieldset is named by its legend.
  if (el.matches('fieldset') && el.querySelector(':scope > legend')) return normalise(el.querySelector(':scope > legend')!.textContent);
  if (el.matches('input, textarea, select')) {
    const label = (el.id ? top(el).querySelector(`label[for="${el.id}"]`) : null) ?? el.closest('label');
    if (label) {
      // The label's own words; the controls inside it (a select's options) are not its name.
      const words = label.cloneNode(true) as Element;
      words.querySelectorAll('input, textarea, select').forEach((control) => control.remove());
      return normalise(words.textContent);
    }
    return normalise(el.getAttribute('title') ?? el.getAttribute('placeholder'));
  }
  return normalise(el.textContent) || normalise(el.getAttribute('title'));
}

function matches(text: string, name: Name): boolean {
  return typeof name === 'string' ? text === name : name.test(text);
}

export function queryAllByRole(root: Root, role: Role, name?: Name): HTMLElement[] {
  const implicit = IMPLICIT[role];
  const selector = implicit ? `[role=${role}], ${implicit}` : `[role=${role}]`;
  const all = within<HTMLElement>(root, selector).filter((el) => {
    const explicit = el.getAttribute('role');
    return explicit === null || explicit === role;
  });
  return name === undefined ? all : all.filter((el) => matches(accessibleName(el), name));
}

export function queryByRole(root: Root, role: Role, name?: Name): HTMLElement | null {
  return queryAllByRole(root, role, name)[0] ?? null;
}

export function getByRole(root: Root, role: Role, name?: Name): HTMLElement {
  const found = queryAllByRole(root, role, name);
  if (found.length === 1) return found[0]!;
  const candidates = queryAllByRole(root, role).map((el) => JSON.stringify(accessibleName(el)));
  throw new Error(`${found.length === 0 ? 'No' : 'Several'} ${role} named ${String(name)}; ${role}s: ${candidates.join(', ') || 'none'}`);
}

export function queryAllByLabelText<T extends HTMLElement = HTMLInputElement>(root: Root, name: Name): T[] {
  return within<T>(root, 'input, textarea, select').filter((el) => matches(accessibleName(el), name));
}

/** A form control by the text of its label (or aria-label). */
export function getByLabelText<T extends HTMLElement = HTMLInputElement>(root: Root, name: Name): T {
  const controls = queryAllByLabelText<T>(root, name);
  if (controls.length !== 1) throw new Error(`${controls.length} controls labelled ${String(name)}`);
  return controls[0]!;
}

/** The innermost element whose text is (or matches) `text`. */
export function queryAllByText(root: Root, text: Name): HTMLElement[] {
  return within<HTMLElement>(root, '*').filter(
    (el) => matches(normalise(el.textContent), text) && ![...el.children].some((child) => matches(normalise(child.textContent), text)),
  );
}

export function getByText(root: Root, text: Name): HTMLElement {
  const found = queryAllByText(root, text);
  if (found.length !== 1) throw new Error(`${found.length} elements with text ${String(text)}`);
  return found[0]!;
}

/** Types into an input or textarea the way a user does: value, then an input event. */
export function type(el: HTMLElement, value: string): void {
  (el as HTMLInputElement).value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Clicks, then lets Vue re-render. */
export async function click(el: HTMLElement): Promise<void> {
  el.click();
  await flush();
}

/** Lets pending promises and Vue's re-render run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

export const isDisabled = (el: HTMLElement): boolean => (el as HTMLButtonElement).disabled === true;
