/**
 * The recipe test runner on the demo recipe with two tests built from the demo fixtures (a
 * detail page and the list), and the command line that hosts it (`npm run recipes:test`).
 * The list's expected summaries come from the demo's code adapter, not from the runner, so a
 * pass means the recipe reads what the hand-written adapter reads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { demoTmsAdapter } from '../demo/page-adapter';
import demoRecipeJson from '../demo/demo.recipe.json';
import { detailFile, detailUrl, expectedOrder, fixtureDocument, fixtureText, listUrl } from '../demo/fixtures/fixtures';
import { runRecipeTests, type RunOptions } from './run-tests';
import { validateRecipe, type Recipe } from './schema';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The demo recipe's JSON with two tests: detail o-0001 and the list's summaries. */
function recipeWithTests(): Record<string, unknown> & { tests: Recipe['tests']; id: string } {
  const json = structuredClone(demoRecipeJson) as unknown as Record<string, unknown> & { tests: Recipe['tests']; id: string };
  const order = expectedOrder('o-0001');
  const listDoc = fixtureDocument('list.html');
  json.tests = [
    {
      name: 'detail o-0001',
      url: detailUrl('o-0001').href,
      html: fixtureText(detailFile('o-0001')),
      expected: [{ ok: true, order: { ...order, source: { ...order.source, adapter: `recipe:${json.id}` } } }],
    },
    {
      name: 'list, page 1',
      url: listUrl().href,
      html: fixtureText('list.html'),
      expected: JSON.parse(JSON.stringify(demoTmsAdapter.listRows(listDoc).map((r) => demoTmsAdapter.summariseRow(r)))) as unknown[],
    },
  ];
  return json;
}

function valid(json: unknown): Recipe {
  const checked = validateRecipe(json);
  if (!checked.ok) throw new Error(`not a valid recipe: ${JSON.stringify(checked.issues)}`);
  return checked.recipe;
}

// As the builder will: the page's DOMParser (happy-dom here), which runs no scripts. The saved
// pages link a stylesheet happy-dom doesn't load; it is told that this is no error.
const happy = (globalThis as { happyDOM?: { settings: { handleDisabledFileLoadingAsSuccess: boolean } } }).happyDOM;
if (happy) happy.settings.handleDisabledFileLoadingAsSuccess = true;
const options: RunOptions = { parseHtml: (html) => new DOMParser().parseFromString(html, 'text/html') };

describe('runRecipeTests', () => {
  it('passes the demo recipe on its detail and list fixtures', async () => {
    const report = await runRecipeTests(valid(recipeWithTests()), options);
    expect(report).toEqual({
      passed: 2,
      failed: 0,
      tests: [
        { name: 'detail o-0001', ok: true, kind: 'detail', notes: [], differences: [], truncated: false },
        { name: 'list, page 1', ok: true, kind: 'list', notes: [], differences: [], truncated: false },
      ],
    });
  });

  it('a changed expectation gives exactly one difference, naming the order and the field path', async () => {
    const json = recipeWithTests();
    (json.tests[0]!.expected[0] as { order: { customer: { name: string } } }).order.customer.name = 'Spedition Südlicht GmbH';
    const report = await runRecipeTests(valid(json), options);
    expect(report.passed).toBe(1);
    expect(report.failed).toBe(1);
    expect(report.tests[0]!.differences).toEqual([{ order: 'o-0001', path: '[0].order.customer.name', expected: 'Spedition Südlicht GmbH', actual: 'Spedition Nordlicht GmbH' }]);
  });

  it('a missing row on the list is named by its id', async () => {
    const json = recipeWithTests();
    json.tests[1]!.expected.pop();
    const report = await runRecipeTests(valid(json), options);
    const differences = report.tests[1]!.differences;
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({ path: '[24]', expected: undefined, actual: { id: 'o-0046' }, order: 'o-0046' });
  });

  it('a page the recipe does not recognise fails with a reason', async () => {
    const json = recipeWithTests();
    json.tests = [
      { name: 'settings', url: 'http://127.0.0.1:4410/settings', html: '<html><body><h1>Settings</h1></body></html>', expected: [] },
      { name: 'not the demo', url: listUrl().href, html: '<header><a class="brand">OtherTMS</a></header><table class="orders-table"></table>', expected: [] },
    ];
    const report = await runRecipeTests(valid(json), options);
    expect(report).toMatchObject({ passed: 0, failed: 2 });
    expect(report.tests[0]).toMatchObject({ ok: false, kind: null, differences: [] });
    expect(report.tests[0]!.reason).toMatch(/not recognised: its URL matches neither list.url \/orders nor detail.url \/orders\/:id/);
    expect(report.tests[1]!.reason).toMatch(/matches the list URL, but not its markers/);
  });

  it('a drawer recipe names the drawer that is not open', async () => {
    const json = { ...recipeWithTests(), detail: { view: 'drawer', container: { css: 'aside.order-drawer' } } };
    json.tests = [{ ...json.tests[0]!, name: 'drawer closed' }];
    const report = await runRecipeTests(valid(json), options);
    expect(report.tests[0]!.reason).toMatch(/the detail drawer \(aside\.order-drawer\) is not open on the saved page/);
  });

  it('selected orders need an offline source: the demo reads only through its API', async () => {
    const json = recipeWithTests();
    json.tests = [{ ...json.tests[1]!, name: 'selected', selected: ['o-0001'], expected: [] }];
    const report = await runRecipeTests(valid(json), options);
    expect(report.tests[0]).toMatchObject({ ok: false, kind: 'list' });
    expect(report.tests[0]!.reason).toMatch(/fetch:api.*can't run on a saved page/);
  });

  it('with "list" among the sources, selected orders are read from the saved rows and the skipped source is noted', async () => {
    const json = recipeWithTests();
    (json.order as { read: string[] }).read = ['fetch:api', 'list'];
    const recipe = valid({ ...json, tests: [{ ...json.tests[1]!, name: 'selected', selected: ['o-0001', 'o-9999'], expected: [] }] });
    const report = await runRecipeTests(recipe, options);
    const test = report.tests[0]!;
    expect(test.notes).toEqual([expect.stringMatching(/^fetch:api skipped: .*can't run offline/)]);
    // Two results, the unknown id not found; what a row alone yields is the recipe's business.
    expect(test.differences.map((d) => d.path)).toEqual(['[0]', '[1]']);
    expect(test.differences[1]!.actual).toEqual({ ok: false, id: 'o-9999', problems: [{ code: 'order-not-found' }] });
  });

  it('never throws: a page that cannot be parsed and a recipe without tests', async () => {
    const failing: RunOptions = {
      parseHtml: () => {
        throw new Error('parser exploded');
      },
    };
    const report = await runRecipeTests(valid(recipeWithTests()), failing);
    expect(report.failed).toBe(2);
    expect(report.tests[0]!.reason).toMatch(/could not be parsed: parser exploded/);
    expect(await runRecipeTests({} as Recipe, options)).toEqual({ passed: 0, failed: 0, tests: [] });
  });
});

// ------------------------------------------------------------------------------------------
// The command line

const dir = mkdtempSync(path.join(tmpdir(), 'recipes-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(json: unknown): { status: number | null; out: string } {
  const file = path.join(dir, `recipe-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(json));
  const run = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/recipes-test.ts', file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('npm run recipes:test', () => {
  it('exits 0 on the good recipe, with a tick per test', () => {
    const { status, out } = cli(recipeWithTests());
    expect(out).toContain('✓ detail o-0001 (detail page)');
    expect(out).toContain('✓ list, page 1 (list page)');
    expect(out).toContain('2 passed, 0 failed');
    expect(status).toBe(0);
  }, 60_000);

  it('exits 1 on a broken expectation and prints the difference', () => {
    const json = recipeWithTests();
    (json.tests[0]!.expected[0] as { order: { price: { minor: number } } }).order.price.minor = 125001;
    const { status, out } = cli(json);
    expect(out).toContain('✗ detail o-0001');
    expect(out).toContain('o-0001 [0].order.price.minor: expected 125001 got 125000');
    expect(out).toContain('1 passed, 1 failed');
    expect(status).toBe(1);
  }, 60_000);

  it('exits 1 on an invalid recipe, naming the issue path', () => {
    const json = recipeWithTests();
    (json.locale as { decimal: string }).decimal = ';';
    const { status, out } = cli(json);
    expect(out).toContain('not a valid recipe');
    expect(out).toMatch(/locale\.decimal: /);
    expect(status).toBe(1);
  }, 60_000);

  it('exits 1 on a recipe without tests', () => {
    const { status, out } = cli({ ...recipeWithTests(), tests: [] });
    expect(out).toContain('has no tests');
    expect(status).toBe(1);
  }, 60_000);
});
