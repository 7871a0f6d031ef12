import { describe, expect, it } from 'vitest';
import { columnIndexes, findOrderTable, listRows, orderIdFromHref, rowOf, summariseRow } from './list-page';
import { demoTmsAdapter } from './page-adapter';
import { fixtureDocument, listUrl } from './fixtures/fixtures';

const EUR = (minor: number) => ({ minor, currency: 'EUR' });

describe('demo TMS list rows (default list, page 1 of 73 orders)', () => {
  const doc = fixtureDocument('list.html');
  const rows = demoTmsAdapter.listRows(doc);

  it('summarises the first rows as the list shows them (latest delivery first)', () => {
    expect(rows.slice(0, 8).map((r) => demoTmsAdapter.summariseRow(r))).toEqual([
      { id: 'o-0059', number: 'A-2026-0470', customerName: 'Schwarzwald Holz eG', price: EUR(98000), status: 'open' },
      { id: 'o-0072', number: 'A-2026-0483', customerName: 'Holland Cargo B.V.', price: EUR(57500), status: 'open' },
      { id: 'o-0064', number: 'A-2026-0475', customerName: 'Bayern Logistik AG', price: EUR(165000), status: 'open' },
      { id: 'o-0058', number: 'A-2026-0469', customerName: 'Rheinfracht GmbH & Co. KG', price: EUR(69000), status: 'open' },
      { id: 'o-0071', number: 'A-2026-0482', customerName: 'Frost & Frische <Kühllogistik> "Nord" GmbH', price: EUR(131000), status: 'open' },
      { id: 'o-0062', number: 'A-2026-0473', customerName: 'Müller & Söhne Baustoffe KG', price: EUR(29500), status: 'planned' },
      { id: 'o-0067', number: 'A-2026-0478', customerName: 'Polex Transport Sp. z o.o.', price: { minor: 715000, currency: 'PLN' }, status: 'planned' },
      { id: 'o-0070', number: 'A-2026-0481', customerName: 'Alpentrans AG', price: { minor: 109000, currency: 'CHF' }, status: 'planned' },
    ]);
  });

  it('reads every status word of the page into the order status', () => {
    const statuses = new Set(rows.map((r) => demoTmsAdapter.summariseRow(r).status));
    expect([...statuses].sort()).toEqual(['cancelled', 'delivered', 'in_transit', 'open', 'planned']);
  });

  it('the last row of the page is o-0046, cancelled', () => {
    expect(demoTmsAdapter.summariseRow(rows.at(-1)!)).toEqual({
      id: 'o-0046',
      number: 'A-2026-0457',
      customerName: 'Rheinfracht GmbH & Co. KG',
      price: EUR(56000),
      status: 'cancelled',
    });
  });

  it('finds the columns by their header text', () => {
    expect(columnIndexes(findOrderTable(doc)!)).toEqual({ number: 1, customer: 2, price: 6, status: 7 });
  });

  it('still reads rows when the TMS reorders its columns', () => {
    const reordered = fixtureDocument('list.html');
    const table = findOrderTable(reordered)!;
    // Move the Price column to the front, in the header and in every row.
    for (const tr of table.querySelectorAll('tr')) tr.prepend(tr.children[6]!);
    expect(columnIndexes(table)).toEqual({ number: 2, customer: 3, price: 0, status: 7 });
    expect(summariseRow(listRows(reordered)[0]!)).toEqual({ id: 'o-0059', number: 'A-2026-0470', customerName: 'Schwarzwald Holz eG', price: EUR(98000), status: 'open' });
  });

  it('gives a row whose price it cannot read a null price, not a wrong one', () => {
    const broken = fixtureDocument('list.html');
    const row = listRows(broken)[0]!;
    row.row.querySelector('td.col-price')!.textContent = '980.00 EUR';
    expect(summariseRow(row).price).toBeNull();
    expect(summariseRow(row).number).toBe('A-2026-0470');
  });
});

describe('demo TMS list rows (filtered to Spedition Nordlicht)', () => {
  const doc = fixtureDocument('list-nordlicht.html');
  const rows = demoTmsAdapter.listRows(doc);

  it('shows the 20 Nordlicht orders, all of that customer', () => {
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => demoTmsAdapter.summariseRow(r).customerName))).toEqual(new Set(['Spedition Nordlicht GmbH']));
  });

  it('summarises the first rows, with odd cents', () => {
    expect(rows.slice(0, 5).map((r) => demoTmsAdapter.summariseRow(r))).toEqual([
      { id: 'o-0068', number: 'A-2026-0479', customerName: 'Spedition Nordlicht GmbH', price: EUR(119000), status: 'in_transit' },
      { id: 'o-0001', number: 'A-2026-0412', customerName: 'Spedition Nordlicht GmbH', price: EUR(125000), status: 'delivered' },
      { id: 'o-0051', number: 'A-2026-0462', customerName: 'Spedition Nordlicht GmbH', price: EUR(89990), status: 'delivered' },
      { id: 'o-0037', number: 'A-2026-0448', customerName: 'Spedition Nordlicht GmbH', price: EUR(118733), status: 'delivered' },
      { id: 'o-0043', number: 'A-2026-0454', customerName: 'Spedition Nordlicht GmbH', price: EUR(151500), status: 'delivered' },
    ]);
  });

  it('ends with the invoiced and the paid orders', () => {
    expect(rows.slice(-3).map((r) => [r.id, demoTmsAdapter.summariseRow(r).status])).toEqual([
      ['o-0002', 'delivered'],
      ['o-0004', 'invoice_created'],
      ['o-0003', 'paid'],
    ]);
  });

  it('is a list page at its filtered URL', () => {
    expect(demoTmsAdapter.pageKind(doc, listUrl('?customer=C-1001'))).toBe('list');
  });
});

describe('order links', () => {
  it('takes the order id from /orders/<id> links only', () => {
    expect(orderIdFromHref('/orders/o-0001')).toBe('o-0001');
    expect(orderIdFromHref('/orders/o%2D0001?tab=events')).toBe('o-0001');
    expect(orderIdFromHref('/orders/%E0%A4%A')).toBeNull();
    expect(orderIdFromHref('https://elsewhere.example/orders/o-0001')).toBeNull();
    expect(orderIdFromHref('/orders/')).toBeNull();
    expect(orderIdFromHref(null)).toBeNull();
  });
});

describe('rowOf', () => {
  it('finds the row of a row checkbox, and nothing for the select-all box or other inputs', () => {
    const doc = fixtureDocument('list.html');
    const rows = listRows(doc);
    expect(rowOf(rows[3]!.checkbox)).toEqual(rows[3]);
    expect(rowOf(doc.querySelector('thead input[type="checkbox"]')!)).toBeNull();
    expect(rowOf(doc.querySelector('#filter-search')!)).toBeNull();
  });
});
