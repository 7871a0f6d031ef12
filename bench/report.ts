/** The report: a table on stdout, JSON for machines, and the results block of the committed README. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Row {
  id: number;
  what: string;
  /** The figure compared with the budget. */
  median: number;
  unit: 'ms' | 'kB' | 'MB' | '×';
  /** Shown next to the median, e.g. "wall 41 ms" or "min 3.1 / max 4.0". */
  note?: string;
  budget?: number;
  /** undefined: reported only. */
  pass?: boolean;
}

export function verdict(median: number, budget: number | undefined): boolean | undefined {
  return budget === undefined ? undefined : median <= budget;
}

const fmt = (value: number, unit: Row['unit']) => `${unit === 'ms' && value >= 1000 ? value.toFixed(0) : value.toFixed(unit === 'MB' || unit === '×' ? 2 : 1)}${unit === '×' ? '' : ' '}${unit}`;
const result = (row: Row) => (row.pass === undefined ? 'reported' : row.pass ? 'PASS' : 'FAIL');

export function table(rows: Row[]): string {
  const cells = rows.map((r) => [String(r.id), r.what, `${fmt(r.median, r.unit)}${r.note ? ` (${r.note})` : ''}`, r.budget === undefined ? '–' : `≤ ${fmt(r.budget, r.unit)}`, result(r)]);
  const head = ['#', 'what', 'median', 'budget', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const lines = ['| # | what | median | budget | result |', '|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.id} | ${r.what} | ${fmt(r.median, r.unit)}${r.note ? ` (${r.note})` : ''} | ${r.budget === undefined ? '–' : `≤ ${fmt(r.budget, r.unit)}`} | ${result(r)} |`);
  return lines.join('\n');
}

export function writeJson(file: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

const START = '<!-- results:start (written by bench/run.ts) -->';
const END = '<!-- results:end -->';

/** Replaces the results block of docs/benchmark/README.md, leaving the hand-written text alone. */
export function updateReadme(file: string, block: string): boolean {
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) return false;
  writeFileSync(file, `${text.slice(0, from + START.length)}\n${block}\n${text.slice(to)}`);
  return true;
}
