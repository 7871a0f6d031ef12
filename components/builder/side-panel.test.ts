/**
 * The builder drawn in the browser's side panel: the page's builder (RecipeBuilder, as the
 * builder's content script mounts it, with its side panel link) and the side panel's view of
 * it (RecipeBuilderView on useSidePanelBuilder), joined by a runtime port that carries JSON.
 * The user clicks in the panel, picks in the page, and sees the panel follow.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h, ref } from 'vue';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import RecipeBuilder from './RecipeBuilder.vue';
import RecipeBuilderView from './RecipeBuilderView.vue';
import { newDraft, type BuilderDraft } from '@/utils/tms/recipe/builder/draft';
import { flattenCatalog } from '@/utils/i18n/translate';
import { en } from '@/utils/i18n/en';
import type { BuilderModel } from '@/composables/builder-model';
import { useSidePanelBuilder } from '@/composables/side-panel-builder';
import { linkSidePanel, type SidePanelLink } from '@/entrypoints/recipe-builder.content/side-panel-link';
import { BUILDER_VIEW_PORT, KNOCK } from '@/utils/tms/recipe/builder/remote-view';
import { portPair, type FakePort } from '@/tests/support/ports';
import { fakeSitePermissions } from '@/tests/support/site-permissions';
import { plugins } from '@/tests/support/panel';
import SidePanelApp from '@/entrypoints/sidepanel/App.vue';

const ORIGIN = 'http://127.0.0.1:4413';
const LIST = readFileSync(path.resolve('utils/tms/recipe/builder/fixtures/legacy-list.html'), 'utf8');
const TAB = 7;
const texts = flattenCatalog(en, ['builder', 'readProblem', 'orderField']);

let panelListeners: ((port: FakePort) => void)[];
let knockListeners: ((message: unknown) => unknown)[];
let ports: FakePort[];
let mounted: VueWrapper[];
let puts: BuilderDraft[];
let sidePanelLinks: SidePanelLink[];

/** The page's builder, mounted the way the content script mounts it, with its side panel link. */
function openInPage(draft = newDraft(ORIGIN, '6f1c2b4e-8a9d-4c3e-b2f1-0a1b2c3d4e5f', '127.0.0.1:4413'), frameId = 0) {
  const host = document.createElement('div');
  document.body.append(host);
  vi.spyOn(fakeBrowser.runtime, 'connect').mockImplementation((() => {
    const { content, panel } = portPair(BUILDER_VIEW_PORT, { tab: { id: TAB }, frameId });
    ports.push(panel);
    // No side panel listens: the browser closes the port at once.
    queueMicrotask(() => (panelListeners.length ? panelListeners.forEach((l) => l(panel)) : panel.disconnect()));
    return content;
  }) as never);
  const docked = ref(false);
  let model: BuilderModel | null = null;
  const reload = vi.fn();
  const transport = {
    put: vi.fn(async (d: BuilderDraft) => (puts.push(d), { ok: true })),
    save: vi.fn(async () => ({ ok: true as const })),
    close: vi.fn(async () => link.closed()),
    addTest: vi.fn(async () => ({ ok: true as const, tests: 1 })),
  };
  const Page = defineComponent(() => () =>
    h(RecipeBuilder, {
      draft, locale: 'en', texts, reload, docked: docked.value, transport,
      page: { doc: document, url: () => new URL(`${ORIGIN}/auftraege`), fetch: vi.fn(), isOwn: (t: EventTarget) => t === host },
      onReady: (made: BuilderModel) => (model = made),
      onShowHere: () => link.showInPage(),
    }),
  );
  const wrapper = mount(Page, { attachTo: host });
  mounted.push(wrapper);
  const link: SidePanelLink = linkSidePanel({ model: () => model, inFrame: frameId !== 0, docked: (on) => (docked.value = on), reload });
  sidePanelLinks.push(link);
  return { wrapper, reload, transport };
}

/** The side panel of tab TAB, drawing whatever builder of that tab connects. */
function openSidePanel() {
  const Panel = defineComponent(() => {
    const panel = useSidePanelBuilder(TAB);
    return () =>
      panel.builder.value
        ? h(RecipeBuilderView, { key: panel.generation.value, b: panel.builder.value.model, inFrame: false, locale: 'en', texts, reload: () => panel.send({ action: 'reload' }), placement: 'sidePanel' })
        : h('p', { role: 'status' }, panel.state.value);
  });
  const wrapper = mount(Panel);
  mounted.push(wrapper);
  return wrapper;
}

const cell = (text: string) => [...document.querySelectorAll('td')].find((td) => td.textContent?.trim() === text)!;
const button = (w: VueWrapper, name: string) => w.findAll('button').find((b) => (b.attributes('aria-label') ?? b.text()) === name);
const click = (el: Element) => el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));

beforeEach(() => {
  panelListeners = [];
  knockListeners = [];
  ports = [];
  mounted = [];
  puts = [];
  sidePanelLinks = [];
  vi.spyOn(fakeBrowser.runtime.onConnect, 'addListener').mockImplementation(((l: (port: FakePort) => void) => void panelListeners.push(l)) as never);
  vi.spyOn(fakeBrowser.runtime.onConnect, 'removeListener').mockImplementation(((l: (port: FakePort) => void) => void panelListeners.splice(panelListeners.indexOf(l), 1)) as never);
  vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener').mockImplementation(((l: (m: unknown) => unknown) => void knockListeners.push(l)) as never);
  vi.spyOn(fakeBrowser.runtime.onMessage, 'removeListener').mockImplementation(((l: (m: unknown) => unknown) => void knockListeners.splice(knockListeners.indexOf(l), 1)) as never);
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (_tab: number, message: unknown) => void knockListeners.forEach((l) => l(message))) as never);
  document.body.innerHTML = new DOMParser().parseFromString(LIST, 'text/html').body.innerHTML;
});
afterEach(() => {
  mounted.forEach((w) => w.unmount());
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('the builder in the side panel', () => {
  it('without a side panel the builder is the page’s floating panel', async () => {
    const { wrapper } = openInPage();
    await flushPromises();
    expect(wrapper.text()).toContain('Step 1 of 6: Orders in the list');
    expect(ports[0]!.connected).toBe(false);
  });

  it('the panel opened after the builder knocks; the page keeps a bar; a pick started in the panel happens in the page and the panel shows what it found', async () => {
    const page = openInPage();
    await flushPromises();
    const panel = openSidePanel();
    await flushPromises();
    expect(fakeBrowser.tabs.sendMessage).toHaveBeenCalledWith(TAB, KNOCK);
    expect(panel.text()).toContain('Step 1 of 6: Orders in the list');
    expect(page.wrapper.text()).toContain('Frachtbeleg is teaching this TMS in the browser’s side panel.');
    expect(page.wrapper.text()).not.toContain('Step 1 of 6');
    // "Move left" belongs to the page's floating panel only.
    expect(button(panel, 'Move left')).toBeUndefined();

    await button(panel, 'Pick in the page')!.trigger('click');
    await flushPromises();
    // The page says it is pointing (the user's eyes are there), the panel too.
    expect(page.wrapper.get('[role="status"]').text()).toContain('Click the value in the page');
    expect(panel.text()).toContain('Click the value in the page');
    click(cell('7.473,00 PLN'));
    await flushPromises();
    expect(panel.text()).toContain('25 orders found on this page');
    expect(puts.at(-1)).toMatchObject({ listPath: '/auftraege', rowCss: 'tbody > tr' });

    await button(panel, 'Next')!.trigger('click');
    await flushPromises();
    expect(panel.text()).toContain('Step 2 of 6: Order key');
    expect(panel.find('input[type="radio"]:checked').exists()).toBe(true);
  });

  it('closing the side panel brings the builder back into the page, where it was', async () => {
    const page = openInPage();
    const panel = openSidePanel();
    await flushPromises();
    await button(panel, 'Pick in the page')!.trigger('click');
    click(cell('7.473,00 PLN'));
    await flushPromises();
    expect(page.wrapper.text()).not.toContain('25 orders found');
    panel.unmount();
    ports.at(-1)!.disconnect();
    await flushPromises();
    expect(page.wrapper.text()).toContain('25 orders found on this page');
  });

  it('“Show the builder here” puts it back into the page; the panel says so and a knock does not take it again', async () => {
    const page = openInPage();
    const panel = openSidePanel();
    await flushPromises();
    await button(page.wrapper, 'Show the builder here')!.trigger('click');
    await flushPromises();
    expect(page.wrapper.text()).toContain('Step 1 of 6');
    expect(panel.text()).toBe('inPage');
    await fakeBrowser.tabs.sendMessage(TAB, KNOCK);
    await flushPromises();
    expect(page.wrapper.text()).toContain('Step 1 of 6');
  });

  it('closing in the panel closes the page’s builder and tells the panel', async () => {
    const page = openInPage();
    const panel = openSidePanel();
    await flushPromises();
    await button(panel, 'Close the builder')!.trigger('click');
    // Not saved yet: asked first.
    await panel.get('[role="alertdialog"] button').trigger('click');
    await flushPromises();
    expect(page.transport.close).toHaveBeenCalledOnce();
    expect(panel.text()).toBe('closed');
  });

  it('“Reload page” in the panel reloads the TMS page', async () => {
    const page = openInPage();
    const panel = openSidePanel();
    await flushPromises();
    // Only shown where the builder has seen no data: the rows step offers it.
    await button(panel, 'Reload the page to see its data')!.trigger('click');
    await flushPromises();
    expect(page.reload).toHaveBeenCalledOnce();
  });

  it('a builder of another tab is not drawn, and what the panel can’t read is not drawn either', async () => {
    const panel = openSidePanel();
    const stranger = portPair(BUILDER_VIEW_PORT, { tab: { id: TAB + 1 } });
    panelListeners.forEach((l) => l(stranger.panel));
    stranger.content.postMessage({ view: { draft: { step: 'rows' } } });
    await flushPromises();
    expect(stranger.content.onMessage.hasListeners()).toBe(false);
    expect(panel.text()).toBe('waiting');
    const ours = portPair(BUILDER_VIEW_PORT, { tab: { id: TAB } });
    panelListeners.forEach((l) => l(ours.panel));
    ours.content.postMessage({ view: { draft: { step: 'rows' }, picking: null } });
    await flushPromises();
    expect(panel.text()).toBe('unreadable');
  });

  it('the page’s builder ignores what is not one of the panel’s actions', async () => {
    const page = openInPage();
    openSidePanel();
    await flushPromises();
    const panelEnd = ports.at(-1)!;
    for (const forged of [{ action: 'eval', code: '1' }, { action: 'setName', name: 'x'.repeat(101) }, { action: 'chooseKey', index: -1 }, { action: 'pick', target: { kind: 'summary', field: 'password' } }, 'save', null]) panelEnd.postMessage(forged);
    await flushPromises();
    expect(puts).toEqual([]);
    expect(page.wrapper.text()).not.toContain('Click the value in the page');
  });
});

describe('the side panel page', () => {
  const DETAIL = 'http://detail.kombi.localhost:4646';

  it('offers the grant of the detail frame’s second origin in one click, when the page’s builder waits for it', async () => {
    const permissions = fakeSitePermissions({ granted: [`${ORIGIN}/*`] });
    window.history.replaceState({}, '', `/sidepanel.html?tab=${TAB}`);
    openInPage();
    const app = mount(SidePanelApp, { global: { plugins: plugins('en') } });
    mounted.push(app);
    await flushPromises();
    expect(app.text()).toContain('Step 1 of 6: Orders in the list');
    expect(app.text()).not.toContain('Grant access');

    // The user followed an order into its frame on the second origin (recipe-builder.content asks, then tells the panel).
    sidePanelLinks.at(-1)!.waitingFor(DETAIL);
    await flushPromises();
    expect(app.text()).toContain('The builder in this tab waits for access to detail.kombi.localhost:4646');
    await app.findAll('button').find((b) => b.text() === 'Grant access to detail.kombi.localhost:4646')!.trigger('click');
    await flushPromises();
    expect(permissions.prompts).toEqual([[`${DETAIL}/*`]]);
    expect(app.get('[role="status"]').text()).toBe('Access to detail.kombi.localhost:4646 granted: the builder continues in the frame.');

    // The frame's builder connects: the grant is done, the panel draws it.
    openInPage(undefined, 3);
    await flushPromises();
    expect(app.text()).not.toContain('Grant access');
  });

  it('a waiting origin that is no origin is not offered', async () => {
    window.history.replaceState({}, '', `/sidepanel.html?tab=${TAB}`);
    openInPage();
    const app = mount(SidePanelApp, { global: { plugins: plugins('en') } });
    mounted.push(app);
    await flushPromises();
    ports.at(-1)!.onMessage.fire({ waitingFor: 'javascript:alert(1)' });
    await flushPromises();
    expect(app.text()).not.toContain('Grant access');
  });
});
