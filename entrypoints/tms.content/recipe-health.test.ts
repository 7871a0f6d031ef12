import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detailHealthLines, healthLines, watchRecipeHealth } from './recipe-health';
import { withCapture, type RecipeHealth } from '@/utils/tms/recipe/health';
import { watchHealthState, type HealthState } from './health-state';
import { panelTexts } from '@/utils/i18n/translate';
import { reportReads } from './read-reports';
import { readReport } from '@/utils/tms/recipe/read-health';
import type { OrderReadResult } from '@/utils/domain/read-problem';

describe('the recipe health notice', () => {
  it('names what is off, row by row count, with advice (EN)', () => {
    const lines = healthLines(
      { rows: 25, keyed: 19, level: 'red', fields: [{ field: 'number', found: 19, fallback: 0 }, { field: 'price', found: 3, fallback: 2 }] },
      'Altmann',
      'en',
      panelTexts('en'),
    );
    expect(lines).toEqual([
      'Frachtbeleg may no longer read this page right with the recipe “Altmann”:',
      '6 of 25 rows without an order key',
      'Price found in 3 of 19 rows',
      'Price read by a fallback in 2 rows',
      'The TMS may have changed. Check the preview carefully, and teach the recipe again.',
    ]);
  });

  it('says an empty list is empty (DE)', () => {
    const lines = healthLines({ rows: 0, keyed: 0, level: 'red', fields: [] }, 'Altmann', 'de', panelTexts('de'));
    expect(lines.slice(0, 2)).toEqual(['Frachtbeleg liest diese Seite mit dem Rezept „Altmann“ womöglich nicht mehr richtig:', 'keine Aufträge in dieser Liste gefunden']);
  });

  it('says when the tab shows Frachtbeleg none of the data the recipe reads (EN, DE)', () => {
    const health = withCapture({ rows: 30, keyed: 30, level: 'ok', fields: [{ field: 'price', found: 30, fallback: 0 }] }, false)!;
    expect(health.level).toBe('amber');
    expect(healthLines(health, 'CargoGrid', 'en', panelTexts('en'))).toEqual([
      'Frachtbeleg may no longer read this page right with the recipe “CargoGrid”:',
      'Frachtbeleg sees none of the data the TMS loads in this tab (reload the page; some browsers don’t allow it): orders are read from the page and fetched instead, which may miss fields',
      'The TMS may have changed. Check the preview carefully, and teach the recipe again.',
    ]);
    const detail = withCapture({ level: 'ok', fields: [] }, false)!;
    expect(detailHealthLines(detail, 'CargoGrid', 'de', panelTexts('de'))[1]).toBe('Frachtbeleg sieht in diesem Tab keine der Daten, die das TMS lädt (laden Sie die Seite neu; manche Browser erlauben es nicht): Aufträge werden stattdessen aus der Seite gelesen und abgerufen, dabei können Felder fehlen');
  });

  it('on a detail page, names the fields an invoice needs that are not found, and fallbacks (EN)', () => {
    const lines = detailHealthLines(
      { level: 'red', fields: [{ field: 'price', found: false, fallback: false, required: true }, { field: 'load.weightKg', found: true, fallback: true, required: false }, { field: 'podUrl', found: false, fallback: false, required: false }] },
      'Altmann',
      'en',
      panelTexts('en'),
    );
    expect(lines).toEqual([
      'Frachtbeleg may no longer read this page right with the recipe “Altmann”:',
      'Price not found on this page',
      'Weight read by a fallback',
      'The TMS may have changed. Check the preview carefully, and teach the recipe again.',
    ]);
  });

  describe('on the page', () => {
    afterEach(() => {
      vi.useRealTimers();
      document.body.innerHTML = '';
    });

    it('offers "Teach this TMS again" while the page reads badly; the button opens the builder and the notice goes', async () => {
      vi.useFakeTimers();
      fakeBrowser.reset();
      const ctx = new ContentScriptContext('test');
      const teach = vi.fn();
      const recipe = { name: 'Altmann' } as never;
      watchRecipeHealth(ctx, () => ({ rows: 0, keyed: 0, level: 'red', fields: [] }), recipe, async () => ({ locale: 'en', texts: panelTexts('en') }), teach);
      await vi.advanceTimersByTimeAsync(1100);
      const host = document.querySelector('frachtbeleg-notice')!;
      const button = [...host.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Teach this TMS again')!;
      expect(button).toBeDefined();
      button.click();
      expect(teach).toHaveBeenCalledOnce();
      expect(document.querySelector('frachtbeleg-notice')).toBeNull();
      ctx.abort();
    });

    it('tells the action bar how the page reads; "Show why" there brings a closed notice back; a page that reads well again clears it', async () => {
      vi.useFakeTimers();
      fakeBrowser.reset();
      const ctx = new ContentScriptContext('test');
      const states: HealthState[] = [];
      const stop = watchHealthState((state) => states.push(state));
      let health: RecipeHealth = { rows: 25, keyed: 25, level: 'amber', fields: [{ field: 'price', found: 4, fallback: 0 }] };
      watchRecipeHealth(ctx, () => health, { name: 'Altmann' } as never, async () => ({ locale: 'en', texts: panelTexts('en') }));
      await vi.advanceTimersByTimeAsync(1100);
      expect(states.at(-1)?.level).toBe('amber');
      // The user closes the notice; the bar's "Show why" brings it back, saying the same.
      [...document.querySelector('frachtbeleg-notice')!.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Close')!.click();
      expect(document.querySelector('frachtbeleg-notice')).toBeNull();
      states.at(-1)!.show();
      await vi.advanceTimersByTimeAsync(10);
      expect(document.querySelector('frachtbeleg-notice')!.shadowRoot!.textContent).toContain('Price found in 4 of 25 rows');
      // The page reads well again (after a change of the page): the bar's line goes.
      health = { ...health, level: 'ok', fields: [] };
      document.body.append(document.createElement('p'));
      await vi.advanceTimersByTimeAsync(600);
      expect(states.at(-1)).toBeNull();
      stop();
      ctx.abort();
    });

    it('offers "Re-teach this field" for each amber or red column; the button opens the builder at that column', async () => {
      vi.useFakeTimers();
      fakeBrowser.reset();
      const ctx = new ContentScriptContext('test');
      const reteach = vi.fn();
      const health = { rows: 25, keyed: 25, level: 'amber' as const, fields: [{ field: 'number' as const, found: 25, fallback: 0 }, { field: 'price' as const, found: 4, fallback: 0 }] };
      watchRecipeHealth(ctx, () => health, { name: 'Altmann' } as never, async () => ({ locale: 'de', texts: panelTexts('de') }), vi.fn(), { weakFields: () => ['price'], run: reteach });
      await vi.advanceTimersByTimeAsync(1100);
      const host = document.querySelector('frachtbeleg-notice')!;
      const labels = [...host.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent);
      expect(labels).toEqual(['Dieses Feld neu beibringen: Preis', 'Dieses TMS neu beibringen', 'Schließen']);
      [...host.shadowRoot!.querySelectorAll('button')][0]!.click();
      expect(reteach).toHaveBeenCalledWith('price');
      expect(document.querySelector('frachtbeleg-notice')).toBeNull();
      ctx.abort();
    });

    it('on a detail page, offers "Re-teach this field" for a field an invoice needs; the button opens the builder at that field', async () => {
      vi.useFakeTimers();
      fakeBrowser.reset();
      const ctx = new ContentScriptContext('test');
      const reteachDetail = vi.fn();
      const health = { level: 'red' as const, fields: [{ field: 'number' as const, found: true, fallback: false, required: true }, { field: 'price' as const, found: false, fallback: false, required: true }] };
      watchRecipeHealth(ctx, () => null, { name: 'Altmann' } as never, async () => ({ locale: 'de', texts: panelTexts('de') }), vi.fn(), { weakFields: () => [], run: vi.fn() }, { health: () => health, weakFields: () => ['price'], run: reteachDetail });
      await vi.advanceTimersByTimeAsync(1100);
      const host = document.querySelector('frachtbeleg-notice')!;
      expect(host.shadowRoot!.textContent).toContain('Betrag auf dieser Seite nicht gefunden');
      const labels = [...host.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent);
      expect(labels).toEqual(['Dieses Feld neu beibringen: Betrag', 'Dieses TMS neu beibringen', 'Schließen']);
      [...host.shadowRoot!.querySelectorAll('button')][0]!.click();
      expect(reteachDetail).toHaveBeenCalledWith('price');
      ctx.abort();
    });

    it('a page that reads well, but a preview that could not read the price of 4 of 8 orders: says so after the preview, with "Re-teach this field"', async () => {
      vi.useFakeTimers();
      fakeBrowser.reset();
      const ctx = new ContentScriptContext('test');
      const reteachDetail = vi.fn();
      const ok = { rows: 8, keyed: 8, level: 'ok' as const, fields: [] };
      const recipe = { name: 'Altmann', detail: { url: { path: '/auftraege/:id' }, view: 'page' } } as never;
      watchRecipeHealth(ctx, () => ok, recipe, async () => ({ locale: 'en', texts: panelTexts('en') }), vi.fn(), { weakFields: () => [], run: vi.fn() }, { health: () => null, weakFields: () => [], run: reteachDetail });
      await vi.advanceTimersByTimeAsync(1100);
      expect(document.querySelector('frachtbeleg-notice')).toBeNull();

      const reads: OrderReadResult[] = Array.from({ length: 8 }, (_, i) =>
        i < 4 ? { ok: false, id: `o-${i}`, problems: [{ code: 'price-missing' }] } : ({ ok: true, order: { id: `o-${i}` } } as unknown as OrderReadResult),
      );
      reportReads(readReport(reads));
      await vi.advanceTimersByTimeAsync(0);
      const host = document.querySelector('frachtbeleg-notice')!;
      expect(host.shadowRoot!.textContent).toContain('Price could not be read for 4 of the 8 orders in the last preview');
      const labels = [...host.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent);
      expect(labels).toEqual(['Re-teach this field: Price', 'Teach this TMS again', 'Close']);
      [...host.shadowRoot!.querySelectorAll('button')][0]!.click();
      expect(reteachDetail).toHaveBeenCalledWith('price');

      // A recipe whose orders open in a drawer: no field to re-teach there, "Teach this TMS again" helps.
      const drawer = new ContentScriptContext('drawer');
      document.body.innerHTML = '';
      reportReads(readReport(reads.slice(1)));
      watchRecipeHealth(drawer, () => ok, { name: 'CargoGrid', detail: { view: 'drawer' } } as never, async () => ({ locale: 'en', texts: panelTexts('en') }), vi.fn(), undefined, { health: () => null, weakFields: () => [], run: reteachDetail });
      await vi.advanceTimersByTimeAsync(1100);
      const drawerNotices = [...document.querySelectorAll('frachtbeleg-notice')];
      expect(drawerNotices.at(-1)!.shadowRoot!.textContent).toContain('Price could not be read for 3 of the 7 orders in the last preview');
      expect([...drawerNotices.at(-1)!.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Teach this TMS again', 'Close']);
      drawer.abort();

      // The next preview reads them all: nothing to say.
      reportReads(readReport(reads.map((r, i) => (r.ok ? r : ({ ok: true, order: { id: `o-${i}` } } as unknown as OrderReadResult)))));
      await vi.advanceTimersByTimeAsync(0);
      expect(document.querySelector('frachtbeleg-notice')).toBeNull();
      ctx.abort();
    });
  });
});
