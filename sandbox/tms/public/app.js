/**
 * DemoTMS single-page app: a router over two pages (order list, order detail) with real links
 * that are intercepted for pushState navigation; back/forward re-render from the URL.
 */
import { getSession } from './api.js';
import { renderDetailPage } from './detail-page.js';
import { renderListPage } from './list-page.js';
import { renderFailure, renderPageNotFound, renderSessionExpired } from './views.js';

const main = document.getElementById('main');
let current = null;

function match(pathname) {
  if (/^\/orders\/?$/.test(pathname)) return { page: 'list' };
  const found = /^\/orders\/([^/]+)\/?$/.exec(pathname);
  if (!found) return null;
  try {
    return { page: 'detail', id: decodeURIComponent(found[1]) };
  } catch {
    return { page: 'detail', id: found[1] };
  }
}

/** Renders the page for the current URL; `focus` moves focus to its heading (after navigation). */
async function render({ focus = false } = {}) {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const ctx = { signal: controller.signal, navigate, fail: (error) => fail(error, controller) };
  const route = match(location.pathname);
  let heading;
  try {
    if (route?.page === 'list') heading = await renderListPage(main, ctx);
    else if (route?.page === 'detail') heading = await renderDetailPage(main, route.id, ctx);
    else heading = renderPageNotFound(main);
  } catch (error) {
    heading = fail(error, controller);
  }
  if (focus && heading && !controller.signal.aborted) heading.focus({ preventScroll: true });
}

/** Shows a failure instead of the page; aborted requests (the user moved on) are not failures. */
function fail(error, controller) {
  if (error?.name === 'AbortError' || controller.signal.aborted) return undefined;
  if (error?.sessionExpired) return renderSessionExpired(main, error.message);
  console.error(error);
  return renderFailure(main, error?.message ?? '', () => render({ focus: true }));
}

export function navigate(to, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.scrollTo(0, 0);
  render({ focus: true });
}

document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !match(url.pathname)) return;
  event.preventDefault();
  if (url.pathname + url.search === location.pathname + location.search) return;
  navigate(url.pathname + url.search + url.hash);
});

window.addEventListener('popstate', () => render());

async function showUser() {
  const nameEl = document.querySelector('.app-user-name');
  const avatar = document.querySelector('.app-user-avatar');
  try {
    const { user } = await getSession();
    nameEl.textContent = user.name;
    avatar.textContent = user.name
      .split(/\s+/)
      .map((part) => part[0] ?? '')
      .join('')
      .slice(0, 2)
      .toUpperCase();
  } catch {
    // The page itself reports an expired session; the header just stays empty.
  }
}

document.querySelector('.app-nav-link')?.setAttribute('aria-current', 'page');
showUser();
render();
