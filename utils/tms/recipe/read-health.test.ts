import { describe, expect, it } from 'vitest';
import type { OrderReadResult, ReadProblem } from '../../domain/read-problem';
import { fieldOfProblem, readReport, weakReadFields } from './read-health';

const failed = (id: string, ...problems: ReadProblem[]): OrderReadResult => ({ ok: false, id, problems });
const ok = (id: string) => ({ ok: true, order: { id } }) as unknown as OrderReadResult;

describe('health from the orders a preview read', () => {
  it('names the recipe field a problem points at, and none for problems no locator causes', () => {
    expect(fieldOfProblem({ code: 'price-unreadable' })).toBe('price');
    expect(fieldOfProblem({ code: 'currency-unknown' })).toBe('price');
    expect(fieldOfProblem({ code: 'field-invalid', field: 'stopDate' })).toBe('stops');
    expect(fieldOfProblem({ code: 'field-missing', field: 'customerName' })).toBe('customer.name');
    expect(fieldOfProblem({ code: 'field-invalid', field: 'weight' })).toBe('load.weightKg');
    for (const code of ['tms-unreachable', 'session-expired', 'order-not-found', 'token-missing', 'access-missing', 'source-unavailable', 'field-too-long'] as const) {
      expect(fieldOfProblem({ code }), code).toBeNull();
    }
    expect(fieldOfProblem({ code: 'field-invalid', field: 'response' })).toBeNull();
  });

  it('is weak where more than a fifth of the orders read miss a field, each order counted once per field', () => {
    const results = [
      failed('a', { code: 'price-missing' }, { code: 'price-unreadable' }),
      failed('b', { code: 'price-unreadable' }, { code: 'field-invalid', field: 'stopDate' }),
      failed('c', { code: 'session-expired' }),
      ok('d'), ok('e'), ok('f'), ok('g'), ok('h'), ok('i'), ok('j'),
    ];
    const report = readReport(results);
    expect(report).toEqual({ total: 10, fields: [{ field: 'price', failed: 2 }, { field: 'stops', failed: 1 }] });
    expect(weakReadFields(report)).toEqual([]); // 2 of 10 is a fifth, not more
    const more = readReport([...results.slice(0, 9), failed('j', { code: 'price-missing' })]);
    expect(weakReadFields(more)).toEqual([{ field: 'price', failed: 3 }]);
  });

  it('says nothing about a read of fewer than five orders (one order without a price is not a broken recipe)', () => {
    expect(weakReadFields(readReport([failed('a', { code: 'price-missing' }), ok('b'), ok('c'), ok('d')]))).toEqual([]);
    expect(weakReadFields(null)).toEqual([]);
  });
});
