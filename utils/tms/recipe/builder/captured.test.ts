/**
 * The builder's proposals from the JSON a single-page TMS loaded, on the Grid sandbox TMS's own
 * data (its order book and API shape, as its server answers): the join from the number a row
 * shows to the TMS's id, and for each clicked value the path in that order's item.
 */
import { describe, expect, it } from 'vitest';
import { OrderBook } from '@/sandbox/tms-kit/orders';
import { toGridOrder } from '@/sandbox/tms-grid/api-shape';
/** As the Grid server generates its book (sandbox/tms-grid/server.ts). */
const GRID_ORDER_COUNT = 1000;
const GRID_SEED = 15;
import { CAPTURE_CHANNEL } from '../capture-pattern';
import { BuilderAnswers, capturedItems, itemNear, moneyPath, pathsFor, proposeCaptureJoin, proposeJsonAddress, proposeJsonStops } from './captured';

const origin = 'https://grid.example';
const orders = OrderBook.generated({ orders: GRID_ORDER_COUNT, seed: GRID_SEED }).all().map(toGridOrder);

/** What CargoGrid's app loads at start: its 1,000 orders in pages of 250, as the capture script forwards them. */
function gridAnswers(): BuilderAnswers {
  const answers = new BuilderAnswers(origin);
  for (let offset = 0; offset < orders.length; offset += 250) {
    const body = JSON.stringify({ data: orders.slice(offset, offset + 250), meta: { total: orders.length, offset, limit: 250 } });
    answers.accept({ channel: CAPTURE_CHANNEL, kind: 'answer', url: `${origin}/api/orders?offset=${offset}&limit=250`, body });
  }
  return answers;
}

describe('what the builder keeps of the page’s answers', () => {
  it('keeps the page’s own JSON answers, drops other origins, forged shapes and non-JSON', () => {
    const answers = new BuilderAnswers(origin);
    expect(answers.accept({ channel: CAPTURE_CHANNEL, kind: 'answer', url: `${origin}/api/a`, body: '{"a":1}' })).toBe(true);
    expect(answers.accept({ channel: CAPTURE_CHANNEL, kind: 'answer', url: 'https://evil.example/api/a', body: '{"a":1}' })).toBe(false);
    expect(answers.accept({ channel: CAPTURE_CHANNEL, kind: 'answer', url: `${origin}/api/b`, body: '{"a":1}', extra: true })).toBe(false);
    expect(answers.accept({ channel: CAPTURE_CHANNEL, kind: 'answer', url: `${origin}/api/c`, body: 'not json' })).toBe(false);
    expect(answers.answers().map((a) => a.url)).toEqual([`${origin}/api/a`]);
  });

  it('keeps the page’s own sign-in header in this tab, apart from the answers (to find where the page keeps its token)', () => {
    const answers = new BuilderAnswers(origin);
    expect(answers.accept({ channel: CAPTURE_CHANNEL, kind: 'auth', url: 'https://evil.example/api', authorization: 'Bearer x' })).toBe(false);
    expect(answers.authorization()).toBeNull();
    expect(answers.accept({ channel: CAPTURE_CHANNEL, kind: 'auth', url: `${origin}/api/c`, authorization: 'Bearer x' })).toBe(true);
    expect(answers.accept({ channel: CAPTURE_CHANNEL, kind: 'auth', url: `${origin}/api/d`, authorization: 'Bearer x' })).toBe(false);
    expect(answers.authorization()).toBe('Bearer x');
    expect(answers.answers()).toEqual([]);
  });
});

describe('the key join on the Grid TMS’s data', () => {
  it('finds the orders list in the paged answers, joins the numbers rows show to the TMS’s ids', () => {
    const shown = [orders[0]!.ref, orders[1]!.ref, orders[600]!.ref];
    const join = proposeCaptureJoin(gridAnswers().answers(), shown)!;
    expect(join.rule).toEqual({ id: 'orders', url: '/api/orders?*', items: '$.data[*]', key: '$.id' });
    expect(join.match).toBe('$.ref');
    expect(join.keys).toEqual([orders[0]!.id, orders[1]!.id, orders[600]!.id]);
    expect(capturedItems(gridAnswers().answers(), join.rule, origin)).toHaveLength(GRID_ORDER_COUNT);
  });

  it('proposes nothing when a number a row shows is in no answer', () => {
    expect(proposeCaptureJoin(gridAnswers().answers(), [orders[0]!.ref, 'NOT-A-NUMBER'])).toBeNull();
  });

  it('the recipe’s own capture store, fed what the builder saw, joins the same way', () => {
    const join = proposeCaptureJoin(gridAnswers().answers(), [orders[5]!.ref])!;
    const recipe = { sources: { capture: [join.rule], auth: { mode: 'captured' } } } as never;
    const store = gridAnswers().storeFor(recipe);
    expect(store.running()).toBe(true);
    expect(store.keyWhere('orders', '$.ref', orders[5]!.ref)).toBe(orders[5]!.id);
    expect(store.authorization()).toBeNull();
  });
});

describe('values clicked in the page, found in the order’s item', () => {
  const order = orders.find((o) => o.route.legs.length >= 2 && o.client.vatId && o.freight.currency === 'EUR')!;
  const item = order as unknown as Record<string, unknown>;

  it('the item of a row or a drawer is the one whose number it shows', () => {
    document.body.innerHTML = `<div role="row"><div role="gridcell">${orders[1]!.ref}</div><div role="gridcell"><span id="v">${orders[1]!.client.name}</span></div></div>
      <aside role="dialog"><h2>Order ${order.ref}</h2><dl><dt>Client</dt><dd id="d">${order.client.name}</dd></dl></aside>`;
    const items = orders as unknown as Record<string, unknown>[];
    expect(itemNear(document.getElementById('v')!, items, '$.ref')).toBe(items[1]);
    expect(itemNear(document.getElementById('d')!, items, '$.ref')).toBe(item);
  });

  it('text as shown, words spelled alike, numbers and money', () => {
    expect(pathsFor(item, order.client.name)).toContain('$.client.name');
    expect(pathsFor(item, order.client.accountNo)).toEqual(['$.client.accountNo']);
    // The grid shows "Planned" for PLANNED.
    expect(pathsFor(item, order.state.charAt(0) + order.state.slice(1).toLowerCase())).toEqual(['$.state']);
    const weighed = orders.find((o) => typeof o.cargo.weightKg === 'number' && o.cargo.weightKg > 1000)!;
    const kg = weighed.cargo.weightKg as number;
    expect(pathsFor(weighed as unknown as Record<string, unknown>, `${kg.toLocaleString('en-GB')} kg`, kg)).toContain('$.cargo.weightKg');
    expect(moneyPath(item, order.freight.amountCents, 'EUR')).toEqual({ amount: '$.freight.amountCents', unit: 'minor', currency: '$.freight.currency' });
  });

  it('a click on one pickup proposes the route’s legs as the stops, each part by its name', () => {
    const leg = order.route.legs[0]!;
    const stops = proposeJsonStops(item, `${leg.site.name}, ${leg.site.street}, ${leg.site.postcode} ${leg.site.town} (${leg.site.country}) · 05 Dec 2026`)!;
    expect(stops.each).toEqual({ json: '$.route.legs[*]' });
    expect(stops.fields).toEqual({
      type: { json: '$.kind', parse: [{ map: { table: Object.fromEntries([...new Set(order.route.legs.map((l) => l.kind))].map((k) => [k, k === 'PICKUP' ? 'pickup' : 'delivery'])), other: 'problem' } }] },
      name: { json: '$.site.name' },
      street: { json: '$.site.street' },
      zip: { json: '$.site.postcode' },
      city: { json: '$.site.town' },
      countryCode: { json: '$.site.country', parse: [{ country: {} }] },
      date: { json: '$.date', parse: [{ date: {} }] },
    });
  });

  it('a click on the billing address proposes the client’s address object', () => {
    const a = order.client.address;
    expect(proposeJsonAddress(item, `${a.street}, ${a.postcode} ${a.town} (${a.country})`)).toEqual({
      'customer.street': { json: '$.client.address.street' },
      'customer.zip': { json: '$.client.address.postcode' },
      'customer.city': { json: '$.client.address.town' },
      'customer.countryCode': { json: '$.client.address.country', parse: [{ country: {} }] },
    });
  });
});
