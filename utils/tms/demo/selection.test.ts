/**
 * The SelectionTracker on the saved demo TMS list: it remembers ticked orders across the
 * TMS's re-renders (which replace the <tbody> with fresh, unticked rows).
 */
import { describe, expect, it } from 'vitest';
import type { OrderSummary } from '../adapter';
import { SelectionTracker } from '../selection';
import { findOrderTable } from './list-page';
import { demoTmsAdapter } from './page-adapter';
import { fixtureDocument } from './fixtures/fixtures';

function setup(file = 'list.html') {
  const doc = fixtureDocument(file);
  const tracker = new SelectionTracker(demoTmsAdapter, doc);
  const emitted: OrderSummary[][] = [];
  tracker.subscribe((items) => emitted.push(items));
  // Change events reaching the table, as the TMS (row highlight) and the content script see them.
  const changeEvents: string[] = [];
  findOrderTable(doc)!.addEventListener('change', (event) => {
    const box = event.target as HTMLInputElement;
    changeEvents.push(`${box.getAttribute('aria-label')}=${box.checked}`);
  });
  return { doc, tracker, emitted, changeEvents };
}

const rowsOf = (doc: Document) => demoTmsAdapter.listRows(doc);
const ids = (items: OrderSummary[]) => items.map((i) => i.id);

/** A user's click on a row's checkbox: the box changes, a change event bubbles, the tracker hears of it. */
function tick(tracker: SelectionTracker, box: HTMLInputElement, checked = true) {
  box.checked = checked;
  box.dispatchEvent(new Event('change', { bubbles: true }));
  tracker.handleChange(box);
}

/** The TMS's select-all: it sets the rows' `checked` without events; only the header box fires. */
function selectAll(doc: Document, tracker: SelectionTracker, checked: boolean) {
  const header = findOrderTable(doc)!.querySelector<HTMLInputElement>('thead input[type="checkbox"]')!;
  header.checked = checked;
  for (const row of rowsOf(doc)) row.checkbox.checked = checked;
  header.dispatchEvent(new Event('change', { bubbles: true }));
  tracker.handleChange(header);
}

/** The TMS re-renders: the <tbody> is replaced by a new one with unticked rows (from `file`). */
function rerender(doc: Document, file = 'list.html') {
  const fresh = fixtureDocument(file).querySelector('table tbody')!;
  const table = findOrderTable(doc)!;
  table.replaceChild(doc.importNode(fresh, true), table.tBodies[0]!);
}

describe('SelectionTracker on the demo TMS list', () => {
  it('adds the summary of each ticked row and tells subscribers', () => {
    const { doc, tracker, emitted } = setup();
    const [first, second] = rowsOf(doc);
    tick(tracker, first!.checkbox);
    tick(tracker, second!.checkbox);
    expect(tracker.items).toEqual([
      { id: 'o-0059', number: 'A-2026-0470', customerName: 'Schwarzwald Holz eG', price: { minor: 98000, currency: 'EUR' }, status: 'open' },
      { id: 'o-0072', number: 'A-2026-0483', customerName: 'Holland Cargo B.V.', price: { minor: 57500, currency: 'EUR' }, status: 'open' },
    ]);
    expect(emitted.map(ids)).toEqual([['o-0059'], ['o-0059', 'o-0072']]);
  });

  it('removes an unticked row, and stays quiet when nothing changed', () => {
    const { doc, tracker, emitted } = setup();
    const [first, second] = rowsOf(doc);
    tick(tracker, first!.checkbox);
    tick(tracker, second!.checkbox);
    tick(tracker, first!.checkbox, false);
    expect(ids(tracker.items)).toEqual(['o-0072']);
    tracker.handleChange(second!.checkbox);
    tracker.handleChange(null);
    expect(emitted).toHaveLength(3);
  });

  it('takes in every row when the header checkbox selects all, and lets them go when it clears', () => {
    const { doc, tracker, emitted } = setup();
    selectAll(doc, tracker, true);
    expect(tracker.items).toHaveLength(25);
    expect(ids(tracker.items)).toEqual(rowsOf(doc).map((r) => r.id));
    expect(emitted).toHaveLength(1);
    selectAll(doc, tracker, false);
    expect(tracker.items).toEqual([]);
    expect(emitted).toHaveLength(2);
  });

  it('ticks the selected rows again after the TMS replaced the <tbody>, and keeps the selection', () => {
    const { doc, tracker, emitted, changeEvents } = setup();
    const rows = rowsOf(doc);
    tick(tracker, rows[0]!.checkbox);
    tick(tracker, rows[20]!.checkbox);
    const before = tracker.items;
    changeEvents.length = 0;

    rerender(doc);
    const fresh = rowsOf(doc);
    expect(fresh[0]!.checkbox).not.toBe(rows[0]!.checkbox);
    expect(fresh.filter((r) => r.checkbox.checked)).toHaveLength(0);

    tracker.restore();
    expect(fresh.filter((r) => r.checkbox.checked).map((r) => r.id)).toEqual(['o-0059', 'o-0001']);
    // The TMS hears of it as of a click, so it can highlight the rows.
    expect(changeEvents).toEqual(['Select order A-2026-0470=true', 'Select order A-2026-0412=true']);
    expect(tracker.items).toEqual(before);
    expect(emitted).toHaveLength(2);
  });

  it('keeps orders that a filter hid, and ticks those still shown', () => {
    const { doc, tracker } = setup();
    const rows = rowsOf(doc);
    tick(tracker, rows[0]!.checkbox); // o-0059, Schwarzwald Holz
    tick(tracker, rows[20]!.checkbox); // o-0001, Nordlicht

    rerender(doc, 'list-nordlicht.html');
    tracker.restore();
    const shown = rowsOf(doc);
    expect(shown).toHaveLength(20);
    expect(shown.filter((r) => r.checkbox.checked).map((r) => r.id)).toEqual(['o-0001']);
    expect(ids(tracker.items)).toEqual(['o-0059', 'o-0001']);

    // Selecting all on the filtered page adds the Nordlicht orders to the hidden one.
    selectAll(doc, tracker, true);
    expect(tracker.items).toHaveLength(21);
    expect(ids(tracker.items)).toContain('o-0059');
  });

  it('remove() forgets orders and unticks them where visible', () => {
    const { doc, tracker, emitted, changeEvents } = setup();
    const rows = rowsOf(doc);
    tick(tracker, rows[0]!.checkbox);
    tick(tracker, rows[1]!.checkbox);
    tick(tracker, rows[2]!.checkbox);
    changeEvents.length = 0;

    tracker.remove(['o-0072', 'o-9999']);
    expect(ids(tracker.items)).toEqual(['o-0059', 'o-0064']);
    expect(rows[1]!.checkbox.checked).toBe(false);
    expect(changeEvents).toEqual(['Select order A-2026-0483=false']);
    expect(emitted.at(-1)?.map((i) => i.id)).toEqual(['o-0059', 'o-0064']);

    const count = emitted.length;
    tracker.remove(['o-9999']);
    expect(emitted).toHaveLength(count);
  });

  it('clear() empties the selection and unticks every visible row', () => {
    const { doc, tracker, emitted } = setup();
    selectAll(doc, tracker, true);
    tracker.clear();
    expect(tracker.items).toEqual([]);
    expect(rowsOf(doc).some((r) => r.checkbox.checked)).toBe(false);
    expect(emitted.at(-1)).toEqual([]);
  });

  it('stops telling a subscriber that unsubscribed', () => {
    const { doc, tracker } = setup();
    const heard: number[] = [];
    const off = tracker.subscribe((items) => heard.push(items.length));
    tick(tracker, rowsOf(doc)[0]!.checkbox);
    off();
    tick(tracker, rowsOf(doc)[1]!.checkbox);
    expect(heard).toEqual([1]);
  });

  it('select() takes orders of other pages too: visible ones are ticked now, the rest counted as not on this page and ticked when shown', () => {
    const { doc, tracker, emitted, changeEvents } = setup();
    const [first] = rowsOf(doc);
    const elsewhere: OrderSummary = { id: 'o-9999', number: 'A-2026-9999', customerName: 'Alpha Logistik GmbH', price: null, status: 'delivered' };
    tracker.select([demoTmsAdapter.summariseRow(first!), elsewhere]);
    expect(ids(emitted.at(-1)!)).toEqual([first!.id, 'o-9999']);
    expect(first!.checkbox.checked).toBe(true);
    expect(changeEvents).toHaveLength(1);
    expect(tracker.notOnPage()).toBe(1);
    // Selecting the same orders again changes nothing.
    tracker.select([elsewhere]);
    expect(emitted).toHaveLength(1);
  });
});
