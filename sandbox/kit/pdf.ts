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

/** A file embedded in the PDF (as ZUGFeRD/Factur-X embeds its XML); ASCII content only. */
export interface PdfAttachment {
  name: string;
  mimeType: string;
  content: string;
}

function embeddedFileObjects(attachments: readonly PdfAttachment[], firstObject: number): { objects: string[]; names: string; af: string } {
  const objects: string[] = [];
  const refs: string[] = [];
  const names: string[] = [];
  attachments.forEach((file, i) => {
    if (/[^\x00-\x7f]/.test(file.content)) throw new Error(`pdf attachment ${file.name}: content must be ASCII`);
    const spec = firstObject + 2 * i;
    const stream = spec + 1;
    const subtype = file.mimeType.replace('/', '#2F');
    objects.push(`<< /Type /Filespec /F ${pdfString(file.name)} /UF ${pdfString(file.name)} /AFRelationship /Alternative /EF << /F ${stream} 0 R >> >>`);
    objects.push(`<< /Type /EmbeddedFile /Subtype /${subtype} /Length ${file.content.length} >>\nstream\n${file.content}\nendstream`);
    refs.push(`${spec} 0 R`);
    names.push(`${pdfString(file.name)} ${spec} 0 R`);
  });
  return { objects, names: names.join(' '), af: refs.join(' ') };
}

export function onePagePdf(lines: readonly PdfLine[], info: { title: string; producer: string; attachments?: readonly PdfAttachment[] }): string {
  const content = pageContent(lines);
  const attachments = info.attachments ?? [];
  // Objects 1–7 are fixed; embedded files follow the info dictionary.
  const embedded = embeddedFileObjects(attachments, 8);
  const catalog =
    attachments.length === 0
      ? '<< /Type /Catalog /Pages 2 0 R >>'
      : `<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [${embedded.names}] >> >> /AF [${embedded.af}] >>`;
  const objects = [
    catalog,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Title ${pdfString(info.title)} /Producer ${pdfString(info.producer)} >>`,
    ...embedded.objects,
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
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return pdf;
}
