/**
 * The ledger write-back's badge: a recipe site's list rows that Frachtbeleg invoiced, with the
 * invoice number and its payment status, in the user's language. A page learns only about its own site's orders.
 */
import type { RequestOf, ResponseOf, SenderInfo } from '@/utils/messaging';
import { invoicedOrders } from '../services/book';
import { createTranslator, type Translate } from '@/utils/i18n/translate';
import type { InvoicedOrder } from '@/utils/book/book';
import { currentLocale } from '../services/locale';

export async function getLedgerMarks(req: RequestOf<'getLedgerMarks'>, sender: SenderInfo): Promise<ResponseOf<'getLedgerMarks'>> {
  if (sender.fromContentScript && sender.origin !== req.origin) return { marks: [] };
  const found = await invoicedOrders(req.origin, req.orderIds);
  if (found.size === 0) return { marks: [] };
  const t = createTranslator(await currentLocale());
  return {
    marks: [...found.values()].map((entry) => ({
      orderId: entry.orderId,
      text: badgeText(t, entry),
      // The number to enter into the TMS (instructions write-back); a cancelled invoice's is not one to enter.
      ...(entry.invoiceNumber && entry.status !== 'cancelled' ? { invoiceNumber: entry.invoiceNumber } : {}),
    })),
  };
}

/** The number with what the book knows of the payment: paid, partly paid or overdue; otherwise just invoiced. */
function badgeText(t: Translate, entry: InvoicedOrder): string {
  if (!entry.invoiceNumber) return t('panel.ledgerBadgeDraft');
  const number = entry.invoiceNumber;
  // Cancelled from the book and not yet released: still held, and the badge says why.
  if (entry.status === 'cancelled') return t('panel.ledgerBadgeCancelled', { number });
  if (entry.status === 'paid') return t('panel.ledgerBadgePaid', { number });
  if (entry.status === 'partlyPaid') return t('panel.ledgerBadgePartlyPaid', { number });
  if (entry.status === 'overdue') return t('panel.ledgerBadgeOverdue', { number });
  return t('panel.ledgerBadge', { number });
}
