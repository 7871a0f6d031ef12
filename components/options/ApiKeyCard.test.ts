import { fakeBrowser } from 'wxt/testing/fake-browser';
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ApiKeyCard from './ApiKeyCard.vue';
import { click, flush, getByLabelText, getByRole, isDisabled, queryAllByLabelText, queryByRole, type } from '@/tests/support/dom';
import { deliverMessagesFrom, extensionPage } from '@/tests/support/messaging';
import { plugins } from '@/tests/support/panel';
import type { ProviderId } from '@/utils/domain/provider-rules';
import { handle, removeAllHandlers, type RequestOf, type ResponseOf } from '@/utils/messaging';

// Attached to the document: a form submits only when it is in one.
enableAutoUnmount(afterEach);

const KEY = 'lx-3f9a8b7c6d5e4f3a2b1c';

beforeEach(() => {
  // The messaging library keeps its own listener registry; fakeBrowser.reset() does not clear it.
  removeAllHandlers();
  deliverMessagesFrom(extensionPage('options.html'));
});

/** The background's key handlers, answering as the test says. */
function background(answers: { save?: ResponseOf<'saveApiKey'>; test?: ResponseOf<'testConnection'>; remove?: ResponseOf<'removeApiKey'> } = {}) {
  const save = vi.fn((_data: RequestOf<'saveApiKey'>) => answers.save ?? { ok: true as const, companyName: 'Spedition Muster GmbH' });
  const test = vi.fn((_data: RequestOf<'testConnection'>) => answers.test ?? { ok: true as const, companyName: 'Spedition Muster GmbH' });
  const remove = vi.fn((_data: RequestOf<'removeApiKey'>) => answers.remove ?? { ok: true as const });
  handle('saveApiKey', save);
  handle('testConnection', test);
  handle('removeApiKey', remove);
  return { save, test, remove };
}

function mountCard(status: ResponseOf<'getKeyStatus'>['lexware'], provider: ProviderId = 'lexware') {
  return mount(ApiKeyCard, { props: { provider, status, active: true }, global: { plugins: plugins() }, attachTo: document.body });
}

const keyInput = (wrapper: ReturnType<typeof mountCard>, name = /^Lexware Office API key/) => getByLabelText(wrapper, name);

describe('ApiKeyCard without a key', () => {
  it('asks for the key in a labelled password field', () => {
    const wrapper = mountCard({ saved: false });
    getByRole(wrapper, 'heading', /^Lexware Office/);
    expect(wrapper.text()).toContain('No key saved yet.');
    const input = keyInput(wrapper);
    expect(input.type).toBe('password');
    expect(input.autocomplete).toBe('off');
    expect(input.value).toBe('');
    expect(wrapper.text()).toContain('Create a key in Lexware Office under Extras → Public API');
  });

  it('enables "Save key" once the key is long enough', async () => {
    const wrapper = mountCard({ saved: false });
    expect(isDisabled(getByRole(wrapper, 'button', 'Save key'))).toBe(true);
    type(keyInput(wrapper), 'short');
    await wrapper.vm.$nextTick();
    expect(isDisabled(getByRole(wrapper, 'button', 'Save key'))).toBe(true);
    type(keyInput(wrapper), KEY);
    await wrapper.vm.$nextTick();
    expect(isDisabled(getByRole(wrapper, 'button', 'Save key'))).toBe(false);
  });

  it('sends the typed key, says whom it connected to, and forgets the key', async () => {
    const bg = background();
    const wrapper = mountCard({ saved: false });
    type(keyInput(wrapper), KEY);
    await flush();
    await click(getByRole(wrapper, 'button', 'Save key'));

    // The key reaches the background through storage, never inside a message.
    expect(bg.save).toHaveBeenCalledWith({ provider: 'lexware' }, expect.anything());
    expect((await fakeBrowser.storage.local.get('pendingApiKey')).pendingApiKey).toEqual({ provider: 'lexware', apiKey: KEY });
    expect(getByRole(wrapper, 'status').textContent).toBe('Connected to Spedition Muster GmbH.');
    expect(wrapper.emitted('changed')).toHaveLength(1);
    // The field is gone, and a new one starts empty.
    expect(queryAllByLabelText(wrapper, /API key/)).toEqual([]);
    await click(getByRole(wrapper, 'button', 'Replace key'));
    expect(keyInput(wrapper).value).toBe('');
  });

  it('puts a refused key into words and keeps the form', async () => {
    background({ save: { ok: false, error: { code: 'auth', message: 'HTTP 401', status: 401 } } });
    const wrapper = mountCard({ saved: false });
    type(keyInput(wrapper), KEY);
    await flush();
    await click(getByRole(wrapper, 'button', 'Save key'));

    expect(getByRole(wrapper, 'alert').textContent).toBe('Lexware Office refused the API key. Check the key in the settings.');
    expect(queryByRole(wrapper, 'status')).toBeNull();
    expect(wrapper.emitted('changed')).toBeUndefined();
    getByRole(wrapper, 'button', 'Save key');
  });

  it('explains where sevdesk keeps its token', () => {
    const wrapper = mountCard({ saved: false }, 'sevdesk');
    expect(keyInput(wrapper, /^sevdesk API key/).type).toBe('password');
    expect(wrapper.text()).toContain('Find your API token in sevdesk under Settings → Users → API token (https://api.sevdesk.de/#section/Authentication-and-Authorization).');
  });
});

describe('ApiKeyCard with a saved key', () => {
  const saved = { saved: true, savedAt: '2026-11-20T09:30:00.000Z' };

  it('says when the key was saved and shows no key at all', () => {
    const wrapper = mountCard(saved);
    expect(wrapper.text()).toMatch(/Saved on .*2026.*\. The key is stored only in this browser and never shown again\./);
    expect(queryAllByLabelText(wrapper, /API key/)).toEqual([]);
    expect(wrapper.findAll('input')).toHaveLength(0);
  });

  it('offers an empty field to replace the key, and Cancel', async () => {
    const wrapper = mountCard(saved);
    await click(getByRole(wrapper, 'button', 'Replace key'));
    const input = keyInput(wrapper);
    expect(input.value).toBe('');
    expect(input.placeholder).toBe('Paste the new key');
    await click(getByRole(wrapper, 'button', 'Cancel'));
    expect(queryAllByLabelText(wrapper, /API key/)).toEqual([]);
  });

  it('tests the connection', async () => {
    const bg = background({ test: { ok: false, error: { code: 'network', message: 'offline' } } });
    const wrapper = mountCard(saved);
    await click(getByRole(wrapper, 'button', 'Test connection'));
    expect(bg.test).toHaveBeenCalledWith({ provider: 'lexware' }, expect.anything());
    expect(getByRole(wrapper, 'alert').textContent).toBe('No connection to Lexware Office. Check your internet connection.');
  });

  it('removes the key', async () => {
    const bg = background();
    const wrapper = mountCard(saved);
    await click(getByRole(wrapper, 'button', 'Remove key'));
    expect(bg.remove).toHaveBeenCalledWith({ provider: 'lexware' }, expect.anything());
    expect(getByRole(wrapper, 'status').textContent).toBe('Key removed.');
    expect(wrapper.emitted('changed')).toHaveLength(1);
    expect(keyInput(wrapper).value).toBe('');
  });

  it('does not claim the key is removed when the background refused', async () => {
    background({ remove: { ok: false, error: { code: 'internal', message: 'storage is full' } } });
    const wrapper = mountCard(saved);
    await click(getByRole(wrapper, 'button', 'Remove key'));
    expect(getByRole(wrapper, 'alert').textContent).toBe('Something unexpected went wrong. Nothing was lost or sent twice; please try again.');
    expect(queryByRole(wrapper, 'status')).toBeNull();
    expect(wrapper.emitted('changed')).toBeUndefined();
  });

  it('says so when the background does not answer, instead of failing silently', async () => {
    // No handlers registered: nobody answers.
    const wrapper = mountCard(saved);
    await click(getByRole(wrapper, 'button', 'Test connection'));
    expect(getByRole(wrapper, 'alert').textContent).toMatch(/^(Something unexpected went wrong|Frachtbeleg did not answer)/);
    expect(isDisabled(getByRole(wrapper, 'button', 'Test connection'))).toBe(false);
  });
});
