/** Medians and spreads of repeated measurements. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  n: number;
  samples: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function summarise(samples: readonly number[], digits = 2): Figure {
  return {
    median: round(median(samples), digits),
    min: round(Math.min(...samples), digits),
    max: round(Math.max(...samples), digits),
    n: samples.length,
    samples: samples.map((s) => round(s, digits)),
  };
}

/** Median of each named part over runs: `medians([{a: 1, b: 2}, {a: 3, b: 4}])` → `{a: 2, b: 3}`. */
export function medians<K extends string>(runs: readonly Record<K, number>[], digits = 2): Record<K, number> {
  const keys = Object.keys(runs[0] ?? {}) as K[];
  return Object.fromEntries(keys.map((k) => [k, round(median(runs.map((r) => r[k])), digits)])) as Record<K, number>;
}
