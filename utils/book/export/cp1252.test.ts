import { describe, expect, it } from 'vitest';
import { firstOutsideCp1252, toCp1252Text } from './cp1252';

describe('Windows-1252 text', () => {
  it('finds the first character it cannot hold, a whole emoji included, and none in German text with € and dashes', () => {
    expect(firstOutsideCp1252('Müller & Söhne – 1.000 € „Fracht“')).toBeNull();
    expect(firstOutsideCp1252('Fracht 😀 Łódź')).toBe('😀');
    expect(firstOutsideCp1252('Łódź')).toBe('Ł');
  });

  it('leaves text that fits as it is and takes the accents off what does not', () => {
    expect(toCp1252Text('Spedition Müller – 5 € ™')).toBe('Spedition Müller – 5 € ™');
    expect(toCp1252Text('Łódź Đakovo')).toBe('Lódz Dakovo');
  });
});
