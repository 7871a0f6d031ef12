/**
 * What the builder may rely on in a page's markup. TMSs built with CSS-in-JS or hashed
 * class names change those names with every release, and ids often carry a build suffix;
 * a recipe that leans on them breaks on the next deploy. So the builder keeps only names
 * that read like words a person chose, and prefers structure and meaning over both.
 */

/** Class names a tool generated: css-1x2y3z, sc-abc123, jsx-123, _3xYz9, m0vfptdt, Mui-… states. */
export function isGeneratedName(name: string): boolean {
  if (name.length <= 2) return true;
  if (/^(css|sc|jsx|emotion|styled|svelte|tw|astro)-/i.test(name)) return true;
  if (/^_/.test(name)) return true;
  // A digit inside a short token ("m0vfptdt", "a1b2c3"), or long runs of consonants, read as hashes.
  if (/\d/.test(name) && !/^[a-z]+(-[a-z]+)*-\d{1,3}$/i.test(name)) return true;
  if (/[bcdfghjklmnpqrstvwxz]{6,}/i.test(name)) return true;
  return false;
}

/** The class names a selector may use. */
export const stableClasses = (el: Element): string[] => [...el.classList].filter((c) => !isGeneratedName(c));

/** An id that reads as chosen, without a generated suffix ("auftraege", not "auftraege-0okx" or ":r1:"). */
export function stableId(el: Element): string | null {
  const id = el.id;
  if (!id || /[:\s]/.test(id)) return null;
  const suffix = /-([a-z0-9]{3,6})$/i.exec(id)?.[1];
  if (suffix && /\d/.test(suffix)) return null;
  return isGeneratedName(id) ? null : id;
}

/** Tag and ARIA role: what rows of one list share even when their classes differ by state. */
export const shapeOf = (el: Element): string => `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role="${el.getAttribute('role')}"]` : ''}`;

export const normText = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

/** Selects exactly `wanted` (and nothing else) under `root`? */
export function selectsExactly(root: ParentNode, selector: string, wanted: readonly Element[]): boolean {
  let found: Element[];
  try {
    found = [...root.querySelectorAll(selector)];
  } catch {
    return false;
  }
  if (found.length !== wanted.length) return false;
  const set = new Set(wanted);
  return found.every((el) => set.has(el));
}

/** CSS for one element's own attributes, stable parts only: `input[type="checkbox"]`, `a.auftrag`. */
export function ownSelector(el: Element): string {
  const tag = el.tagName.toLowerCase();
  const role = el.getAttribute('role');
  const type = el.getAttribute('type');
  const name = el.getAttribute('name');
  return [
    tag,
    role ? `[role="${CSS.escape(role)}"]` : '',
    type ? `[type="${CSS.escape(type)}"]` : '',
    name && !isGeneratedName(name.replace(/[[\]-]/g, '')) ? `[name="${CSS.escape(name)}"]` : '',
    ...stableClasses(el).map((c) => `.${CSS.escape(c)}`),
  ].join('');
}
