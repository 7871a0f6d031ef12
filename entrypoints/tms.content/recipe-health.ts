/**
 * Watches how well a recipe reads its list page or a detail page (utils/tms/recipe/health.ts) and says so
 * in a notice while it is amber or red: one second after start, then after each burst of
 * page changes. The notice goes when the page reads well again.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Recipe } from '@/utils/tms/recipe/schema';
import type { DetailHealth, RecipeHealth } from '@/utils/tms/recipe/health';
import { reteachesDetailOnPage, type DetailField, type SummaryField } from '@/utils/tms/recipe/builder/fields';
import { translatorFrom, type FlatTexts, type Locale, type MessageKey } from '@/utils/i18n/translate';
import type { ShadowMount } from './shadow';
import { showPageNotice } from './page-notice';
import { watchReads } from './read-reports';
import { weakReadFields, type ReadReport } from '@/utils/tms/recipe/read-health';
import { setHealthState } from './health-state';

const FIRST_CHECK_MS = 1000;
const SETTLE_MS = 500;

/** The notice's lines for a health that is not ok. */
export function healthLines(health: RecipeHealth, recipeName: string, locale: Locale, texts: FlatTexts): string[] {
  const t = translatorFrom(locale, texts);
  const field = (f: RecipeHealth['fields'][number]['field']) => t(`panel.health.fields.${f}` as MessageKey);
  const lines = [t('panel.health.title', { name: recipeName })];
  if (health.rows === 0) lines.push(t('panel.health.noRows'));
  else if (health.keyed < health.rows) lines.push(t('panel.health.keyless', { missing: health.rows - health.keyed, rows: health.rows }));
  for (const f of health.fields) {
    if (health.keyed > 0 && f.found < health.keyed) lines.push(t('panel.health.field', { field: field(f.field), found: f.found, rows: health.keyed }));
    if (f.fallback > 0) lines.push(t('panel.health.fallback', { field: field(f.field), count: f.fallback }));
  }
  if (health.captureUnavailable) lines.push(t('panel.health.captureUnavailable'));
  lines.push(t('panel.health.advice'));
  return lines;
}

/** The notice's lines for a detail page whose health is not ok. */
export function detailHealthLines(health: DetailHealth, recipeName: string, locale: Locale, texts: FlatTexts): string[] {
  const t = translatorFrom(locale, texts);
  const field = (f: DetailField) => t(`panel.health.detailFields.${f}` as MessageKey);
  const lines = [t('panel.health.title', { name: recipeName })];
  for (const f of health.fields) {
    if (f.required && !f.found) lines.push(t('panel.health.detailMissing', { field: field(f.field) }));
    if (f.fallback) lines.push(t('panel.health.detailFallback', { field: field(f.field) }));
  }
  if (health.captureUnavailable) lines.push(t('panel.health.captureUnavailable'));
  lines.push(t('panel.health.advice'));
  return lines;
}

/** Runs in the recipe engine's script (injected only on recipe sites). */
export function watchRecipeHealth(
  ctx: ContentScriptContext,
  listHealth: (recipe: Recipe, doc: Document, url: URL) => RecipeHealth | null,
  recipe: Recipe,
  texts: () => Promise<{ locale: Locale; texts: FlatTexts } | null>,
  /** Opens the builder on this tab ("Teach this TMS again"), when the host can. */
  teach?: () => void,
  /** Opens the builder at one amber or red list column only ("Re-teach this field"). */
  reteach?: { weakFields: (health: RecipeHealth) => SummaryField[]; run: (field: SummaryField) => void },
  /** The same on the recipe's detail pages: their health, and "Re-teach this field" for a detail field. */
  detail?: { health: (recipe: Recipe, doc: Document, url: URL) => DetailHealth | null; weakFields: (health: DetailHealth) => DetailField[]; run?: (field: DetailField) => void },
): void {
  let notice: ShadowMount | null = null;
  let shown = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** What the last preview on this page read (the panel reports it when the preview closes). */
  let lastRead: ReadReport | null = null;

  type Translate = ReturnType<typeof translatorFrom>;
  type Action = { label: string; run: () => void };

  /**
   * Shows the health notice for what was found (list or detail page alike), replacing the
   * one shown unless it says the same; "ok" or nothing found takes it away.
   */
  async function present<H extends { level: string }>(health: H | null, lines: (health: H, locale: Locale, texts: FlatTexts) => string[], fieldActions: (health: H, t: Translate) => Action[]) {
    const pageWeak = health !== null && health.level !== 'ok';
    const readWeak = weakReadFields(lastRead);
    if (!pageWeak && readWeak.length === 0) {
      notice?.remove();
      notice = null;
      shown = '';
      publish(null);
      return;
    }
    // The action bar says so too, and brings the notice back after the user closed it.
    publish(pageWeak && health.level === 'red' ? 'red' : 'amber');
    const key = JSON.stringify([pageWeak ? health : null, readWeak]);
    if (key === shown) return;
    const context = await texts();
    if (!context || ctx.isInvalid) return;
    notice?.remove();
    const t = translatorFrom(context.locale, context.texts);
    const fieldName = (field: DetailField) => t(`panel.health.detailFields.${field}` as MessageKey);
    // What the page shows, then what the last preview could not read, then the advice.
    const pageLines = pageWeak ? lines(health, context.locale, context.texts) : [t('panel.health.title', { name: recipe.name }), t('panel.health.advice')];
    const readLines = readWeak.map((f) => t('panel.health.readField', { field: fieldName(f.field), failed: f.failed, total: lastRead!.total }));
    const allLines = [...pageLines.slice(0, -1), ...readLines, pageLines[pageLines.length - 1]!];
    // A field is re-taught on a detail page of the recipe's own (the builder can't enter a
    // drawer or a frame for one field): elsewhere "Teach this TMS again" is what helps.
    const run = reteachesDetailOnPage(recipe) ? detail?.run : undefined;
    const readActions = run ? readWeak.map((f) => ({ label: t('panel.health.reteach', { field: fieldName(f.field) }), run: () => run(f.field) })) : [];
    const fieldButtons = [...(pageWeak ? fieldActions(health, t) : []), ...readActions].filter((a, i, all) => all.findIndex((b) => b.label === a.label) === i);
    const actions = [...fieldButtons, ...(teach ? [{ label: t('panel.health.teachAgain'), run: teach }] : [])];
    notice = showPageNotice(allLines, t('panel.close'), 'status', document.body, actions);
    shown = key;
  }

  async function check() {
    const health = listHealth(recipe, document, new URL(location.href));
    if (!health && detail) return checkDetail(detail);
    await present(
      health,
      (h, locale, all) => healthLines(h, recipe.name, locale, all),
      // Only where rows are found: a column can't be picked again in a list without rows.
      (h, t) => (reteach && h.keyed > 0 ? reteach.weakFields(h).map((field) => ({ label: t('panel.health.reteach', { field: t(`panel.health.fields.${field}` as MessageKey) }), run: () => reteach.run(field) })) : []),
    );
  }

  /** A detail page: the fields an invoice needs, and fallbacks, as on the list. */
  async function checkDetail(spec: NonNullable<typeof detail>) {
    const run = spec.run;
    await present(
      spec.health(recipe, document, new URL(location.href)),
      (h, locale, all) => detailHealthLines(h, recipe.name, locale, all),
      (h, t) => (run ? spec.weakFields(h).map((field) => ({ label: t('panel.health.reteach', { field: t(`panel.health.detailFields.${field}` as MessageKey) }), run: () => run(field) })) : []),
    );
  }

  /** The level the action bar shows, told only when it changes. */
  let published: 'amber' | 'red' | null = null;
  function publish(level: 'amber' | 'red' | null) {
    if (level === published) return;
    published = level;
    setHealthState(level ? { level, show: showAgain } : null);
  }

  /** "Show why" on the action bar: the notice again, even if it says what it said before. */
  function showAgain() {
    shown = '';
    void check();
  }

  const later = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void check(), ms);
  };
  later(FIRST_CHECK_MS);
  const unwatchReads = watchReads((report) => {
    if (report === lastRead) return;
    lastRead = report;
    void check();
  });
  const observer = new MutationObserver((records) => {
    // Our own notice coming and going is no news about the page.
    if (records.every((r) => r.target === notice?.host || [...r.addedNodes, ...r.removedNodes].every((n) => n === notice?.host || (n as Element).tagName === 'FRACHTBELEG-NOTICE'))) return;
    later(SETTLE_MS);
  });
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => {
    unwatchReads();
    observer.disconnect();
    clearTimeout(timer);
    notice?.remove();
    publish(null);
  });
}
