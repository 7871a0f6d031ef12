/**
 * The TMS's own form field an `instructions` write-back names (recipes.md § 3.7): the one
 * text input or textarea its locator finds on the detail page. A label may name a table row
 * too ("Rechnungs-Nr." shown and asked for), so only form fields count; none or several is
 * no field, never a guess.
 */
import { locateElements } from './locate';
import type { Locator } from './schema';

export type WriteField = HTMLInputElement | HTMLTextAreaElement;

const TEXT_INPUTS = new Set(['text', 'search', '']);

export function isWriteField(el: Element): el is WriteField {
  if (el instanceof HTMLTextAreaElement) return !el.disabled && !el.readOnly;
  return el instanceof HTMLInputElement && TEXT_INPUTS.has(el.getAttribute('type')?.toLowerCase() ?? '') && !el.disabled && !el.readOnly;
}

export function findWriteField(root: ParentNode, locator: Locator): WriteField | null {
  const fields = locateElements(root, locator).filter(isWriteField);
  return fields.length === 1 ? fields[0]! : null;
}
