/**
 * Windows-1252, the encoding DATEV reads EXTF files in (fact sheet §7.1). Browsers decode it
 * (TextDecoder) but cannot encode it, so this maps the 27 characters of 0x80–0x9F by table and
 * Latin-1 one to one.
 */
const HIGH: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e,
  '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

export function cp1252Byte(ch: string): number | null {
  const code = ch.codePointAt(0)!;
  if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
  return HIGH[ch] ?? null;
}

export const isCp1252 = (ch: string): boolean => cp1252Byte(ch) !== null;

/**
 * The first character of a text that Windows-1252 cannot hold, or null: one regular-expression
 * scan instead of a lookup per character (a year's DATEV file has millions of them).
 */
const OUTSIDE_CP1252 = new RegExp(`[^\\u0000-\\u007F\\u00A0-\\u00FF${Object.keys(HIGH).join('')}]`, 'u');
export function firstOutsideCp1252(text: string): string | null {
  return OUTSIDE_CP1252.exec(text)?.[0] ?? null;
}

/**
 * Text that can be written in Windows-1252: characters outside it lose their accents
 * ("Łódź" → "Lodz"), what still does not fit is reported by the validation.
 */
export function toCp1252Text(text: string): string {
  if (firstOutsideCp1252(text) === null) return text;
  let out = '';
  for (const ch of text) {
    if (isCp1252(ch)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += base === 'ł' ? 'l' : base === 'Ł' ? 'L' : base === 'đ' ? 'd' : base === 'Đ' ? 'D' : base;
    }
  }
  return out;
}

/** Encodes text that passed the validation; a character outside Windows-1252 is a programming error here. */
export function encodeCp1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let i = 0;
  for (const ch of text) {
    const b = cp1252Byte(ch);
    if (b === null) throw new RangeError(`Character U+${ch.codePointAt(0)!.toString(16).toUpperCase()} is not in Windows-1252`);
    out[i++] = b;
  }
  return out.subarray(0, i);
}

const FROM_HIGH = new Map(Object.entries(HIGH).map(([ch, b]) => [b, ch]));

/**
 * Decodes Windows-1252 bytes (for reading a file back). Written out because Node's
 * TextDecoder treats "windows-1252" as Latin-1 and turns 0x80–0x9F into control characters.
 */
export function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? (FROM_HIGH.get(b) ?? '\uFFFD') : String.fromCharCode(b);
  return out;
}
