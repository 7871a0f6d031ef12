/**
 * A small but valid one-page PDF (PDF 1.4, A4, Helvetica in WinAnsi), shared by the sandbox
 * servers for proof-of-delivery documents and rendered invoices: a real document a viewer opens
 * and a client can check by its magic bytes, not a placeholder. The output is 7-bit ASCII
 * (Latin-1 and the euro sign as octal escapes), so it travels as a text body and the
 * cross-reference offsets stay byte-exact in any encoding.
 */

export interface PdfLine {
  text: string;
  bold?: boolean;
  /** Font size in points; 10 by default. */
  size?: number;
}

const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN = 56;

/** A PDF string literal in WinAnsi; what WinAnsi lacks prints as "?". */
export function pdfString(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 63;
    if (char === '(' || char === ')' || char === '\\') out += `\\${char}`;
    else if (code >= 32 && code < 127) out += char;
    else if (char === '€') out += '\\200';
    else if (char === '→') out += '->';
    else if (char === '−' || char === '–' || char === '—') out += '-';
    else if (code >= 160 && code <= 255) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += '?';
  }
  return `(${out})`;
}

const lineHeight = (line: PdfLine) => Math.round((line.size ?? 10) * 1.5);

/** The lines from the top of the page; what does not fit ends in a line saying how much was left out. */
function pageContent(lines: readonly PdfLine[]): string {
  const shown: PdfLine[] = [];
  let y = PAGE_HEIGHT - MARGIN;
  for (const [i, line] of lines.entries()) {
    if (y - lineHeight(line) < MARGIN + 15) {
      shown.push({ text: `... ${lines.length - i} more lines` });
      break;
    }
    shown.push(line);
    y -= lineHeight(line);
  }
  y = PAGE_HEIGHT - MARGIN;
  return shown
    .map((line) => {
      y -= lineHeight(line);
      return `BT /${line.bold ? 'F2' : 'F1'} ${line.size ?? 10} Tf ${MARGIN} ${y} Td ${pdfString(line.text)} Tj ET`;
    })
    .join('\n');
}

export function onePagePdf(lines: readonly PdfLine[], info: { title: string; producer: string }): string {
  const content = pageContent(lines);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Title ${pdfString(info.title)} /Producer ${pdfString(info.producer)} >>`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return pdf;
}
