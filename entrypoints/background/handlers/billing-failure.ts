/**
 * A billing system's failure, as the book's handlers (payments, reminders, corrections) hand it
 * to a page: a code the page can translate and words it can show, never a browser error text.
 */
import { BillingError } from '@/utils/billing/errors';
import type { Failure } from '@/utils/messaging';

export function refusal(code: string, message: string): Failure {
  return { ok: false, error: { code, message: message.slice(0, 2000) } };
}

export function codeOf(error: unknown): string {
  return error instanceof BillingError ? error.code : 'internal';
}

export function serialized(error: unknown): Failure['error'] {
  if (error instanceof BillingError) return { code: error.code, message: error.message, fields: error.fields };
  return { code: 'internal', message: error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500) };
}
