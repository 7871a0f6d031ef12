/**
 * `npm run recipes:test -- <file.json> [...]`: runs the tests saved in site recipe files
 * (docs/recipes.md, "Testing a recipe") in Node, with happy-dom as the page parser, and prints
 * a report. Exit code 1 when a file is unreadable or invalid, has no tests, or any test fails;
 * 0 otherwise. The runner itself is utils/tms/recipe/run-tests.ts, shared with vitest and the
 * builder, so a recipe passes here exactly when it passes there.
 */
import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { validateRecipe } from '../utils/tms/recipe/schema';
import { runRecipeTests, type RecipeTestReport } from '../utils/tms/recipe/run-tests';
import { showValue } from '../utils/tms/recipe/deep-diff';

/**
 * Saved pages are data: no scripts, no stylesheets, no frames are loaded, and a resource not
 * loaded is not an error (the saved pages link their TMS's stylesheet).
 */
const window = new Window({
  settings: {
    disableJavaScriptEvaluation: true,
    disableJavaScriptFileLoading: true,
    disableCSSFileLoading: true,
    disableIframePageLoading: true,
    handleDisabledFileLoadingAsSuccess: true,
  },
});

/**
 * The recipe engine uses a few DOM globals (instanceof checks and CSS.escape in locate.ts);
 * they must be this window's, or `instanceof` fails on its elements. Only those are set.
 */
const DOM_GLOBALS = ['Element', 'HTMLInputElement', 'HTMLTextAreaElement', 'HTMLSelectElement', 'CSS', 'DOMParser'] as const;
for (const name of DOM_GLOBALS) {
  if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value: window[name], configurable: true, writable: true });
}

const parser = new window.DOMParser();
const parseHtml = (html: string): Document => parser.parseFromString(html, 'text/html') as unknown as Document;

function printReport(report: RecipeTestReport): void {
  for (const test of report.tests) {
    console.info(`  ${test.ok ? '✓' : '✗'} ${test.name}${test.kind ? ` (${test.kind} page)` : ''}`);
    for (const note of test.notes) console.info(`      note: ${note}`);
    if (test.reason) console.info(`      ${test.reason}`);
    for (const d of test.differences) {
      const where = [d.order, d.path].filter(Boolean).join(' ') || '(whole result)';
      console.info(`      ${where}: expected ${showValue(d.expected)} got ${showValue(d.actual)}`);
    }
    if (test.truncated) console.info('      … more differences not shown');
  }
  console.info(`  ${report.passed} passed, ${report.failed} failed`);
}

async function runFile(file: string): Promise<boolean> {
  console.info(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.info(`  ✗ can't read the file: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  const checked = validateRecipe(text);
  if (!checked.ok) {
    console.info('  ✗ not a valid recipe:');
    for (const issue of checked.issues) console.info(`      ${issue.path}: ${issue.message}`);
    return false;
  }
  if (checked.recipe.tests.length === 0) {
    console.info('  ✗ the recipe has no tests: add saved pages with their expected orders to "tests"');
    return false;
  }
  const report = await runRecipeTests(checked.recipe, { parseHtml });
  printReport(report);
  return report.failed === 0;
}

async function main(): Promise<number> {
  const files = process.argv.slice(2).filter((a) => a !== '--');
  if (files.length === 0) {
    console.info('usage: npm run recipes:test -- <recipe.json> [...]');
    return 1;
  }
  let ok = true;
  for (const file of files) ok = (await runFile(file)) && ok;
  return ok ? 0 : 1;
}

main()
  .then(async (code) => {
    await window.happyDOM.close();
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
