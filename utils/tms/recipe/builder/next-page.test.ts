import { describe, expect, it } from 'vitest';
import { legacyPage } from '../testing/legacy-recipe';
import { locate } from '../locate';
import { proposeNextPage } from './rows';

const doc = (html: string) => new DOMParser().parseFromString(`<main>${html}</main>`, 'text/html');

describe('the builder finds a list’s link to its next page', () => {
  it('takes the link marked rel="next" (Legacy: "Weiter »"), which reads the next page’s address', () => {
    const page = legacyPage('legacy-list-m1.html');
    const next = proposeNextPage(page);
    expect(next).toEqual({ locator: { css: 'a[rel~="next"]', attr: 'href' }, name: 'Weiter »' });
    expect(locate(page, next!.locator)).toMatchObject({ ok: true, value: '/auftraege?seite=2&mutate=1' });
  });

  it('takes one link named like a next page, in German or English', () => {
    expect(proposeNextPage(doc('<a href="?p=1">1</a> <a href="?p=2">Nächste Seite</a>'))).toEqual({ locator: { role: 'link', name: 'Nächste Seite', attr: 'href' }, name: 'Nächste Seite' });
    expect(proposeNextPage(doc('<a href="?p=2">Next ›</a><a href="?p=2">Next ›</a>'))?.name).toBe('Next ›');
  });

  it('proposes nothing for a list on one page, or links it can’t tell apart', () => {
    expect(proposeNextPage(doc('<a href="/auftraege/o-1">A-1</a>'))).toBeNull();
    expect(proposeNextPage(doc('<a href="?p=2">Weiter</a> <a href="/assistent">Next</a>'))).toBeNull();
  });
});
