import { describe, expect, it } from 'vitest';
import { onePagePdf, pdfString } from './pdf';

const info = { title: 'Rechnung RE0001', producer: 'test' };

function expectValidXref(pdf: string, objects = 7) {
  const startxref = Number(/startxref\n(\d+)/.exec(pdf)?.[1]);
  expect(pdf.slice(startxref).startsWith('xref')).toBe(true);
  const offsets = [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  expect(offsets).toHaveLength(objects);
  offsets.forEach((offset, i) => expect(pdf.slice(offset).startsWith(`${i + 1} 0 obj\n`)).toBe(true));
}

describe('onePagePdf', () => {
  it('writes a PDF 1.4 whose cross references point at their objects', () => {
    const pdf = onePagePdf([{ text: 'Proof of delivery', bold: true, size: 18 }, { text: 'Order: A-2026-0412' }], info);
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pdf).toContain('/F2 18 Tf 56 759 Td (Proof of delivery) Tj');
    expect(pdf).toContain('(Order: A-2026-0412) Tj');
    expect(pdf).toContain('/Title (Rechnung RE0001)');
    expectValidXref(pdf);
  });

  it('is 7-bit ASCII: umlauts and the euro sign as WinAnsi escapes, brackets escaped', () => {
    const pdf = onePagePdf([{ text: 'Müller (Köln) 1.250,00 € → Wien' }], info);
    expect(pdf).toContain(String.raw`(M\374ller \(K\366ln\) 1.250,00 \200 -> Wien) Tj`);
    expect(/^[\x0a\x20-\x7e]*$/.test(pdf)).toBe(true);
    expect(pdfString('Zürich – 日本')).toBe(String.raw`(Z\374rich - ??)`);
  });

  it('keeps a long document on its page and says how many lines were left out', () => {
    const lines = Array.from({ length: 100 }, (_, i) => ({ text: `Position ${i + 1}` }));
    const pdf = onePagePdf(lines, info);
    const shown = [...pdf.matchAll(/\(Position (\d+)\) Tj/g)].length;
    expect(shown).toBeGreaterThan(40);
    expect(shown).toBeLessThan(100);
    expect(pdf).toContain(`(... ${100 - shown} more lines) Tj`);
    const lowest = Math.min(...[...pdf.matchAll(/ 56 (\d+) Td/g)].map((m) => Number(m[1])));
    expect(lowest).toBeGreaterThanOrEqual(56);
    expectValidXref(pdf);
  });

  it('embeds attachments as a ZUGFeRD PDF does: an EmbeddedFiles name tree and /AF on the catalog', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<rsm:CrossIndustryInvoice/>';
    const pdf = onePagePdf([{ text: 'Rechnung' }], { ...info, attachments: [{ name: 'factur-x.xml', mimeType: 'text/xml', content: xml }] });
    expect(pdf).toContain('/Names << /EmbeddedFiles << /Names [(factur-x.xml) 8 0 R] >> >> /AF [8 0 R]');
    expect(pdf).toContain(`/Type /EmbeddedFile /Subtype /text#2Fxml /Length ${xml.length} >>\nstream\n${xml}\nendstream`);
    expect(pdf).toContain('/Info 7 0 R');
    expectValidXref(pdf, 9);
    expect(() => onePagePdf([], { ...info, attachments: [{ name: 'x.xml', mimeType: 'text/xml', content: 'Müller' }] })).toThrow(/ASCII/);
  });
});
