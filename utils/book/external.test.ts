import { describe, expect, it } from 'vitest';
import { confirmExternalMatch, findExternalInvoices, type ExternalInvoice, type ExternalSource } from './external';
import { freshBook, invoiceInput, TMS } from '@/tests/support/book';

function external(id: string, texts: string[], extra: Partial<ExternalInvoice['record']> = {}): ExternalInvoice {
  const { orders: _o, origin: _origin, createdBy: _c, correctionOf: _k, ...record } = invoiceInput({ invoiceId: id, invoiceNumber: `RE-${id}`, deepLink: `https://app.lexware.de/permalink/invoices/view/${id}`, ...extra });
  return { record, texts };
}

const source = (invoices: ExternalInvoice[], truncated = false): ExternalSource & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    listInvoices: async (from, to) => {
      asked.push(`${from}..${to}`);
      return { invoices, truncated };
    },
  };
};

describe('finding invoices made in the billing system', () => {
  it('records unambiguous matches as made in the billing system; their orders count as invoiced', async () => {
    const { book } = freshBook();
    const src = source([external('x1', ['Transport A-0100 und A-0101']), external('x2', ['Beratung'])]);
    const result = await findExternalInvoices(book, src, 'lexware', { from: '2026-11-01', to: '2026-11-30' }, [
      { origin: TMS, orderId: 'o-100', orderNumber: 'A-0100' },
      { origin: TMS, orderId: 'o-101', orderNumber: 'A-0101' },
      { origin: TMS, orderId: 'o-102', orderNumber: 'A-0102' },
    ]);
    expect(src.asked).toEqual(['2026-11-01..2026-11-30']);
    expect(result).toEqual({ recorded: [{ invoiceKey: 'lexware|x1', invoiceNumber: 'RE-x1', orderNumbers: ['A-0100', 'A-0101'] }], ambiguous: [], unmatched: 1, known: 0, truncated: false });
    expect(await book.get('lexware|x1')).toMatchObject({ createdBy: 'billing-system', origin: TMS });
    const invoiced = await book.isInvoiced(TMS, ['o-100', 'o-101', 'o-102']);
    expect([...invoiced.keys()].sort()).toEqual(['o-100', 'o-101']);
    expect(invoiced.get('o-100')).toMatchObject({ createdBy: 'billing-system', invoiceNumber: 'RE-x1' });
  });

  it('finds orders the book knows by number, and never applies a match to an order already invoiced', async () => {
    const { book } = freshBook();
    await book.recordInvoice(invoiceInput({ n: 1 })); // order A-0001 on RE-1001
    const result = await findExternalInvoices(book, source([external('x9', ['Nachberechnung a-0001'])]), 'lexware', { from: '2026-11-01', to: '2026-11-30' }, []);
    expect(result.recorded).toEqual([]);
    expect(result.ambiguous).toEqual([
      {
        invoiceKey: 'lexware|x9',
        invoiceNumber: 'RE-x9',
        customerName: 'Spedition Müller GmbH',
        grossMinor: 119_000,
        currency: 'EUR',
        candidates: [{ origin: TMS, orderId: 'o-1', orderNumber: 'A-0001', invoicedBy: 'lexware|lx-1' }],
        reasons: ['already-invoiced'],
      },
    ]);
    expect(await book.get('lexware|x9')).toBeUndefined();

    // The user confirms: now it is recorded with that order.
    expect(await confirmExternalMatch(book, 'lexware|x9', [{ origin: TMS, orderId: 'o-1' }])).toEqual({ ok: true, invoiceKey: 'lexware|x9', orderNumbers: ['A-0001'] });
    expect(await book.get('lexware|x9')).toMatchObject({ createdBy: 'billing-system', orderNumbers: ['A-0001'] });
    expect(await confirmExternalMatch(book, 'lexware|x9', [{ origin: TMS, orderId: 'o-1' }])).toEqual({ ok: false, reason: 'no-pending-match' });
  });

  it('skips invoices already in the book and accepts only offered orders of one site on confirmation', async () => {
    const { book } = freshBook();
    await book.recordInvoice(invoiceInput({ n: 1, invoiceId: 'x1' }));
    const onPage = [
      { origin: TMS, orderId: 'o-7', orderNumber: '4711' },
      { origin: 'https://other.example.test', orderId: 'p-7', orderNumber: '4711' },
    ];
    const result = await findExternalInvoices(book, source([external('x1', ['4711']), external('x2', ['Auftrag 4711'])], true), 'lexware', { from: '2026-11-01', to: '2026-11-30' }, onPage);
    expect(result).toMatchObject({ known: 1, truncated: true, ambiguous: [{ invoiceKey: 'lexware|x2', reasons: ['number-on-several-sites'] }] });
    expect(await confirmExternalMatch(book, 'lexware|x2', [{ origin: TMS, orderId: 'o-99' }])).toEqual({ ok: false, reason: 'not-a-candidate' });
    expect(await confirmExternalMatch(book, 'lexware|x2', onPage)).toEqual({ ok: false, reason: 'one-site-only' });
    expect(await confirmExternalMatch(book, 'lexware|x2', [onPage[1]!])).toMatchObject({ ok: true });
    expect(await book.get('lexware|x2')).toMatchObject({ origin: 'https://other.example.test' });
  });
});
