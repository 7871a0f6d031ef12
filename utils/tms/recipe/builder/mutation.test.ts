/**
 * The mutation suite for the Legacy TMS, on the builder's own proposals: one click per field
 * on the plain page (as a user teaches it), then every field of every row read on pages the
 * sandbox served with class churn, reordered and extra columns, wrappers and suffixed ids
 * (seeds 1–5 and 7). A value that can't be found must be a miss, never a wrong value
 * (recipes.md §5: at least 90 % right, 0 wrong).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate } from '../locate';
import { proposeRows } from './rows';
import { proposeLocators, proposeRowKeys, withFallbacks } from './locators';
import type { Locator } from '../schema';

const SEEDS = [1, 2, 3, 4, 5, 7];
const page = (name: string) => new DOMParser().parseFromString(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8'), 'text/html');
const cellWithText = (root: ParentNode, text: string) => [...root.querySelectorAll('td')].find((td) => td.textContent?.replace(/\s+/g, ' ').trim() === text)!;

/** What the user clicks on the plain list page's first row, per field. */
const LIST_CLICKS: Record<string, string> = {
  number: 'A-2026-0289',
  customer: 'Allgäu Spedition Sp. z o.o.',
  pickup: 'Sa, 28.11.2026PL-60-004 Poznań',
  delivery: 'Di, 01.12.2026DE-86163 Augsburg',
  weight: '18,2 t',
  loadingMeters: '13,6 LDM',
  price: '7.473,00 PLN',
  status: 'Disponiert',
};

/** What the user clicks on the plain detail page, per field. */
const DETAIL_CLICKS: Record<string, string> = {
  number: 'A-2026-0289',
  status: 'Disponiert',
  customer: 'Allgäu Spedition Sp. z o.o.',
  customerNumber: '10011',
  vatId: 'PL5891777027',
  email: 'faktury@allgaeu-spedition.example',
  customerReference: 'Auftrag 83449',
  goods: 'Flachglas',
  weight: '18,2 t',
  loadingMeters: '13,6 LDM',
  price: '7.473,00 PLN',
};

type Tally = { right: number; wrong: number; missed: number; wrongCases: string[] };
const tally = (): Tally => ({ right: 0, wrong: 0, missed: 0, wrongCases: [] });
function count(t: Tally, expected: string | null, actual: string | null, where: string) {
  // An empty cell read as empty is right; a value not found where there is one is a miss.
  if (actual === expected) t.right += 1;
  else if (actual === null) t.missed += 1;
  else {
    t.wrong += 1;
    t.wrongCases.push(`${where}: expected ${JSON.stringify(expected)}, read ${JSON.stringify(actual)}`);
  }
}
const read = (root: ParentNode, locator: Locator) => {
  const found = locate(root, locator);
  return found.ok ? found.value : null;
};

describe('mutation suite, Legacy TMS, with the builder\'s proposals', () => {
  it('list pages: every field of every row read right or missed, never wrong', () => {
    const plain = page('legacy-list.html');
    const first = cellWithText(plain, LIST_CLICKS.price!);
    const { row, css } = proposeRows(first)!;
    const key = proposeRowKeys([...plain.querySelectorAll(css)])[0]!.locator;
    const fields = Object.fromEntries(Object.entries(LIST_CLICKS).map(([field, text]) => [field, withFallbacks(proposeLocators(row, cellWithText(row, text)))!]));
    const keyed = (doc: Document) => new Map([...doc.querySelectorAll(css)].map((r) => [read(r, key)!, r]));
    const truth = keyed(plain);
    const total = tally();
    for (const seed of SEEDS) {
      const rows = keyed(page(`legacy-list-m${seed}.html`));
      expect(rows.size, `rows on seed ${seed}`).toBe(truth.size);
      for (const [id, mutatedRow] of rows) {
        const plainRow = truth.get(id)!;
        for (const [field, locator] of Object.entries(fields)) count(total, read(plainRow, locator), read(mutatedRow, locator), `seed ${seed} ${id} ${field}`);
      }
    }
    const share = total.right / (total.right + total.wrong + total.missed);
    console.info(`[mutation] Legacy list: ${total.right} right, ${total.wrong} wrong, ${total.missed} missed (${(share * 100).toFixed(1)} % right) over ${SEEDS.length} seeds`);
    expect(total.wrongCases).toEqual([]);
    expect(share).toBeGreaterThanOrEqual(0.9);
  });

  it('detail pages: every labelled field read right or missed, never wrong', () => {
    const plain = page('legacy-detail.html');
    const fields = Object.fromEntries(Object.entries(DETAIL_CLICKS).map(([field, text]) => [field, withFallbacks(proposeLocators(plain, cellWithText(plain, text)))!]));
    const total = tally();
    for (const seed of SEEDS) {
      const mutated = page(`legacy-detail-m${seed}.html`);
      for (const [field, locator] of Object.entries(fields)) count(total, DETAIL_CLICKS[field]!, read(mutated, locator), `seed ${seed} ${field}`);
    }
    const share = total.right / (total.right + total.wrong + total.missed);
    console.info(`[mutation] Legacy detail: ${total.right} right, ${total.wrong} wrong, ${total.missed} missed (${(share * 100).toFixed(1)} % right) over ${SEEDS.length} seeds`);
    expect(total.wrongCases).toEqual([]);
    expect(share).toBeGreaterThanOrEqual(0.9);
  });
});
