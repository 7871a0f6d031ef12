/**
 * Tabs (WAI-ARIA APG, automatic activation): arrows, Home and End move between tabs.
 * tabs: [{ id, label, content }]; onChange(id) lets the page remember the choice across re-renders.
 */
import { h } from './dom.js';

export function tabView(label, tabs, selectedId, onChange) {
  const buttons = tabs.map((tab) =>
    h('button', { type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': `panel-${tab.id}`, class: 'tab' }, tab.label),
  );
  const panels = tabs.map((tab) =>
    h('section', { role: 'tabpanel', id: `panel-${tab.id}`, 'aria-labelledby': `tab-${tab.id}`, tabindex: '0', class: 'tab-panel' }, tab.content),
  );

  function select(index, focus) {
    buttons.forEach((button, i) => {
      const selected = i === index;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      panels[i].hidden = !selected;
    });
    if (focus) buttons[index].focus();
    onChange?.(tabs[index].id);
  }

  buttons.forEach((button, i) => button.addEventListener('click', () => select(i, false)));
  const tablist = h('div', { role: 'tablist', 'aria-label': label, class: 'tabs' }, buttons);
  tablist.addEventListener('keydown', (event) => {
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    const last = buttons.length - 1;
    const target = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    select(target, true);
  });

  const initial = Math.max(0, tabs.findIndex((tab) => tab.id === selectedId));
  select(initial, false);
  return h('div', { class: 'tab-view' }, tablist, panels);
}
