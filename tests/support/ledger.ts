import type { LedgerEntry } from '@/utils/storage';

/** One ledger entry as the extension stores it: the invoice of order `o-<n>`. */
export const ledgerEntry = (n: number): LedgerEntry => ({
  provider: 'lexware',
  invoiceId: `inv-${n}`,
  invoiceNumber: `RE-${n}`,
  url: `https://app.lexware.de/permalink/invoices/view/inv-${n}`,
  origin: 'http://127.0.0.1:4410',
  orderId: `o-${n}`,
  orderNumber: `A-${n}`,
  customerName: 'Spedition Nordlicht GmbH',
  currency: 'EUR',
  positionNetMinor: 125000,
  createdAt: '2026-11-12T10:00:00.000Z',
  jobId: `job-${n}`,
});
