import { describe, expect, it } from 'vitest';
import { parseDelimited, quoteField } from './delimited';

const values = (text: string, sep = ';') => {
  const parsed = parseDelimited(text, sep);
  if (!parsed.ok) throw new Error(`${parsed.row}/${parsed.column}: ${parsed.message}`);
  return parsed.rows.map((r) => r.map((f) => f.value));
};

describe('RFC 4180 fields', () => {
  it('quotes only what needs it and reads every quoted form back', () => {
    expect(quoteField('plain', ';')).toBe('plain');
    expect(quoteField('a;b', ';')).toBe('"a;b"');
    expect(quoteField('a;b', ',')).toBe('a;b');
    expect(quoteField('say "hi"', ';')).toBe('"say ""hi"""');
    expect(quoteField('two\nlines', ';')).toBe('"two\nlines"');
    const tricky = ['', ' ', '"', '""', ';', '\r\n', 'end"', '"start', 'a;"b";c'];
    const text = tricky.map((t) => quoteField(t, ';')).join(';') + '\r\n';
    expect(values(text)).toEqual([tricky]);
  });

  it('keeps empty fields and a last record without line break', () => {
    expect(values(';;\r\nx;;y')).toEqual([
      ['', '', ''],
      ['x', '', 'y'],
    ]);
  });

  it('names where a file breaks the rules', () => {
    expect(parseDelimited('a;b\r\nc;"d"x\r\n', ';')).toEqual({ ok: false, row: 2, column: 2, message: 'text after a closing quote' });
  });
});
