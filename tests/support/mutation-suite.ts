/**
 * What the mutation suites (recipes.md §5, A8) share: the builder-made golden recipes as the
 * E2E saved them, and the count per (order, field) of values read right, read wrong, or not
 * read (a miss, which must come with the named problem the user would see).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReadProblem } from '@/utils/tms/adapter';
import { validateRecipe, type Recipe } from '@/utils/tms/recipe/schema';

/** The seeds the sandbox skins are checked with (the same as the Legacy suite's). */
export const MUTATION_SEEDS = [1, 2, 3, 4, 5, 7] as const;

const GOLDEN_DIR = path.join(__dirname, '..', 'e2e', 'golden');

/**
 * A golden recipe (tests/e2e/golden/<name>.recipe.json, made by builder clicks, never edited)
 * with its placeholders (`{grid}`, `{frames}`…) put back to the origins of this test.
 */
export function goldenRecipe(name: 'grid' | 'frames', places: Record<string, string>, change: (raw: Record<string, unknown>) => void = () => {}): Recipe {
  let text = readFileSync(path.join(GOLDEN_DIR, `${name}.recipe.json`), 'utf8');
  for (const [placeholder, value] of Object.entries(places)) text = text.replaceAll(JSON.stringify(`{${placeholder}}`), JSON.stringify(value));
  const raw = JSON.parse(text.replaceAll('"{id}"', '"5d0c7f3a-2b1e-4c8d-9a6f-1e2d3c4b5a69"')) as Record<string, unknown>;
  change(raw);
  const checked = validateRecipe(raw);
  if (!checked.ok) throw new Error(checked.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return checked.recipe;
}

/** Every leaf of a read order as `path → JSON text` (`stops.pickup.0.city`, `price`…), its origin stamp left out. */
export function orderFields(order: object): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, at: string) => {
    if (value === undefined || value === null) return;
    // An amount is one field, not two.
    if (typeof value === 'object' && !Array.isArray(value) && !('currency' in value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, at ? `${at}.${key}` : key);
    } else if (Array.isArray(value)) value.forEach((inner, i) => walk(inner, `${at}.${i}`));
    else out.set(at, JSON.stringify(value));
  };
  const { source: _source, stops, ...fields } = order as { source?: unknown; stops?: { type?: string }[] };
  walk(fields, '');
  // Stops by kind, in order within a kind ("pickup.0", "delivery.0"), as invoices use them: a
  // TMS that shows the delivery's rows above the pickup's has not changed the route.
  const seen = new Map<string, number>();
  for (const stop of stops ?? []) {
    const kind = stop.type ?? 'unknown';
    const n = seen.get(kind) ?? 0;
    seen.set(kind, n + 1);
    walk(stop, `stops.${kind}.${n}`);
  }
  return out;
}

export interface Miss {
  where: string;
  /** What the user is told instead of the value; undefined is a silent miss, which fails a suite. */
  problem: ReadProblem | string | undefined;
}

export class Tally {
  right = 0;
  readonly wrong: string[] = [];
  readonly misses: Miss[] = [];

  /** One (order, field): null is "not read". */
  count(expected: string | null, actual: string | null, where: string, problem: () => Miss['problem']): void {
    if (actual === expected) this.right += 1;
    else if (actual === null) this.misses.push({ where, problem: problem() });
    else this.wrong.push(`${where}: expected ${expected ?? 'nothing'}, read ${actual}`);
  }

  /** Adds another tally's counts (one per seed) into this one. */
  add(other: Tally): void {
    this.right += other.right;
    this.wrong.push(...other.wrong);
    this.misses.push(...other.misses);
  }

  get total(): number {
    return this.right + this.wrong.length + this.misses.length;
  }

  get share(): number {
    return this.total === 0 ? 0 : this.right / this.total;
  }

  /** The misses nobody is told about. */
  get silent(): string[] {
    return this.misses.filter((m) => m.problem === undefined).map((m) => m.where);
  }

  line(name: string): string {
    return `[mutation] ${name}: ${this.right} right, ${this.wrong.length} wrong, ${this.misses.length} missed (${(this.share * 100).toFixed(1)} % right) over ${MUTATION_SEEDS.length} seeds`;
  }
}
