/**
 * The builder's write-back step for `instructions`: the user clicks the TMS's field for the
 * invoice number (or its label) and gets locators that find exactly that field again, ranked
 * as recipes.md § 3.2 ranks them: its label, a test id, its name, then a stable id.
 */
import { findWriteField, isWriteField, type WriteField } from '../write-field';
import type { Locator } from '../schema';
import { isGeneratedName } from './dom-shape';

/** The form field the click means: the field itself, the control of a clicked label, or the one field inside. */
export function clickedField(clicked: Element): WriteField | null {
  if (isWriteField(clicked)) return clicked;
  const label = clicked.closest('label');
  const control = label instanceof HTMLLabelElement ? label.control : null;
  if (control && isWriteField(control)) return control;
  const inside = [...clicked.querySelectorAll('input, textarea')].filter(isWriteField);
  return inside.length === 1 ? inside[0]! : null;
}

/** Up to 3 locators that each find exactly this field on the page: the first, with fallbacks. */
export function proposeWriteField(doc: Document, clicked: Element): Locator | null {
  const field = clickedField(clicked);
  if (!field) return null;
  const tries: Locator[] = [];
  const label = field.labels?.[0]?.textContent?.replace(/\s+/g, ' ').trim().replace(/:$/, '');
  if (label) tries.push({ label });
  const testId = ['data-testid', 'data-test', 'data-qa'].map((a) => field.getAttribute(a)).find((v) => !!v);
  if (testId) tries.push({ testId });
  const tag = field.tagName.toLowerCase();
  if (field.name) tries.push({ css: `${tag}[name="${CSS.escape(field.name)}"]` });
  if (field.id && !isGeneratedName(field.id)) tries.push({ css: `#${CSS.escape(field.id)}` });
  const good = tries.filter((locator) => findWriteField(doc, locator) === field).slice(0, 3);
  if (good.length === 0) return null;
  return good.length === 1 ? good[0]! : ({ any: good } as Locator);
}
