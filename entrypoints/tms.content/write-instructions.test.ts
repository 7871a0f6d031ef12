/**
 * The `instructions` write-back on a saved Legacy detail page: the invoice number to enter,
 * the TMS's field highlighted, Copy and Fill; the TMS's form is never submitted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { panelTexts } from '@/utils/i18n/translate';
import { findWriteField } from '@/utils/tms/recipe/write-field';
import type { Locator } from '@/utils/tms/recipe/schema';
import { writeInstructions } from './write-instructions';

const DETAIL = readFileSync(path.resolve('utils/tms/recipe/builder/fixtures/legacy-detail.html'), 'utf8');
const FIELD: Locator = { any: [{ label: 'Rechnungs-Nr.' }, { css: 'input[name="rechnungsnr"]' }] };

const input = () => document.querySelector<HTMLInputElement>('input[name="rechnungsnr"]')!;
const box = () => document.querySelector('frachtbeleg-instructions')?.shadowRoot?.querySelector('[role="group"]') ?? null;
const buttonIn = (name: string) => [...box()!.querySelectorAll('button')].find((b) => b.textContent === name)!;

let submitted: number;

function open(locale: 'en' | 'de' = 'en') {
  const copy = vi.fn(async (_text: string) => undefined);
  const update = writeInstructions({ findField: (doc) => findWriteField(doc, FIELD), texts: async () => ({ locale, texts: panelTexts(locale) }), copy });
  return { update, copy };
}

beforeEach(() => {
  document.body.innerHTML = new DOMParser().parseFromString(DETAIL, 'text/html').body.innerHTML;
  submitted = 0;
  document.querySelector('form')!.addEventListener('submit', (event) => {
    submitted += 1;
    event.preventDefault();
  });
});
afterEach(() => {
  document.body.innerHTML = '';
});

describe('what to enter into the TMS', () => {
  it('says which number goes into which field, highlights the field, and Fill types it in without saving', async () => {
    const { update } = open();
    const events: string[] = [];
    for (const type of ['input', 'change']) input().addEventListener(type, () => events.push(type));
    await update('RE-2026-0042');
    expect(box()!.getAttribute('aria-label')).toBe('Invoice number for the TMS');
    expect(box()!.querySelector('p')!.textContent).toBe('Enter RE-2026-0042 into “Rechnungs-Nr.”');
    expect(input().style.outline).toContain('solid');

    buttonIn('Fill').click();
    expect(input().value).toBe('RE-2026-0042');
    expect(events).toEqual(['input', 'change']);
    expect(box()!.querySelector('[role="status"]')!.textContent).toBe('Filled in. Check it and save with the TMS’s own button: Frachtbeleg never saves for you.');
    expect(submitted).toBe(0);
  });

  it('Copy puts the number on the clipboard (in German)', async () => {
    const { update, copy } = open('de');
    await update('RE-2026-0042');
    expect(box()!.querySelector('p')!.textContent).toBe('RE-2026-0042 in „Rechnungs-Nr.“ eintragen');
    buttonIn('Kopieren').click();
    await vi.waitFor(() => expect(box()!.querySelector('[role="status"]')!.textContent).toBe('RE-2026-0042 kopiert.'));
    expect(copy).toHaveBeenCalledWith('RE-2026-0042');
    expect(input().value).toBe('');
  });

  it('nothing is asked for when the field holds the number already, or the order has none; the highlight goes', async () => {
    const { update } = open();
    input().value = 'RE-2026-0042';
    await update('RE-2026-0042');
    expect(box()).toBeNull();

    input().value = '';
    await update('RE-2026-0043');
    expect(box()).not.toBeNull();
    await update(null);
    expect(box()).toBeNull();
    expect(input().style.outline).toBe('');
  });

  it('a page without the field shows nothing', async () => {
    input().remove();
    const { update } = open();
    await update('RE-2026-0042');
    expect(box()).toBeNull();
  });
});
