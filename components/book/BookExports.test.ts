/**
 * The "Exports" section as a user works it: behind it the real export handlers on a book in
 * fake-indexeddb, reached through the protocol (fakeBackground for the cases the book cannot
 * produce). Downloads are caught at the object URL and parsed back.
 */
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import BookExports from './BookExports.vue';
import { click, flush, getByLabelText, getByRole, queryByRole, textOf, type } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';
import { deliverMessagesFrom, extensionPage } from '@/tests/support/messaging';
import { fakeBackground } from '@/tests/support/background';
import { freshBook, invoiceInput } from '@/tests/support/book';
import { handle, removeAllHandlers } from '@/utils/messaging';
import { parseDelimited } from '@/utils/book/export/delimited';
import { decodeCp1252 } from '@/utils/book/export/cp1252';
import { defaultDatevOptions } from '@/utils/book/export/datev';
import { DEFAULT_CSV_OPTIONS } from '@/utils/book/export/csv';
import { exportSettingsItem } from '@/utils/book/export/settings';
import type { Locale } from '@/utils/i18n/translate';
import { createBookExports } from '@/entrypoints/background/handlers/book-exports';

enableAutoUnmount(afterEach);

const HOUR = 3_600_000;
let ctx: ReturnType<typeof freshBook>;
let downloads: { name: string; blob: Blob }[];

function background() {
  removeAllHandlers();
  let id = 0;
  const b = createBookExports({ book: () => Promise.resolve(ctx.book), now: () => ctx.clock.now, newId: () => `exp-${++id}` });
  handle('getExportSettings', () => b.getExportSettings());
  handle('saveExportSettings', (req) => b.saveExportSettings(req));
  handle('planBookExport', (req) => b.planBookExport(req));
  handle('runBookExport', (req) => b.runBookExport(req));
  handle('listBookExports', () => b.listBookExports());
  handle('previewBookExport', (req) => b.previewBookExport(req));
  handle('rerunBookExport', (req) => b.rerunBookExport(req));
  deliverMessagesFrom(extensionPage('book.html'));
}

beforeEach(async () => {
  ctx = freshBook('2026-12-05T09:00:00.000Z');
  for (const n of [1, 2, 3]) await ctx.book.recordInvoice(invoiceInput({ n, invoiceDate: `2026-11-0${n}`, customerName: n === 2 ? 'Nord; "Express"\nGmbH' : 'Spedition Müller GmbH' }));
  background();
  downloads = [];
  const pending: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    pending.push(blob as Blob);
    return `blob:${pending.length}`;
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: pending[Number(this.href.split(':')[1]) - 1]! });
  });
});

/** Waits until every answer of the background is in (the section and the settings form say so with aria-busy). */
async function settle() {
  await flush();
  await vi.waitFor(() => expect(document.querySelector('[aria-busy="true"]')).toBeNull(), { timeout: 3000, interval: 5 });
}

async function mountExports(locale: Locale = 'en') {
  const wrapper = mount(BookExports, { global: { plugins: plugins(locale) }, attachTo: document.body });
  await settle();
  return wrapper;
}

/** Clicks and waits for the background's answers. */
async function act(_root: unknown, el: HTMLElement) {
  await click(el);
  await settle();
}

/** The last download as a spreadsheet reads it (UTF-8 with BOM, ";"), without its heading. */
async function downloadedCsv(): Promise<string[][]> {
  const bytes = new Uint8Array(await downloads.at(-1)!.blob.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const parsed = parseDelimited(new TextDecoder().decode(bytes.slice(3)), ';');
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rows.slice(1).map((r) => r.map((f) => f.value));
}

/** What the book holds, in the default CSV columns' terms. */
async function recorded(...keys: string[]) {
  const rows = await Promise.all(keys.map((k) => ctx.book.get(k)));
  return rows.map((r) => ({ number: r!.invoiceNumber, date: r!.invoiceDate.split('-').reverse().join('.'), customer: r!.customerName, gross: `${r!.grossMinor / 100},00`, orders: r!.orderNumbers.join(', ') }));
}
const asRecorded = (rows: string[][]) => rows.map((r) => ({ number: r[0], date: r[1], customer: r[3], gross: r[8], orders: r[10] }));

const logRows = (wrapper: Awaited<ReturnType<typeof mountExports>>) =>
  [...getByRole(wrapper, 'table', 'Export log').querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].slice(0, 5).map((c) => textOf(c)));

describe('Export new documents', () => {
  it('shows how many are new, downloads them and logs the file', async () => {
    const wrapper = await mountExports();
    expect(getByRole(wrapper, 'region', 'Exports')).toBeTruthy();
    await act(wrapper, getByRole(wrapper, 'button', 'Export new documents (3 new)'));

    expect(downloads.map((d) => d.name)).toEqual(['Rechnungen_neu_2026-12-05_100000.csv']);
    expect(asRecorded(await downloadedCsv())).toEqual(await recorded('lexware|lx-1', 'lexware|lx-2', 'lexware|lx-3'));
    expect(getByRole(wrapper, 'status').textContent).toBe('Downloaded Rechnungen_neu_2026-12-05_100000.csv (3 records).');
    expect(logRows(wrapper)).toEqual([['Rechnungen_neu_2026-12-05_100000.csv New documents', expect.stringMatching(/2026/), 'CSV', '3', 'No']]);
    expect(getByRole(wrapper, 'button', 'Export new documents (0 new)').hasAttribute('disabled')).toBe(true);
  });

  it('within 24 hours asks: "Export what is new" downloads only the new invoice', async () => {
    const wrapper = await mountExports();
    await act(wrapper, getByRole(wrapper, 'button', 'Export new documents (3 new)'));
    ctx.clock.advance(2 * HOUR);
    await ctx.book.recordInvoice(invoiceInput({ n: 4, invoiceDate: '2026-12-05' }));
    wrapper.unmount();
    const again = await mountExports();
    await act(again, getByRole(again, 'button', 'Export new documents (1 new)'));

    const dialog = getByRole(again, 'dialog', 'Export of new documents made recently');
    expect(textOf(dialog)).toContain('An export of new documents in this format was made at');
    expect(textOf(dialog)).toContain('Rechnungen_neu_2026-12-05_100000.csv (3 records)');
    expect(document.activeElement).toBe(getByRole(dialog, 'button', 'Re-run that one'));
    await act(again, getByRole(dialog, 'button', 'Export what is new'));

    expect(queryByRole(again, 'dialog')).toBeNull();
    expect(downloads.map((d) => d.name)).toEqual(['Rechnungen_neu_2026-12-05_100000.csv', 'Rechnungen_neu_2026-12-05_120000.csv']);
    expect(asRecorded(await downloadedCsv())).toEqual(await recorded('lexware|lx-4'));
    expect(logRows(again).map((r) => r[3])).toEqual(['1', '3']);
  });

  it('within 24 hours, "Re-run that one" downloads the earlier file again and marks it replaced', async () => {
    const wrapper = await mountExports();
    await act(wrapper, getByRole(wrapper, 'button', 'Export new documents (3 new)'));
    const first = await downloads[0]!.blob.arrayBuffer();
    ctx.clock.advance(HOUR);
    await ctx.book.recordInvoice(invoiceInput({ n: 4, invoiceDate: '2026-12-05' }));
    await act(wrapper, getByRole(wrapper, 'radio', /DATEV/));
    await act(wrapper, getByRole(wrapper, 'radio', /CSV/));
    await act(wrapper, getByRole(wrapper, 'button', 'Export new documents (1 new)'));
    await act(wrapper, getByRole(getByRole(wrapper, 'dialog'), 'button', 'Re-run that one'));

    expect(downloads).toHaveLength(2);
    expect(new Uint8Array(await downloads[1]!.blob.arrayBuffer())).toEqual(new Uint8Array(first));
    expect(getByRole(wrapper, 'status').textContent).toBe('Downloaded Rechnungen_neu_2026-12-05_100000.csv again. The log marks the earlier file as replaced.');
    expect(logRows(wrapper).map((r) => [r[0], r[4]])).toEqual([
      ['Rechnungen_neu_2026-12-05_100000.csv Re-run', 'No'],
      ['Rechnungen_neu_2026-12-05_100000.csv New documents', 'Yes'],
    ]);
  });

  it('Cancel in the 24-hour question exports nothing; Escape closes it too', async () => {
    const wrapper = await mountExports();
    await act(wrapper, getByRole(wrapper, 'button', 'Export new documents (3 new)'));
    await ctx.book.recordInvoice(invoiceInput({ n: 4, invoiceDate: '2026-12-05' }));
    await act(wrapper, getByRole(wrapper, 'radio', /DATEV/));
    await act(wrapper, getByRole(wrapper, 'radio', /CSV/));
    await act(wrapper, getByRole(wrapper, 'button', 'Export new documents (1 new)'));
    await click(getByRole(getByRole(wrapper, 'dialog'), 'button', 'Cancel'));
    expect(queryByRole(wrapper, 'dialog')).toBeNull();
    await act(wrapper, getByRole(wrapper, 'button', 'Export new documents (1 new)'));
    getByRole(wrapper, 'dialog').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    expect(queryByRole(wrapper, 'dialog')).toBeNull();
    expect(downloads).toHaveLength(1);
  });
});

describe('Export range', () => {
  it('downloads the invoices dated in the range', async () => {
    const wrapper = await mountExports();
    type(getByLabelText(wrapper, 'From'), '2026-11-02');
    type(getByLabelText(wrapper, 'To'), '2026-11-30');
    await act(wrapper, getByRole(wrapper, 'button', 'Export range'));

    expect(downloads.map((d) => d.name)).toEqual(['Rechnungen_2026-11-02_2026-11-30_2026-12-05_100000.csv']);
    const rows = await downloadedCsv();
    expect(asRecorded(rows)).toEqual(await recorded('lexware|lx-2', 'lexware|lx-3'));
    expect(rows[0]![3]).toBe('Nord; "Express"\nGmbH');
    expect(logRows(wrapper)[0]).toEqual(['Rechnungen_2026-11-02_2026-11-30_2026-12-05_100000.csv Range 2026-11-02 – 2026-11-30', expect.any(String), 'CSV', '2', 'No']);
  });

  it('asks for both dates, and says when the range holds nothing', async () => {
    const wrapper = await mountExports();
    type(getByLabelText(wrapper, 'From'), '2026-11-02');
    await act(wrapper, getByRole(wrapper, 'button', 'Export range'));
    expect(getByRole(wrapper, 'alert').textContent).toContain('Enter both dates of the range.');
    type(getByLabelText(wrapper, 'From'), '2025-01-01');
    type(getByLabelText(wrapper, 'To'), '2025-12-31');
    await act(wrapper, getByRole(wrapper, 'button', 'Export range'));
    expect(getByRole(wrapper, 'status').textContent).toBe('No invoices dated from 2025-01-01 to 2025-12-31.');
    expect(downloads).toEqual([]);
  });
});

describe('Export log', () => {
  it('Preview shows the file rows as a table', async () => {
    const wrapper = await mountExports();
    await act(wrapper, getByRole(wrapper, 'button', 'Export new documents (3 new)'));
    await act(wrapper, getByRole(wrapper, 'button', 'Preview Rechnungen_neu_2026-12-05_100000.csv'));

    const dialog = getByRole(wrapper, 'dialog', 'Preview: Rechnungen_neu_2026-12-05_100000.csv');
    const table = getByRole(dialog, 'table', 'Rechnungen_neu_2026-12-05_100000.csv');
    expect([...table.querySelectorAll('thead th')].slice(0, 4).map((th) => th.textContent)).toEqual(['Rechnungsnummer', 'Rechnungsdatum', 'Fälligkeit', 'Debitor']);
    const cells = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
    expect(asRecorded(cells)).toEqual(await recorded('lexware|lx-1', 'lexware|lx-2', 'lexware|lx-3'));
    expect(textOf(dialog)).toContain('Showing 3 of 3 rows.');
    await click(getByRole(dialog, 'button', 'Close'));
    expect(queryByRole(wrapper, 'dialog')).toBeNull();
  });

  it('dialogs are keyboard operable: focus moves in, Tab stays inside, closing returns focus', async () => {
    const wrapper = await mountExports();
    await act(wrapper, getByRole(wrapper, 'button', 'Export new documents (3 new)'));
    const trigger = getByRole(wrapper, 'button', 'Preview Rechnungen_neu_2026-12-05_100000.csv');
    trigger.focus();
    await act(wrapper, trigger);
    const dialog = getByRole(wrapper, 'dialog', 'Preview: Rechnungen_neu_2026-12-05_100000.csv');
    const close = getByRole(dialog, 'button', 'Close');
    expect(document.activeElement).toBe(close);
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    close.dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(close);
    close.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    expect(queryByRole(wrapper, 'dialog')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it('Re-run in the log downloads the same file again and marks the original "Replaced?"', async () => {
    const wrapper = await mountExports();
    type(getByLabelText(wrapper, 'From'), '2026-11-01');
    type(getByLabelText(wrapper, 'To'), '2026-11-30');
    await act(wrapper, getByRole(wrapper, 'button', 'Export range'));
    ctx.clock.advance(3 * HOUR);
    await act(wrapper, getByRole(wrapper, 'button', 'Re-run Rechnungen_2026-11-01_2026-11-30_2026-12-05_100000.csv'));

    expect(downloads.map((d) => d.name)).toEqual(['Rechnungen_2026-11-01_2026-11-30_2026-12-05_100000.csv', 'Rechnungen_2026-11-01_2026-11-30_2026-12-05_100000.csv']);
    expect(await downloads[1]!.blob.text()).toBe(await downloads[0]!.blob.text());
    expect(logRows(wrapper).map((r) => r[4])).toEqual(['No', 'Yes']);
    expect(getByRole(wrapper, 'table', 'Export log').querySelector('thead')!.textContent).toContain('Replaced?');
  });
});

describe('DATEV and the check before download', () => {
  it('asks for the DATEV settings first, then downloads Windows-1252 bookings', async () => {
    const wrapper = await mountExports();
    await act(wrapper, getByRole(wrapper, 'radio', 'DATEV Buchungsstapel (tax adviser)'));
    expect(wrapper.text()).toContain('DATEV needs your adviser and client numbers');
    expect(getByRole(wrapper, 'button', 'Export new documents (3 new)').hasAttribute('disabled')).toBe(true);

    await act(wrapper, getByRole(wrapper, 'button', 'Export settings'));
    const dialog = getByRole(wrapper, 'dialog', 'Export settings');
    type(getByLabelText(dialog, 'Adviser number (Beraternummer)'), '4711');
    type(getByLabelText(dialog, 'Client number (Mandantennummer)'), '12345');
    await act(wrapper, getByRole(dialog, 'button', 'Save'));
    expect(queryByRole(wrapper, 'dialog')).toBeNull();
    expect(getByRole(wrapper, 'status').textContent).toBe('Export settings saved.');

    await act(wrapper, getByRole(wrapper, 'button', 'Export new documents (3 new)'));
    expect(downloads[0]!.name).toMatch(/^EXTF_Buchungsstapel_20261101-20261103_/);
    const text = decodeCp1252(new Uint8Array(await downloads[0]!.blob.arrayBuffer()));
    const parsed = parseDelimited(text, ';');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.rows[0]!.slice(10, 12).map((f) => f.value)).toEqual(['4711', '12345']);
    expect(parsed.rows.slice(2).map((r) => r[10]!.value)).toEqual(['RE-1001', 'RE-1002', 'RE-1003']);
  });

  it('a file that fails its check is not downloaded; the message names row and field, in German too', async () => {
    await exportSettingsItem.set({ csv: { ...DEFAULT_CSV_OPTIONS, columns: [...DEFAULT_CSV_OPTIONS.columns] }, datev: defaultDatevOptions('SKR03') });
    await ctx.book.recordInvoice(invoiceInput({ n: 4, invoiceDate: '2026-11-04', currency: 'USD' }));
    const wrapper = await mountExports('de');
    await act(wrapper, getByRole(wrapper, 'radio', 'DATEV-Buchungsstapel (Steuerberatung)'));
    type(getByLabelText(wrapper, 'Von'), '2026-11-01');
    type(getByLabelText(wrapper, 'Bis'), '2026-11-30');
    await act(wrapper, getByRole(wrapper, 'button', 'Zeitraum exportieren'));

    expect(downloads).toEqual([]);
    const alert = getByRole(wrapper, 'alert');
    expect(textOf(alert)).toContain('Die Datei hat die Prüfung nicht bestanden und wurde nicht heruntergeladen.');
    expect(textOf(alert)).toContain('Zeile 6, Feld „WKZ Umsatz“: RE-1004: DATEV export takes EUR only, this document is in USD');
    expect(wrapper.text()).toContain('Noch keine Exporte.');
  });

  it('shows every problem of a failed CSV check with its row and field', async () => {
    fakeBackground(
      {
        getExportSettings: () => ({ settings: { csv: { ...DEFAULT_CSV_OPTIONS, columns: [...DEFAULT_CSV_OPTIONS.columns] }, datev: defaultDatevOptions('SKR03') }, datevSaved: false }),
        planBookExport: () => ({ ok: true, count: 2, previous: null }),
        listBookExports: () => ({ ok: true, entries: [] }),
        runBookExport: () => ({
          ok: true,
          outcome: { kind: 'invalid', problems: [{ row: 3, field: 'Brutto', message: '"12.00" is not an amount with decimal comma' }, { row: 4, field: '', message: 'line ends in LF, expected CRLF' }] },
        }),
      },
      'book.html',
    );
    const wrapper = await mountExports();
    await act(wrapper, getByRole(wrapper, 'button', 'Export new documents (2 new)'));
    expect([...getByRole(wrapper, 'alert').querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Row 3, field “Brutto”: "12.00" is not an amount with decimal comma',
      'Row 4: line ends in LF, expected CRLF',
    ]);
  });
});

describe('Export settings', () => {
  it('saves the CSV columns, separator and heading language, used by the next export', async () => {
    const wrapper = await mountExports();
    await act(wrapper, getByRole(wrapper, 'button', 'Export settings'));
    const dialog = getByRole(wrapper, 'dialog', 'Export settings');
    for (const column of ['Invoice date', 'Due date', 'Debtor number', 'VAT ID', 'Net', 'VAT', 'Currency', 'Order numbers', 'Document type', 'Reference']) {
      await click(getByRole(dialog, 'checkbox', column));
    }
    await click(getByRole(dialog, 'button', 'Move “Debtor” up'));
    getByLabelText<HTMLSelectElement>(dialog, 'Language of the headings').value = 'en';
    getByLabelText(dialog, 'Language of the headings').dispatchEvent(new Event('change'));
    await act(wrapper, getByRole(dialog, 'button', 'Save'));

    expect((await exportSettingsItem.get()).csv).toMatchObject({ columns: ['customerName', 'invoiceNumber', 'gross'], language: 'en', separator: ';' });
    await act(wrapper, getByRole(wrapper, 'button', 'Export new documents (3 new)'));
    const text = (await downloads[0]!.blob.text()).replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toBe('Debtor;Invoice number;Gross');
  });

  it('refuses invalid DATEV numbers, naming the fields, and keeps the dialog open', async () => {
    const wrapper = await mountExports();
    await act(wrapper, getByRole(wrapper, 'button', 'Export settings'));
    const dialog = getByRole(wrapper, 'dialog', 'Export settings');
    type(getByLabelText(dialog, 'Adviser number (Beraternummer)'), '12');
    type(getByLabelText(dialog, 'Domestic'), '84000');
    await act(wrapper, getByRole(dialog, 'button', 'Save'));

    expect(getByRole(dialog, 'alert').textContent).toBe('Not saved. Check: Adviser number (Beraternummer), Revenue accounts per tax case.');
    expect(getByRole(wrapper, 'dialog', 'Export settings')).toBeTruthy();
    expect((await exportSettingsItem.get()).datev).toBeNull();
    await click(getByRole(dialog, 'button', 'Cancel'));
    expect(queryByRole(wrapper, 'dialog')).toBeNull();
  });

  it('switching to SKR 04 takes its default revenue accounts', async () => {
    const wrapper = await mountExports();
    await act(wrapper, getByRole(wrapper, 'button', 'Export settings'));
    const dialog = getByRole(wrapper, 'dialog', 'Export settings');
    expect(getByLabelText(dialog, 'Domestic').value).toBe('8400');
    const chart = getByLabelText<HTMLSelectElement>(dialog, 'Chart of accounts');
    chart.value = 'SKR04';
    chart.dispatchEvent(new Event('change'));
    await flush();
    expect(getByLabelText(dialog, 'Domestic').value).toBe('4400');
    expect(getByLabelText(dialog, 'EU, reverse charge').value).toBe('4336');
  });
});
