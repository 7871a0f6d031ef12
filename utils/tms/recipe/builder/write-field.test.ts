/**
 * The builder's write-back field for `instructions` on saved Legacy detail pages: a click on
 * the invoice number field (or its label) gives locators that find exactly that field, also
 * on the mutated pages (ids with suffixes); anything else is no field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findWriteField } from '../write-field';
import { proposeWriteField } from './write-field';

const page = (name: string) => new DOMParser().parseFromString(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8'), 'text/html');

describe('pointing at the invoice number field', () => {
  it('a click on the field proposes its label first, then its name and id; each finds only the field', () => {
    const doc = page('legacy-detail.html');
    const input = doc.querySelector('input[name="rechnungsnr"]')!;
    const locator = proposeWriteField(doc, input);
    expect(locator).toEqual({ any: [{ label: 'Rechnungs-Nr.' }, { css: 'input[name="rechnungsnr"]' }, { css: '#rechnungsnr' }] });
    // The label also names a row of the order's table: only the form field counts.
    expect(findWriteField(doc, { label: 'Rechnungs-Nr.' })).toBe(input);
    expect(findWriteField(doc, locator!)).toBe(input);
  });

  it('a click on its label means the field; the taught locator finds it on a mutated page', () => {
    const doc = page('legacy-detail.html');
    const locator = proposeWriteField(doc, doc.querySelector('label[for="rechnungsnr"]')!)!;
    const mutated = page('legacy-detail-m1.html');
    expect(findWriteField(mutated, locator)).toBe(mutated.querySelector('input[name="rechnungsnr"]'));
  });

  it('the Save button, the table row showing the number, or the heading are no field', () => {
    const doc = page('legacy-detail.html');
    const row = [...doc.querySelectorAll('th')].find((th) => th.textContent === 'Rechnungs-Nr.')!.nextElementSibling!;
    for (const el of [doc.querySelector('button[type="submit"]')!, row, doc.querySelector('h1')!]) expect(proposeWriteField(doc, el)).toBeNull();
  });
});
