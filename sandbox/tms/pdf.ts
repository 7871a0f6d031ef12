/**
 * A minimal but valid one-page PDF (PDF 1.4, Helvetica, A4), enough for a viewer and for a
 * client that checks the magic bytes or the content type. The kit sends text as UTF-8, so the
 * document is kept to 7-bit ASCII and the xref offsets stay byte-exact.
 */

const TRANSLITERATION: Record<string, string> = {
  ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss', ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', æ: 'ae', Æ: 'Ae', '→': '->', '–': '-', '—': '-',
};

export function toPdfAscii(text: string): string {
  return [...text]
    .map((ch) => TRANSLITERATION[ch] ?? ch)
    .join('')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
}

function pdfString(text: string): string {
  return `(${toPdfAscii(text).replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** `lines[0]` is set as a title, the rest as body text. */
export function minimalPdf(lines: string[]): string {
  const [title = '', ...body] = lines;
  const content = [
    'BT',
    '/F1 18 Tf',
    '56 780 Td',
    `${pdfString(title)} Tj`,
    '/F1 11 Tf',
    '16 TL',
    '0 -12 Td',
    ...body.map((line) => `T* ${pdfString(line)} Tj`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}
