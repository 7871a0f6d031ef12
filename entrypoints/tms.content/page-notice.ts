/**
 * Notices on a TMS page outside the panel: a site whose entry names an adapter this version
 * does not ship, and a recipe that no longer reads the page well. Plain DOM (no Vue): they
 * must not make every TMS tab load the panel.
 */
import { mountShadow, type ShadowMount } from './shadow';
import { watchBottomBars } from './bottom-bars';
import { translatorFrom, type FlatTexts, type Locale } from '@/utils/i18n/translate';

const CSS = `
.fb-notice{position:fixed;right:16px;bottom:16px;z-index:2147483647;max-width:420px;display:flex;gap:12px;align-items:flex-start;
  padding:12px 14px;border-radius:8px;border:1px solid #b45309;background:#fffbeb;color:#1f2937;font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.15)}
.fb-notice p{margin:0 0 4px}
.fb-notice button{font:inherit;border:1px solid #9ca3af;border-radius:6px;background:#fff;padding:2px 10px;cursor:pointer}
`;

export interface NoticeAction {
  label: string;
  run: () => void;
}

/** Space between the notice and what is below it (the window's edge, or Frachtbeleg's bars). */
const GAP_PX = 16;

/**
 * A notice in the page's corner, with a Close button (and an action); its lines go in as text,
 * never as markup. It keeps above Frachtbeleg's own bars at the bottom of the window.
 */
export function showPageNotice(lines: readonly string[], closeLabel: string, role: 'alert' | 'status' = 'alert', anchor: Element = document.body, action?: NoticeAction | readonly NoticeAction[]): ShadowMount {
  const shadow = mountShadow({ name: 'frachtbeleg-notice', anchor, append: 'last', css: CSS });
  const box = document.createElement('div');
  box.className = 'fb-notice';
  const unwatch = watchBottomBars((height) => (box.style.bottom = `${GAP_PX + height}px`));
  const mount: ShadowMount = {
    ...shadow,
    remove: () => {
      unwatch();
      shadow.remove();
    },
  };
  box.setAttribute('role', role);
  const text = document.createElement('div');
  for (const line of lines) {
    const p = document.createElement('p');
    p.textContent = line;
    text.append(p);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = closeLabel;
  close.addEventListener('click', () => mount.remove());
  for (const one of action === undefined ? [] : 'label' in action ? [action] : action) {
    const act = document.createElement('button');
    act.type = 'button';
    act.textContent = one.label;
    act.addEventListener('click', () => {
      one.run();
      mount.remove();
    });
    text.append(act, ' ');
  }
  box.append(text, close);
  mount.container.append(box);
  return mount;
}

/** The site's entry names an adapter this version does not have. */
export function showAdapterMissing(adapterId: string, locale: Locale, texts: FlatTexts, anchor: Element = document.body): ShadowMount {
  const t = translatorFrom(locale, texts);
  return showPageNotice([t('panel.adapterMissing', { adapter: adapterId })], t('panel.close'), 'alert', anchor);
}
