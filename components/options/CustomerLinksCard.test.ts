import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CustomerLinksCard from './CustomerLinksCard.vue';
import { click, flush, getByLabelText, getByRole, isDisabled, queryByRole, textOf } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';
import { linksItem, type Links } from '@/utils/storage';
import type { Locale } from '@/utils/i18n/translate';

enableAutoUnmount(afterEach);

const TMS = 'http://127.0.0.1:4410';
const link = (contactId: string, contactName = contactId) => ({ contactId, contactName, linkedAt: '2026-11-20T09:00:00.000Z' });
const stored: Links = {
  lexware: { [`${TMS}|10001`]: link('lx-1', 'Spedition Nordlicht GmbH'), [`${TMS}|10002`]: link('lx-2', 'Bayern Logistik AG') },
  sevdesk: { [`${TMS}|10005`]: link('74100233', 'Polex Transport Sp. z o.o.') },
};

async function mountCard(links: Links | null = stored, locale: Locale = 'en') {
  if (links) await linksItem.set(links);
  const wrapper = mount(CustomerLinksCard, { global: { plugins: plugins(locale) }, attachTo: document.body });
  await flush();
  return wrapper;
}

/** Chooses a file in the file dialog. */
async function choose(wrapper: Awaited<ReturnType<typeof mountCard>>, content: string | object, label = 'Import links') {
  const input = getByLabelText(wrapper, label);
  const file = new File([typeof content === 'string' ? content : JSON.stringify(content)], 'links.json', { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
  await flush();
  await flush();
}

const linksFile = (links: Record<string, unknown>, over: Record<string, unknown> = {}) => ({ format: 'frachtbeleg-links', version: 1, exportedAt: '2026-11-23T10:00:00.000Z', links, ...over });

describe('CustomerLinksCard: export', () => {
  it('shows how many links there are and downloads them as a dated file', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 23, 14, 30));
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:links';
    });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    try {
      const wrapper = await mountCard();
      expect(textOf(getByRole(wrapper, 'region', 'Customer links'))).toContain('Saved: 2 in Lexware Office, 1 in sevdesk.');

      await click(getByRole(wrapper, 'button', 'Export links'));

      expect(clicked).toHaveLength(1);
      expect(clicked[0]!.download).toBe('frachtbeleg-links-2026-11-23.json');
      expect(clicked[0]!.href).toBe('blob:links');
      const file = JSON.parse(await blobs[0]!.text());
      expect(file).toEqual({ format: 'frachtbeleg-links', version: 1, exportedAt: new Date(2026, 10, 23, 14, 30).toISOString(), links: stored });
      expect(getByRole(wrapper, 'status').textContent).toBe('Exported 3 links to frachtbeleg-links-2026-11-23.json.');
    } finally {
      vi.useRealTimers();
    }
  });

  it('has nothing to export before the first link', async () => {
    const wrapper = await mountCard(null);
    expect(isDisabled(getByRole(wrapper, 'button', 'Export links'))).toBe(true);
    expect(wrapper.text()).toContain('Saved: 0 in Lexware Office, 0 in sevdesk.');
  });
});

describe('CustomerLinksCard: counts', () => {
  it('follows links made meanwhile in the popup or a preview', async () => {
    const wrapper = await mountCard(null);
    await linksItem.set(stored);
    await flush();
    expect(wrapper.text()).toContain('Saved: 2 in Lexware Office, 1 in sevdesk.');
    expect(isDisabled(getByRole(wrapper, 'button', 'Export links'))).toBe(false);
  });
});

describe('CustomerLinksCard: import', () => {
  it('replaces the links of the same customers, keeps the others and says how many', async () => {
    const wrapper = await mountCard();
    await choose(wrapper, linksFile({ lexware: { [`${TMS}|10001`]: link('lx-9', 'Nordlicht neu'), [`${TMS}|10003`]: link('lx-3', 'Rheinfracht') }, sevdesk: { [`${TMS}|10005`]: link('74100233', 'Polex Transport Sp. z o.o.') } }));

    expect(getByRole(wrapper, 'status').textContent).toBe('Imported 3 links (1 replaced).');
    const links = await linksItem.get();
    expect(links.lexware).toEqual({ [`${TMS}|10001`]: link('lx-9', 'Nordlicht neu'), [`${TMS}|10002`]: stored.lexware?.[`${TMS}|10002`], [`${TMS}|10003`]: link('lx-3', 'Rheinfracht') });
    expect(links.sevdesk).toEqual(stored.sevdesk);
    expect(wrapper.text()).toContain('Saved: 3 in Lexware Office, 1 in sevdesk.');
  });

  it('changes nothing and names the entry when one link is broken', async () => {
    const wrapper = await mountCard();
    await choose(wrapper, linksFile({ lexware: { [`${TMS}|10003`]: link('lx-3'), [`${TMS}|10001`]: { contactName: 'X', linkedAt: '2026-11-20T09:00:00.000Z' } } }));
    expect(getByRole(wrapper, 'alert').textContent).toBe(`Nothing was imported. lexware › '${TMS}|10001': contactId is missing.`);
    expect(await linksItem.get()).toEqual(stored);
  });

  it('counts the further problems', async () => {
    const wrapper = await mountCard();
    await choose(wrapper, linksFile({ lexware: { a: link('1'), b: link('2'), c: link('3') } }));
    expect(getByRole(wrapper, 'alert').textContent).toBe("Nothing was imported. lexware › 'a': not a customer (expected \"TMS address|customer id\"). (And 2 more problems.)");
  });

  it.each([
    ['a file that is not JSON', 'hello', 'Nothing was imported. The file is not valid JSON.'],
    ['another kind of file', { format: 'frachtbeleg-sites', version: 1 }, 'Nothing was imported. This is not a Frachtbeleg links file.'],
    ['a newer version', linksFile({}, { version: 2 }), 'Nothing was imported. The file has version 2, which is newer than this extension understands. Update Frachtbeleg, then import it again.'],
    ['a file without links', linksFile({}, { links: null }), 'Nothing was imported. The file has no "links" section.'],
    ['an unknown billing system', linksFile({ datev: {} }), 'Nothing was imported. links › datev: unknown billing system.'],
  ])('refuses %s and changes nothing', async (_, content, text) => {
    const wrapper = await mountCard();
    await choose(wrapper, content);
    expect(getByRole(wrapper, 'alert').textContent).toBe(text);
    expect(await linksItem.get()).toEqual(stored);
  });

  it('says so when the file holds no links', async () => {
    const wrapper = await mountCard();
    await choose(wrapper, linksFile({ lexware: {}, sevdesk: {} }));
    expect(getByRole(wrapper, 'status').textContent).toBe('The file holds no links. Nothing was changed.');
  });

  it('lets the user choose the same file again after correcting it', async () => {
    const wrapper = await mountCard();
    await choose(wrapper, 'broken');
    expect(getByLabelText(wrapper, 'Import links').value).toBe('');
  });

  it('speaks German', async () => {
    const wrapper = await mountCard(stored, 'de');
    await choose(wrapper, {}, 'Verknüpfungen importieren');
    expect(queryByRole(wrapper, 'alert')?.textContent).toBe('Es wurde nichts importiert. Das ist keine Frachtbeleg-Verknüpfungsdatei.');
    getByRole(wrapper, 'button', 'Verknüpfungen exportieren');
  });
});
