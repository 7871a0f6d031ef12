/**
 * The mutation suite for the Frames TMS (Kombi, recipes.md §5, A8), with the recipe the
 * builder made in recipe-frames.spec.ts (tests/e2e/golden/frames.recipe.json, as it is; on the
 * second-origin view the builder names that origin too, as the spec checks). Both Kombi
 * servers answer in-process. Under each seed's skin (churned classes, permuted columns plus
 * "Fahrer", permuted detail rows plus "Disponent", wrapper divs, renamed ids) every order of
 * the list is read as the extension reads it, on both views (detail frame on the same origin,
 * and on a second one): its key, the action bar's columns, the whole order through the row's
 * link (the action bar's "Create invoice"), and the whole order on its detail page in the
 * frame ("Create invoice" inside the frame). Each (order, field) is right, or missed with the
 * problem the user is told; never wrong.
 */
import { describe, expect, it } from 'vitest';
import { createKombiTms } from '@/sandbox/tms-frames/server';
import { inProcessFetch } from '@/tests/support/in-process-tms';
import { MUTATION_SEEDS, Tally, goldenRecipe, orderFields } from '@/tests/support/mutation-suite';
import type { OrderReadResult } from '../adapter';
import { adapterFromRecipe } from './adapter';
import { listHealth, weakFields, type RecipeHealth } from './health';
import { readField } from './read-fields';
import type { Locator } from './schema';

/** 120 pages parsed per skin and view: on a loaded two-core machine that can take longer than the default 20 s. */
const PATIENCE = 90_000;
const TOP = 'http://kombi.test';
const DETAIL = 'http://detail.kombi.test';
const SUMMARY = ['number', 'customer', 'price', 'status'] as const;
type SummaryField = (typeof SUMMARY)[number];
type Variant = 'gleich' | 'fremd';

/** The recipe as the builder made it on each view. */
const recipes = {
  gleich: goldenRecipe('frames', { frames: TOP }),
  fremd: goldenRecipe('frames', { frames: TOP }, (raw) => (raw.extraOrigins = [DETAIL])),
};

interface RowRead {
  key: string | null;
  summary: Record<SummaryField, string | null>;
  /** Read through the row's link, as the action bar does. */
  viaLink: OrderReadResult | null;
  /** Read on the detail page in the frame, as "Create invoice" inside the frame does. */
  inFrame: OrderReadResult | null;
}

/** A page as the engine's DOMParser reads it; the list's (empty) frame left out, as frames do not load in this test. */
const parse = (html: string) => new DOMParser().parseFromString(html.replace(/<iframe\b[^>]*><\/iframe>/g, ''), 'text/html');

/** Kombi's list under a skin, on a view, with every order read both ways. */
async function readKombi(variant: Variant, skin: number | 'off'): Promise<{ rows: RowRead[]; health: RecipeHealth }> {
  const recipe = recipes[variant];
  const servers = createKombiTms({ detailOrigin: () => DETAIL });
  const fetch = inProcessFetch({ [TOP]: servers.top, [DETAIL]: servers.detail });
  const url = new URL(`${TOP}/kombi?ansicht=${variant}&mutate=${skin}`);
  const document = parse(await (await fetch(url)).text());
  const adapter = adapterFromRecipe(recipe, undefined);
  expect(adapter.pageKind(document, url)).toBe('list');
  const env = { locale: recipe.locale, baseUrl: url.href, origin: TOP, adapterId: 'frames-mutation' };
  const summaryValue = (row: Element, locator: Locator | undefined) => {
    if (!locator) return null;
    const outcome = readField({ html: locator }, [{ kind: 'html', root: row }], env);
    return outcome.kind === 'value' ? JSON.stringify(outcome.value) : null;
  };

  const keyed = new Map(adapter.listRows(document).map((r) => [r.row as Element, r.id]));
  const viaLink = new Map((await adapter.readOrders([...keyed.values()], { origin: TOP, fetch, page: { document, url } })).map((r) => [r.ok ? r.order.id : r.id, r]));
  const rows: RowRead[] = [];
  for (const row of document.querySelectorAll(recipe.list!.row.css)) {
    const key = keyed.get(row) ?? null;
    const summary = Object.fromEntries(SUMMARY.map((field) => [field, summaryValue(row, recipe.list!.summary[field])])) as RowRead['summary'];
    let inFrame: OrderReadResult | null = null;
    const href = key ? row.querySelector('a[target="detail"]')?.getAttribute('href') : null;
    if (href) {
      // The page the frame shows for this row, on the origin the view serves it from.
      const frameUrl = new URL(href, url);
      const frame = parse(await (await fetch(frameUrl)).text());
      inFrame = adapter.pageKind(frame, frameUrl) === 'detail' ? adapter.readDetail(frame, frameUrl) : null;
    }
    rows.push({ key, summary, viaLink: key ? (viaLink.get(key) ?? null) : null, inFrame });
  }
  return { rows, health: listHealth(recipe, document, url)! };
}

const truth = new Map<Variant, RowRead[]>();
const total = new Tally();

describe.each(['gleich', 'fremd'] as const)('mutation suite, Frames TMS, view "%s", with the builder-made recipe', (variant) => {
  it('reads every order of the plain list completely, both ways (the truth the skins are held to)', async () => {
    const { rows, health } = await readKombi(variant, 'off');
    expect(health.level).toBe('ok');
    expect(rows).toHaveLength(60);
    for (const row of rows) {
      expect(row.key).toMatch(/^o-\d{4}$/);
      expect(row.viaLink, `${row.key} via its link`).toMatchObject({ ok: true, order: { id: row.key } });
      // The same order both ways (the frame's read names the frame's origin as its source).
      expect(row.inFrame?.ok && orderFields(row.inFrame.order)).toEqual(row.viaLink?.ok && orderFields(row.viaLink.order));
    }
    truth.set(variant, rows);
  }, PATIENCE);

  it.each(MUTATION_SEEDS.map((seed) => [seed]))('seed %i: every field of every order right, or missed with a named problem, never wrong', async (seed) => {
    const plain = truth.get(variant)!;
    const skin = await readKombi(variant, seed);
    expect(skin.rows).toHaveLength(plain.length);
    const weak = weakFields(skin.health);
    const tally = new Tally();
    for (const [i, read] of skin.rows.entries()) {
      const want = plain[i]!;
      const where = (field: string) => `${variant} seed ${seed} ${want.key} ${field}`;
      tally.count(want.key, read.key, where('key'), () => (skin.health.keyed < skin.health.rows ? `health ${skin.health.level}: rows without a key` : undefined));
      for (const field of SUMMARY) {
        tally.count(want.summary[field], read.summary[field], where(field), () => (weak.includes(field) ? `health ${skin.health.level}: ${field} column weak` : undefined));
      }
      for (const way of ['viaLink', 'inFrame'] as const) {
        const expected = orderFields((want[way] as Extract<OrderReadResult, { ok: true }>).order);
        const result = read[way];
        const got = result?.ok ? orderFields(result.order) : new Map<string, string>();
        const problems = result && !result.ok ? result.problems : [];
        for (const [field, value] of expected) tally.count(value, got.get(field) ?? null, where(`${way} ${field}`), () => problems[0]);
        for (const [field, value] of got) if (!expected.has(field)) tally.count(null, value, where(`${way} ${field}`), () => undefined);
      }
    }
    total.add(tally);
    console.info(tally.line(`Frames "${variant}" seed ${seed}`).replace(/ over \d+ seeds$/, ''));
    expect(tally.wrong).toEqual([]);
    expect(tally.silent).toEqual([]);
    expect(tally.share).toBeGreaterThanOrEqual(0.9);
  }, PATIENCE);
});

describe('mutation suite, Frames TMS, both views', () => {
  it('counts every field of every order on both views under every skin', () => {
    console.info(total.line('Frames (key, list columns, order via link and in the frame)'));
    expect(total.total).toBeGreaterThan(0);
  });
});
