/**
 * The ledger write-back's badge: a recipe site's list rows that Frachtbeleg invoiced, with the
 * invoice number, in the user's language. A page learns only about its own site's orders.
 */
import type { RequestOf, ResponseOf, SenderInfo } from '@/utils/messaging';
import { invoicedOrders } from '@/utils/ledger';
import { createTranslator } from '@/utils/i18n/translate';
import { currentLocale } from '../services/locale';

export async function getLedgerMarks(req: RequestOf<'getLedgerMarks'>, sender: SenderInfo): Promise<ResponseOf<'getLedgerMarks'>> {
  if (sender.fromContentScript && sender.origin !== req.origin) return { marks: [] };
  const found = await invoicedOrders(req.origin, req.orderIds);
  if (found.size === 0) return { marks: [] };
  const t = createTranslator(await currentLocale());
  return {
    marks: [...found.values()].map((entry) => ({
      orderId: entry.orderId,
      text: entry.invoiceNumber ? t('panel.ledgerBadge', { number: entry.invoiceNumber }) : t('panel.ledgerBadgeDraft'),
    })),
  };
}
