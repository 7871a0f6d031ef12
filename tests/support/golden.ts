import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/**
 * Compares a value with a reviewed JSON file next to the test. `UPDATE_GOLDEN=1` rewrites
 * the file; review the diff before committing it.
 */
export function expectGolden(value: unknown, file: string): void {
  const text = JSON.stringify(value, null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    writeFileSync(file, text);
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`Golden file ${path.relative(process.cwd(), file)} was missing and has been written: review it, then run again.`);
    return;
  }
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}
