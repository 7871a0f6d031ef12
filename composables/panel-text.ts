/** Puts problems and errors into the user's words. */
import type { Problem } from '@/utils/domain/problems';
import type { Failure } from '@/utils/messaging';
import type { MessageKey, Params, Translate } from '@/utils/i18n/translate';

import { PROVIDER_NAMES } from '@/utils/billing/registry';

export { PROVIDER_NAMES };

const FIELDS = new Set(['title', 'introduction', 'remark', 'name', 'description', 'voucherDate', 'serviceStart', 'serviceEnd']);

export function problemText(t: Translate, problem: Problem, provider: keyof typeof PROVIDER_NAMES, customerName = ''): string {
  const params: Params = { ...problem.params, provider: PROVIDER_NAMES[provider], customer: customerName };
  if (problem.code === 'read-failed') {
    params.reason = t(`readProblem.${String(problem.params?.reason)}` as MessageKey, { field: String(problem.params?.field ?? '') });
  }
  if (typeof params.field === 'string' && FIELDS.has(params.field)) params.field = t(`field.${params.field}` as MessageKey);
  return t(`problem.${problem.code}` as MessageKey, params);
}

const KNOWN_ERRORS = new Set([
  'auth', 'forbidden', 'validation', 'not-found', 'conflict', 'rate-limited', 'unavailable', 'timeout', 'network', 'bad-response',
  'unsupported', 'internal', 'already-invoiced', 'provider-changed', 'invalid-draft', 'foreign-origin',
]);

export function errorText(t: Translate, error: Failure['error'], provider: keyof typeof PROVIDER_NAMES): string {
  const code = KNOWN_ERRORS.has(error.code) ? error.code : 'internal';
  const fields = [...new Set((error.fields ?? []).map((f) => t(`billingField.${f.key}` as MessageKey)))];
  return t(`billingError.${code}` as MessageKey, {
    provider: PROVIDER_NAMES[provider],
    message: error.message,
    fields: fields.length ? fields.join(', ') : t('billingField.generic'),
    orderNumbers: (error.orderNumbers ?? []).join(', '),
  });
}
