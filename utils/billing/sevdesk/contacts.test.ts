import { describe, expect, it } from 'vitest';
import { classifyQuery } from './contacts';

describe('sevdesk contact search', () => {
  it('tells e-mail addresses, customer numbers, VAT IDs and names apart', () => {
    expect(classifyQuery('  Buchhaltung@Nordlicht.example ')).toEqual({ email: 'buchhaltung@nordlicht.example' });
    expect(classifyQuery('10001')).toEqual({ customerNumber: '10001' });
    expect(classifyQuery('DE 123 456 789')).toEqual({ vatId: 'DE123456789' });
    expect(classifyQuery('CHE-123.456.788 MWST')).toEqual({ vatId: 'CHE123456788MWST' });
    expect(classifyQuery('ATU87654321')).toEqual({ vatId: 'ATU87654321' });
    expect(classifyQuery('Spedition Nordlicht')).toEqual({ name: 'Spedition Nordlicht' });
    expect(classifyQuery('   ')).toBeNull();
  });
});
