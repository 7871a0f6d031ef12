import { describe, expect, it } from 'vitest';
import { MAX_PATH_RESULTS, parsePath, readPath } from './json-path';

const order = {
  id: 'CG-1001',
  client: { name: 'Spedition Nordlicht GmbH', 'vat-id': 'DE123456789' },
  freight: { amountCents: 125000, currency: 'EUR' },
  route: {
    legs: [
      { type: 'pickup', city: 'Hamburg', at: '2026-11-10', seq: 1 },
      { type: 'delivery', city: 'München', at: '2026-11-11', seq: 2 },
      { type: 'delivery', city: 'Wien', at: '2026-11-12', seq: 3, final: true },
    ],
  },
  tags: null,
};

describe('json paths', () => {
  it.each([
    ['id', ['CG-1001']],
    ['client.name', ['Spedition Nordlicht GmbH']],
    ['client["vat-id"]', ['DE123456789']],
    ["client['vat-id']", ['DE123456789']],
    ['route.legs[0].city', ['Hamburg']],
    ['route.legs[*].city', ['Hamburg', 'München', 'Wien']],
    ["route.legs[?type=='delivery'].at", ['2026-11-11', '2026-11-12']],
    ['route.legs[?type == "pickup"].city', ['Hamburg']],
    ['route.legs[?seq==3].city', ['Wien']],
    ['route.legs[?final==true].city', ['Wien']],
    ['freight.amountCents', [125000]],
    ['tags', [null]],
    ['route.legs[9].city', []],
    ['nothing.here', []],
    ['freight[*]', [125000, 'EUR']],
    ['$.client.name', ['Spedition Nordlicht GmbH']],
    ["$.route.legs[?type=='pickup'].city", ['Hamburg']],
    ['$["id"]', ['CG-1001']],
  ])('%s', (path, values) => expect(readPath(order, path)).toEqual({ ok: true, values }));

  it.each([
    ['', 'empty path'],
    ['a..b', 'expected a key name'],
    ['a[', 'missing ]'],
    ['a[?price>10]', 'not an index'],
    ['a[?x==foo()]', 'not an index'],
    ["a[?x=='1'||true]", 'not an index'],
    ['a[-1]', 'not an index'],
    ['$..price', 'recursive descent'],
    ['$x', 'expected . or [ after $'],
    ['a b', 'expected . or ['],
    ['a' + '.b'.repeat(20), 'more than 16 steps'],
    ['a'.repeat(400), 'longer than 300 characters'],
  ])('refuses %s (%s)', (path, error) => {
    const result = parsePath(path);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(error);
  });

  it('never reaches into a prototype', () => {
    expect(readPath({}, 'constructor')).toEqual({ ok: true, values: [] });
    expect(readPath({ a: {} }, 'a.__proto__')).toEqual({ ok: true, values: [] });
  });

  it('stops at the result bound', () => {
    const big = { items: Array.from({ length: MAX_PATH_RESULTS + 50 }, (_, i) => ({ id: i })) };
    const result = readPath(big, 'items[*].id');
    expect(result.ok && result.values.length).toBe(MAX_PATH_RESULTS);
  });
});
