import { BillingError } from '@/utils/billing/errors';

/** What a promise failed with, for field-by-field assertions; anything but a BillingError fails the test. */
export async function billingFailure(promise: Promise<unknown>): Promise<BillingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BillingError) return error;
    throw error;
  }
  throw new Error('expected a BillingError');
}
