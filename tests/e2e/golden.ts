import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { origins } from './fixtures';

/**
 * Compares a request body with a reviewed golden file. Only what legitimately changes
 * between runs is normalised: today's date and the sandbox origins.
 */
export function normalise(body: unknown, today: string): unknown {
  let text = JSON.stringify(body);
  text = text.replaceAll(origins.tms, '{tms}').replaceAll(origins.lexware, '{lexware}').replaceAll(origins.sevdesk, '{sevdesk}');
  // Today's datetime carries today's offset (+01:00 or +02:00), so all of it is normalised.
  text = text.replace(new RegExp(`${today}T00:00:00\\.000[+-]\\d\\d:\\d\\d`, 'g'), '{today-datetime}');
  text = text.replaceAll(today, '{today}');
  const [y, m, d] = today.split('-');
  text = text.replaceAll(`${d}.${m}.${y}`, '{today-de}');
  return JSON.parse(text);
}

export function expectGoldenBody(body: unknown, name: string, today: string) {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden', `${name}.json`);
  const value = normalise(body, today);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`Golden ${name}.json was missing and has been written: review it, then run again.`);
    return;
  }
  expect(value).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

export function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
