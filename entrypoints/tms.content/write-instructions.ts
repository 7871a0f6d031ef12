/**
 * A recipe's `instructions` write-back on the order's detail page (recipes.md § 3.7): once the
 * order is invoiced, "Enter RE-2026-0042 into “Rechnungs-Nr.”" next to the TMS's own field,
 * which is highlighted, with Copy (clipboard) and Fill (the value, then `input` and `change`,
 * so the TMS's scripts see it as typed). Frachtbeleg never presses the TMS's Save: the user
 * checks and saves. Plain DOM in a shadow root; numbers and labels go in as text.
 */
import { mountShadow, type ShadowMount } from './shadow';
import { writeFieldName } from '@/utils/tms/recipe/write-field-name';
import { translatorFrom, type FlatTexts, type Locale, type Translate } from '@/utils/i18n/translate';

type WriteField = HTMLInputElement | HTMLTextAreaElement;

const CSS = `.fb-instructions{display:block;margin:6px 0;padding:8px 10px;border:1px solid #bf8700;border-radius:6px;background:#fff8c5;color:#1f2328;
  font:14px/1.4 system-ui,sans-serif;max-width:520px}
.fb-instructions p{margin:0 0 6px}
.fb-instructions button{font:inherit;border:1px solid #9ca3af;border-radius:6px;background:#fff;padding:2px 10px;margin-right:6px;cursor:pointer}
.fb-instructions button:focus-visible{outline:2px solid #0969da;outline-offset:1px}`;
const HIGHLIGHT = '3px solid #bf8700';

export interface InstructionsDeps {
  /** The TMS's field for the invoice number on this page (the recipe's locator), if found. */
  findField: (doc: Document) => WriteField | null;
  texts: () => Promise<{ locale: Locale; texts: FlatTexts } | null>;
  copy?: (text: string) => Promise<void>;
}

/** Sets a field's value the way typing does: the native setter, then `input` and `change`. */
export function fillField(field: WriteField, value: string): void {
  const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(field, value);
  else field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
}

interface Shown {
  number: string;
  field: WriteField;
  mount: ShadowMount;
  outline: string;
}

export function writeInstructions(deps: InstructionsDeps) {
  const copy = deps.copy ?? ((text: string) => navigator.clipboard.writeText(text));
  let shown: Shown | null = null;
  let t: Translate | null = null;

  function remove() {
    if (!shown) return;
    shown.mount.remove();
    shown.field.style.outline = shown.outline;
    shown = null;
  }

  function show(number: string, field: WriteField, translate: Translate) {
    remove();
    const anchor = field.parentElement ?? document.body;
    const mount = mountShadow({ name: 'frachtbeleg-instructions', anchor, append: 'last', css: CSS });
    const box = document.createElement('div');
    box.className = 'fb-instructions';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', translate('panel.instructions.title'));
    const say = document.createElement('p');
    say.textContent = translate('panel.instructions.enter', { number, field: writeFieldName(field) });
    const status = document.createElement('p');
    status.setAttribute('role', 'status');
    const button = (label: string, run: () => void) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.addEventListener('click', run);
      return b;
    };
    const copyButton = button(translate('panel.instructions.copy'), () => {
      copy(number).then(
        () => (status.textContent = translate('panel.instructions.copied', { number })),
        () => (status.textContent = translate('panel.instructions.copyFailed')),
      );
    });
    const fillButton = button(translate('panel.instructions.fill'), () => {
      fillField(field, number);
      status.textContent = translate('panel.instructions.filled');
    });
    box.append(say, copyButton, fillButton, status);
    mount.container.append(box);
    const outline = field.style.outline;
    field.style.outline = HIGHLIGHT;
    shown = { number, field, mount, outline };
  }

  /** The invoice number the order carries (null: none, or not a detail page). */
  async function update(number: string | null): Promise<void> {
    const field = number ? deps.findField(document) : null;
    if (!number || !field) return remove();
    // Still in place after the TMS's last change: nothing to do.
    if (shown && shown.number === number && shown.field === field && shown.mount.host.isConnected) return;
    // Entered already (by the user, earlier): nothing to ask for.
    if (!shown && field.value.trim() === number) return;
    if (!t) {
      const context = await deps.texts();
      if (!context) return;
      t = translatorFrom(context.locale, context.texts);
    }
    show(number, field, t);
  }

  return Object.assign(update, { remove });
}
