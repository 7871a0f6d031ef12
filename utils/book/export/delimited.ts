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
  value: string;
  quoted: boolean;
}

/** `bareLf`: the 1-based rows that ended in a lone LF instead of CRLF. */
export type ParseResult = { ok: true; rows: ParsedField[][]; bareLf: number[] } | { ok: false; row: number; column: number; message: string };

/**
 * Reads delimited text. Records end in CRLF (a lone LF is accepted too and reported by the
 * validators that need CRLF); a quoted field may hold separators, quotes ("") and line breaks.
 * A stray quote inside an unquoted field, or text after a closing quote, is an error naming
 * the row and column (1-based).
 */
export function parseDelimited(text: string, separator: string): ParseResult {
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
    if (text[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= n) return { ok: false, row: rows.length + 1, column, message: 'quoted field is not closed' };
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += ch;
        i++;
      }
      if (i < n && text[i] !== separator && text[i] !== '\r' && text[i] !== '\n') return { ok: false, row: rows.length + 1, column, message: 'text after a closing quote' };
    } else {
      const start = i;
      while (i < n && text[i] !== separator && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') return { ok: false, row: rows.length + 1, column, message: 'quote inside an unquoted field' };
        i++;
      }
      value = text.slice(start, i);
    }
    row.push({ value, quoted });
    if (i >= n) {
      rows.push(row);
      return { ok: true, rows, bareLf };
    }
    if (text[i] === separator) {
      i++;
      continue;
    }
    // End of record: CRLF or LF. A file ending in a line break has no empty last record.
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else {
      bareLf.push(rows.length + 1);
      i++;
    }
    rows.push(row);
    row = [];
    if (i >= n) return { ok: true, rows, bareLf };
  }
}
