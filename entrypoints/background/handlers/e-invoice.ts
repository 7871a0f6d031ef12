/**
 * The background's side of e-invoices beyond the preview (#16): the sevdesk payment methods
 * the options offer for its e-invoices.
 */
import type { RequestOf, ResponseOf } from '@/utils/messaging';
import { providerFor } from '../services/providers';
import { failure } from '../services/results';

export async function getSevdeskPaymentMethods(_req: RequestOf<'getSevdeskPaymentMethods'>): Promise<ResponseOf<'getSevdeskPaymentMethods'>> {
  try {
    const provider = await providerFor('sevdesk');
    return { ok: true, methods: ((await provider.paymentMethods?.()) ?? []).slice(0, 200) };
  } catch (error) {
    return failure(error);
  }
}
