import { BillingError } from '@/utils/billing/errors';
import type { Failure } from '@/utils/messaging';

/** Turns an error into a refusal the UI can put into words, without secrets or raw bodies. */
export function failure(error: unknown): Failure {
  if (error instanceof BillingError) {
    return { ok: false, error: { code: error.code, message: error.message, ...(error.status ? { status: error.status } : {}), fields: error.fields } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'internal', message: message.slice(0, 500) } };
}
