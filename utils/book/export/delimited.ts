/**
 * Delimited text (RFC 4180): quoting on the way out, a strict reader on the way back (the
 * validation, the preview and the tests read files with it).
 */

/** Quotes a field when it holds the separator, a quote or a line break; quotes are doubled. */
export function quoteField(value: string, separator: string): string {
  if (value.includes(separator) || value.includes('"') || value.includes('\n') || value.includes('\r')) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

/** Always quoted (DATEV wants text fields in quotes whatever they hold). */
export const alwaysQuoted = (value: string): string => `"${value.replaceAll('"', '""')}"`;

export interface ParsedField {
  readonly value: string;
  readonly quoted: boolean;
}

/** One shared empty field: most of a DATEV line's 125 fields are empty, and each was an object. */
const EMPTY_FIELD: ParsedField = Object.freeze({ value: '', quoted: false });

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** `bareLf`: the 1-based rows that ended in a lone LF instead of CRLF. */
export type ParseResult = { ok: true; rows: ParsedField[][]; bareLf: number[] } | { ok: false; row: number; column: number; message: string };

/**
 * Reads delimited text. Records end in CRLF (a lone LF is accepted too and reported by the
 * validators that need CRLF); a quoted field may hold separators, quotes ("") and line breaks.
 * A stray quote inside an unquoted field, or text after a closing quote, is an error naming
 * the row and column (1-based).
 */
export function parseDelimited(text: string, separator: string): ParseResult {
  if (separator.length !== 1) throw new RangeError('The separator is one character');
  const sep = separator.charCodeAt(0);
  const rows: ParsedField[][] = [];
  const bareLf: number[] = [];
  let row: ParsedField[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return { ok: true, rows, bareLf };
  for (;;) {
    const column = row.length + 1;
    let value = '';
    let quoted = false;
    if (text.charCodeAt(i) === QUOTE) {
      quoted = true;
      i++;
      // From quote to quote by indexOf, in slices: a large file is read in a fraction of the
      // time a character-by-character copy takes.
      for (;;) {
        const close = text.indexOf('"', i);
        if (close === -1) return { ok: false, row: rows.length + 1, column, message: 'quoted field is not closed' };
        value += text.slice(i, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      if (i < n && text.charCodeAt(i) !== sep && text.charCodeAt(i) !== CR && text.charCodeAt(i) !== LF) return { ok: false, row: rows.length + 1, column, message: 'text after a closing quote' };
    } else {
      const start = i;
      for (let c = text.charCodeAt(i); i < n && c !== sep && c !== CR && c !== LF; c = text.charCodeAt(++i)) {
        if (c === QUOTE) return { ok: false, row: rows.length + 1, column, message: 'quote inside an unquoted field' };
      }
      value = text.slice(start, i);
    }
    row.push(!quoted && value === '' ? EMPTY_FIELD : { value, quoted });
    if (i >= n) {
      rows.push(row);
      return { ok: true, rows, bareLf };
    }
    if (text.charCodeAt(i) === sep) {
      i++;
      continue;
    }
    // End of record: CRLF or LF. A file ending in a line break has no empty last record.
    if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i += 2;
    else {
      bareLf.push(rows.length + 1);
      i++;
    }
    rows.push(row);
    row = [];
    if (i >= n) return { ok: true, rows, bareLf };
  }
}
