/** Whole-page states: not found, session expired, failures. */
import { h, replaceContent } from './dom.js';

function emptyPage(root, title, ...content) {
  document.title = `${title} · DemoTMS`;
  const heading = h('h1', { tabindex: '-1' }, title);
  replaceContent(root, h('div', { class: 'empty-page' }, heading, ...content));
  return heading;
}

export function renderOrderNotFound(root, id) {
  return emptyPage(
    root,
    'Order not found',
    h('p', {}, 'There is no order with the ID “', id, '”. It may have been removed, or the link is incomplete.'),
    h('p', {}, h('a', { class: 'btn btn-primary', href: '/orders' }, 'Back to orders')),
  );
}

export function renderPageNotFound(root) {
  return emptyPage(
    root,
    'Page not found',
    h('p', {}, 'This page does not exist in DemoTMS.'),
    h('p', {}, h('a', { class: 'btn btn-primary', href: '/orders' }, 'Go to orders')),
  );
}

export function renderSessionExpired(root, message) {
  // A full page load signs in again (the server hands out a new session with the page).
  return emptyPage(
    root,
    'Session expired',
    h('p', {}, message || 'Your session has expired. Please sign in again.'),
    h('p', {}, h('button', { type: 'button', class: 'btn btn-primary', onclick: () => location.reload() }, 'Sign in again')),
  );
}

export function renderFailure(root, message, retry) {
  return emptyPage(
    root,
    'Something went wrong',
    h('p', {}, 'DemoTMS could not load this page. ', message),
    h('p', {}, h('button', { type: 'button', class: 'btn btn-primary', onclick: retry }, 'Try again')),
  );
}
