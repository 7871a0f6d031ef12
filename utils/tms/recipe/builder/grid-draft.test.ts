/**
 * Teaching a single-page TMS from its own data, end to end in the builder's pure parts, on the
 * Grid sandbox TMS's data and markup: one click on a row (spare hidden rows skipped), the key
 * joined to the TMS's id, fields found in the order's item, the HTTP write-back proposed from
 * the drawer's field: the recipe the draft makes validates and reads the orders from the
 * captured answers alone, including rows scrolled out of the grid.
 */
import { describe, expect, it } from 'vitest';
import { OrderBook } from '@/sandbox/tms-kit/orders';
import { toGridOrder } from '@/sandbox/tms-grid/api-shape';
import { CAPTURE_CHANNEL } from '../capture-pattern';
import { adapterFromRecipe } from '../adapter';
import { BuilderAnswers, proposeCaptureJoin, proposeJsonStops, moneyPath, pathsFor, proposeJsonAddress } from './captured';
import { newDraft, recipeFromDraft } from './draft';
import { proposeHttpWriteBack } from './http-write-back';
import { proposeRowKeys } from './locators';
import { proposeRows } from './rows';

const origin = 'https://grid.example';
const orders = OrderBook.generated({ orders: 1000, seed: 15 }).all().map(toGridOrder);

function answers(): BuilderAnswers {
  const kept = new BuilderAnswers(origin);
  for (let offset = 0; offset < orders.length; offset += 250) {
    kept.accept({ channel: CAPTURE_CHANNEL, kind: 'answer', url: `${origin}/api/orders?offset=${offset}&limit=250`, body: JSON.stringify({ data: orders.slice(offset, offset + 250), meta: { total: 1000 } }) });
  }
  return kept;
}

/** CargoGrid's markup as its app renders it: generated classes, 8 rows shown, 3 spare rows hidden, a drawer. */
function gridPage() {
  const cells = (o: (typeof orders)[number]) => [o.ref, o.client.name, `€${(o.freight.amountCents / 100).toFixed(2)}`].map((t) => `<div class="c9x7k2" role="gridcell"><div>${t}</div></div>`).join('');
  const rows = orders.slice(0, 8).map((o) => `<div class="r8k1x0" role="row" aria-selected="false">${cells(o)}</div>`).join('');
  const spare = '<div class="r8k1x0" role="row" aria-selected="false" hidden></div>'.repeat(3);
  const o = orders[2]!;
  document.head.innerHTML = '<meta name="csrf-token" content="t0k3n">';
  document.body.innerHTML = `<div role="grid" aria-label="Orders"><div role="row"><div role="columnheader">Order</div><div role="columnheader">Client</div><div role="columnheader">Amount</div></div>
    <div class="v1x9"><div role="rowgroup">${rows}${spare}</div></div></div>
    <aside role="dialog" aria-labelledby="t"><h2 id="t">Order ${o.ref}</h2><form><label for="cg-invoice-ref">Invoice reference</label><input id="cg-invoice-ref" value=""></form></aside>`;
  return document;
}

describe('a draft taught on the Grid TMS', () => {
  it('makes a recipe that reads orders, also those no row shows, from the captured data alone', async () => {
    const doc = gridPage();
    const kept = answers();
    const rowsProposal = proposeRows(doc.querySelectorAll('[role="gridcell"]')[1]!)!;
    expect(rowsProposal.rows).toHaveLength(8);
    expect(rowsProposal.skip).toBe('[hidden]');
    const key = proposeRowKeys(rowsProposal.rows).find((k) => 'column' in k.locator && k.locator.column === 'Order')!;
    const join = proposeCaptureJoin(kept.answers(), key.keys)!;

    const item = orders[2] as unknown as Record<string, unknown>;
    const leg = orders[2]!.route.legs[0]!;
    const a = orders[2]!.client.address;
    const draft = {
      ...newDraft(origin, '0b0f3f5e-8d0a-4a8e-9d55-3c1f2a7b9e10', 'CargoGrid'),
      listPath: '/',
      rowCss: rowsProposal.css,
      rowSkip: rowsProposal.skip,
      rowKey: key.locator,
      capture: { rule: join.rule, match: join.match },
      summary: { number: { column: 'Order' }, customer: { column: 'Client' } },
      selection: { mode: 'rowAttribute', attribute: { name: 'aria-selected', value: 'true' } },
      locale: { decimal: '.', group: ',', dateOrder: 'DMY', currency: 'EUR', countryNames: ['de', 'en'] },
      fields: {
        number: { json: pathsFor(item, orders[2]!.ref)[0] },
        'customer.name': { json: pathsFor(item, orders[2]!.client.name)[0] },
        status: { json: '$.state', parse: [{ map: { table: { NEW: 'open', PLANNED: 'planned', ON_ROAD: 'in_transit', DELIVERED: 'delivered', INVOICED: 'invoice_created', SETTLED: 'paid', CANCELLED: 'cancelled' }, other: 'problem' } }] },
        price: { json: moneyPath(item, orders[2]!.freight.amountCents, orders[2]!.freight.currency), parse: [{ money: {} }] },
        stops: proposeJsonStops(item, `${leg.site.name}, ${leg.site.street}, ${leg.site.postcode} ${leg.site.town} (${leg.site.country})`),
        ...proposeJsonAddress(item, `${a.street}, ${a.postcode} ${a.town} (${a.country})`),
      },
      writeBack: proposeHttpWriteBack(doc, doc.getElementById('cg-invoice-ref')!, join, item),
    };
    const made = recipeFromDraft(draft as never);
    if (!made.ok) throw new Error(JSON.stringify(made.issues));
    const recipe = made.recipe;
    expect(recipe.list!.row).toEqual({ css: rowsProposal.css, skip: { css: '[hidden]' } });
    expect(recipe.list!.rowKeyJoin).toEqual({ capture: 'orders', match: '$.ref' });
    expect(recipe.sources).toEqual({ capture: [join.rule], auth: { mode: 'captured' } });
    // Where the builder found the page's token (storage-auth-proposal.ts), the recipe reads it from there.
    const stored = recipeFromDraft({ ...draft, auth: { mode: 'storage', storageKey: 'cargogrid.auth', storageArea: 'session', storagePath: '$.token' } } as never);
    expect(stored.ok && stored.recipe.sources?.auth).toEqual({ mode: 'storage', storageKey: 'cargogrid.auth', storageArea: 'session', storagePath: '$.token' });
    expect(recipe.order.read).toEqual(['capture:orders']);
    expect(recipe.detail).toBeUndefined();
    expect(recipe.writeBack).toEqual({
      mode: 'http', enabled: true, method: 'PATCH', url: '/api/orders/{id}', body: { invoiceReference: '{invoiceId}' },
      probe: { url: '/api/orders/{id}', json: '$.data.invoiceReference' }, headers: { 'X-CSRF-Token': { meta: 'csrf-token' } },
    });

    const adapter = adapterFromRecipe(recipe, kept.storeFor(recipe));
    // The rows shown, by the TMS's ids; the spare rows are none.
    expect(adapter.listRows(doc).map((r) => r.id)).toEqual(orders.slice(0, 8).map((o) => o.id));
    const far = [orders[1]!, orders[500]!, orders[999]!];
    const reads = await adapter.readOrders(far.map((o) => o.id), { origin, fetch: () => Promise.reject(new Error('no network')) });
    expect(reads.map((r) => (r.ok ? { number: r.order.number, customer: r.order.customer.name, minor: r.order.price.minor, stops: r.order.stops.length } : r.problems))).toEqual(
      far.map((o) => ({ number: o.ref, customer: o.client.name, minor: o.freight.amountCents, stops: o.route.legs.length })),
    );
  });

  it('proposes no HTTP write-back for a field no key of the data stands for', () => {
    const doc = gridPage();
    const join = proposeCaptureJoin(answers().answers(), [orders[0]!.ref])!;
    expect(proposeHttpWriteBack(doc, doc.querySelector('h2')!, join, orders[2] as unknown as Record<string, unknown>)).toBeNull();
  });
});
