/**
 * A menu button (WAI-ARIA APG "menu button" pattern): Enter/Space/click open it with focus on
 * the first item, arrows and Home/End move, Escape or Tab close it.
 */
import { h } from './dom.js';

let nextId = 1;

/** items: [{ label, onSelect, danger? }] */
export function menuButton(label, items) {
  const id = `menu-${nextId++}`;
  const button = h('button', {
    type: 'button',
    class: 'btn menu-button',
    id: `${id}-button`,
    'aria-haspopup': 'menu',
    'aria-expanded': 'false',
    'aria-controls': id,
  }, label);
  const entries = items.map((item) =>
    h('button', { type: 'button', role: 'menuitem', tabindex: '-1', class: item.danger ? 'menu-item danger' : 'menu-item' }, item.label),
  );
  const menu = h(
    'ul',
    { role: 'menu', id, class: 'menu', 'aria-labelledby': button.id, hidden: true },
    entries.map((entry) => h('li', { role: 'none' }, entry)),
  );

  const isOpen = () => button.getAttribute('aria-expanded') === 'true';

  function onOutside(event) {
    if (!menu.contains(event.target) && !button.contains(event.target)) close(false);
  }

  function open(focusIndex = 0) {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    document.addEventListener('pointerdown', onOutside, true);
    const count = entries.length;
    entries[((focusIndex % count) + count) % count]?.focus();
  }

  function close(returnFocus = true) {
    if (!isOpen()) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', onOutside, true);
    if (returnFocus) button.focus();
  }

  button.addEventListener('click', () => (isOpen() ? close() : open(0)));
  button.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') open(0);
    else if (event.key === 'ArrowUp') open(-1);
    else if (event.key === 'Escape' && isOpen()) close();
    else return;
    event.preventDefault();
  });

  menu.addEventListener('keydown', (event) => {
    const index = entries.indexOf(document.activeElement);
    if (event.key === 'ArrowDown') open(index + 1);
    else if (event.key === 'ArrowUp') open(index - 1);
    else if (event.key === 'Home') open(0);
    else if (event.key === 'End') open(-1);
    else if (event.key === 'Escape') close();
    else if (event.key === 'Tab') return close(false);
    else return;
    event.preventDefault();
  });

  entries.forEach((entry, i) =>
    entry.addEventListener('click', () => {
      close();
      items[i].onSelect();
    }),
  );

  return h('div', { class: 'menu-container' }, button, menu);
}
