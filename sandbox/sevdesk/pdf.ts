/**
 * A minimal one-page PDF (Helvetica, WinAnsi), so that `getPdf` returns a real document a
 * viewer can open, not a placeholder string.
 */
const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN = 56;
const LINE_HEIGHT = 15;

/** WinAnsi covers Latin-1 and the euro sign; anything else prints as "?". */
function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 63;
    if (ch === '€') out += '\x80';
    else if ((code >= 32 && code < 127) || (code >= 160 && code <= 255)) out += ch;
    else out += '?';
  }
  return out.replace(/[\\()]/g, (c) => `\\${c}`);
}

export interface PdfLine {
  text: string;
  bold?: boolean;
  size?: number;
}

export function renderPdf(title: string, lines: readonly PdfLine[]): Buffer {
  const maxLines = Math.floor((PAGE_HEIGHT - 2 * MARGIN) / LINE_HEIGHT);
  const content = lines
    .slice(0, maxLines)
    .map((line, i) => {
      const y = PAGE_HEIGHT - MARGIN - i * LINE_HEIGHT;
      return `BT /${line.bold ? 'F2' : 'F1'} ${line.size ?? 10} Tf ${MARGIN} ${y} Td (${winAnsi(line.text)}) Tj ET`;
    })
    .join('\n');

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    `<< /Title (${winAnsi(title)}) /Producer (sevdesk sandbox emulator) >>`,
  ];

  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
