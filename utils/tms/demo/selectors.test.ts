/**
 * The selector contract: for every saved page, how many things each selector of the adapter
 * finds. When the demo TMS changes its DOM, this says which selector broke, before any
 * parsing test fails for a less obvious reason.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_TMS } from './selectors';
import { findOrderTable, listRows } from './list-page';
import { detailActionAnchor } from './detail-page';
import { demoTmsAdapter } from './page-adapter';
import { DETAIL_IDS, detailFile, detailUrl, fixtureDocument, listUrl } from './fixtures/fixtures';

const D = DEMO_TMS.detail;

describe.each([
  { file: 'list.html', rows: 25 },
  { file: 'list-nordlicht.html', rows: 20 },
])('list fixture $file', ({ file, rows }) => {
  const doc = fixtureDocument(file);

  it('has exactly one order table, found by its caption', () => {
    const tables = [...doc.querySelectorAll(DEMO_TMS.list.table)].filter((t) => t.querySelector('caption')?.textContent?.trim() === DEMO_TMS.list.caption);
    expect(tables).toHaveLength(1);
    expect(findOrderTable(doc)).toBe(tables[0]);
    expect(demoTmsAdapter.listContainer(doc)).toBe(tables[0]);
  });

  it(`has ${rows} rows, each with one checkbox and one order link`, () => {
    const table = findOrderTable(doc)!;
    const trs = table.querySelectorAll(DEMO_TMS.list.rows);
    expect(trs).toHaveLength(rows);
    for (const tr of trs) {
      expect(tr.querySelectorAll(DEMO_TMS.list.checkbox)).toHaveLength(1);
      expect(tr.querySelectorAll(DEMO_TMS.list.orderLink)).toHaveLength(1);
    }
    const found = listRows(doc);
    expect(found).toHaveLength(rows);
    expect(new Set(found.map((r) => r.id)).size).toBe(rows);
    expect(found.every((r) => /^o-\d{4}$/.test(r.id) && r.checkbox.type === 'checkbox' && r.row.tagName === 'TR')).toBe(true);
  });

  it('has one select-all checkbox in the header, outside the rows', () => {
    const table = findOrderTable(doc)!;
    expect(table.querySelectorAll(`thead ${DEMO_TMS.list.checkbox}`)).toHaveLength(1);
    expect(listRows(doc).some((r) => r.row.closest('thead'))).toBe(false);
  });

  it('has a header for every column the adapter reads', () => {
    const headers = [...findOrderTable(doc)!.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
    for (const label of Object.values(DEMO_TMS.list.columns)) expect(headers.filter((h) => h === label)).toHaveLength(1);
  });

  it('is recognised as a list page and shows no detail parts', () => {
    expect(demoTmsAdapter.recognises(doc, listUrl())).toBe(true);
    expect(demoTmsAdapter.pageKind(doc, listUrl())).toBe('list');
    expect(detailActionAnchor(doc)).toBeNull();
    expect(doc.querySelector(D.sections.customer)).toBeNull();
  });

  it('claims a page by its marker, not by an /orders path alone', () => {
    const other = new DOMParser().parseFromString('<html><head><title>Orders · OtherTMS</title></head><body><header><a class="brand" href="/orders">OtherTMS</a></header><table><caption>Orders</caption></table></body></html>', 'text/html');
    expect(demoTmsAdapter.recognises(other, listUrl())).toBe(false);
  });
});

const DETAIL_COUNTS: Record<(typeof DETAIL_IDS)[number], { stops: number; pod: number; invoiceLinks: number; loadRows: number }> = {
  'o-0001': { stops: 2, pod: 1, invoiceLinks: 0, loadRows: 4 },
  'o-0022': { stops: 2, pod: 1, invoiceLinks: 0, loadRows: 4 },
  'o-0009': { stops: 3, pod: 0, invoiceLinks: 0, loadRows: 4 },
  'o-0052': { stops: 2, pod: 0, invoiceLinks: 0, loadRows: 4 },
  'o-0042': { stops: 2, pod: 1, invoiceLinks: 0, loadRows: 4 },
  'o-0062': { stops: 1, pod: 0, invoiceLinks: 0, loadRows: 2 },
  'o-0010': { stops: 2, pod: 1, invoiceLinks: 1, loadRows: 3 },
};

describe.each(DETAIL_IDS)('detail fixture %s', (id) => {
  const doc = fixtureDocument(detailFile(id));
  const counts = DETAIL_COUNTS[id];

  it('has one heading, one status badge and one actions anchor', () => {
    expect(doc.querySelectorAll(D.heading)).toHaveLength(1);
    expect(doc.querySelector(D.heading)?.textContent?.startsWith(D.headingPrefix)).toBe(true);
    expect(doc.querySelectorAll(D.status)).toHaveLength(1);
    expect(doc.querySelectorAll(D.actions)).toHaveLength(1);
    expect(detailActionAnchor(doc)?.element).toBe(doc.querySelector(D.actions));
  });

  it('has each section exactly once', () => {
    for (const selector of Object.values(D.sections)) expect(doc.querySelectorAll(selector), selector).toHaveLength(1);
  });

  it('has the customer rows the adapter reads', () => {
    const labels = [...doc.querySelectorAll(`${D.sections.customer} dt`)].map((dt) => dt.textContent);
    expect(labels).toEqual(['Name', 'Customer number', 'VAT ID', 'E-mail', 'Billing address', 'Customer reference']);
    expect(doc.querySelectorAll(`${D.sections.customer} address .billing-street, ${D.sections.customer} address .billing-city, ${D.sections.customer} address .billing-country`)).toHaveLength(3);
  });

  it(`has ${counts.stops} stops, each with type, date, name and address`, () => {
    const stops = doc.querySelectorAll(`${D.sections.stops} ${D.stop}`);
    expect(stops).toHaveLength(counts.stops);
    for (const li of stops) {
      for (const part of ['.stop-type', 'time.stop-date[datetime]', '.stop-name', 'address .stop-street', 'address .stop-city', 'address .stop-country']) {
        expect(li.querySelectorAll(part), part).toHaveLength(1);
      }
    }
  });

  it(`has ${counts.loadRows} load rows, one price, ${counts.pod} POD link(s) and ${counts.invoiceLinks} invoice link(s)`, () => {
    expect(doc.querySelectorAll(`${D.sections.load} dt`)).toHaveLength(counts.loadRows);
    expect(doc.querySelectorAll(`${D.sections.price} .price-amount`)).toHaveLength(1);
    expect(doc.querySelectorAll(`${D.sections.documents} a[href]`)).toHaveLength(counts.pod);
    expect(doc.querySelectorAll(D.invoiceLinks)).toHaveLength(counts.invoiceLinks);
  });

  it('is a detail page and has no order table', () => {
    expect(demoTmsAdapter.pageKind(doc, detailUrl(id))).toBe('detail');
    expect(findOrderTable(doc)).toBeNull();
    expect(listRows(doc)).toEqual([]);
  });
});
