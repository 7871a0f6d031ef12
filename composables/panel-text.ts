/** Puts problems and errors into the user's words. */
import type { Problem } from '@/utils/domain/problems';
import type { Failure } from '@/utils/messaging';
import type { MessageKey, Params, Translate } from '@/utils/i18n/translate';

import { PROVIDER_NAMES } from '@/utils/billing/registry';

export { PROVIDER_NAMES };

const FIELDS = new Set(['title', 'introduction', 'remark', 'name', 'description', 'voucherDate', 'serviceStart', 'serviceEnd']);

/** A country's name in the user's language ("AT" → "Austria" / "Österreich"); the code itself if unknown. */
export function regionName(code: string, intl: string): string {
  try {
    return new Intl.DisplayNames([intl], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * `intl`: the user's Intl locale (useI18n().intl), to name countries as the tax case's reason
 * does ("a business in Austria"); without it the problem shows the country code.
 */
export function problemText(t: Translate, problem: Problem, provider: keyof typeof PROVIDER_NAMES, customerName = '', intl?: string): string {
  const params: Params = { ...problem.params, provider: PROVIDER_NAMES[provider], customer: customerName };
  if (intl && typeof params.country === 'string' && /^[A-Z]{2}$/.test(params.country)) params.country = regionName(params.country, intl);
  if (problem.code === 'read-failed') {
    const field = problem.params?.field === undefined ? '' : t(`orderField.${String(problem.params.field)}` as MessageKey);
    params.reason = t(`readProblem.${String(problem.params?.reason)}` as MessageKey, { field, limit: problem.params?.limit ?? '', host: problem.params?.host ?? '' });
  }
  if (problem.code === 'value-interpreted') params.field = t(`orderField.${String(problem.params?.field)}` as MessageKey);
  if (typeof params.field === 'string' && FIELDS.has(params.field)) params.field = t(`field.${params.field}` as MessageKey);
  if (problem.code === 'tax-categories-mixed') {
    // "domestic=A-1, A-3;exemptCrossBorder=A-2" → "domestic VAT (A-1, A-3), tax-free § 4 No. 3 (A-2)"
    params.cases = String(problem.params?.byCase ?? '')
      .split(';')
      .filter(Boolean)
      .map((group) => {
        const [taxCase, orders] = group.split('=');
        return `${t(`taxCase.short.${taxCase}` as MessageKey)} (${orders ?? ''})`;
      })
      .join(', ');
    params.why = problem.params?.notSubject ? t('problem.mixedNotSubject') : '';
  }
  return t(`problem.${problem.code}` as MessageKey, params);
}

const KNOWN_ERRORS = new Set([
  'auth', 'forbidden', 'validation', 'not-found', 'conflict', 'rate-limited', 'unavailable', 'timeout', 'network', 'bad-response',
  'unsupported', 'internal', 'already-invoiced', 'provider-changed', 'invalid-draft', 'foreign-origin',
  'background-unavailable', 'extension-reloaded',
]);

/** Failures whose technical details help support: the UI offers "Copy details" for them. */
const UNEXPECTED = new Set(['internal', 'background-unavailable', 'extension-reloaded', 'bad-response']);
export const hasDetails = (error: Failure['error']): boolean => UNEXPECTED.has(KNOWN_ERRORS.has(error.code) ? error.code : 'internal');

/** What "Copy details" copies: the code, status and technical message (never a key: none reaches the UI). */
export function errorDetails(error: Failure['error']): string {
  return [`Frachtbeleg ${error.code}${error.status ? ` (HTTP ${error.status})` : ''}`, error.message, new Date().toISOString()].filter(Boolean).join('\n');
}

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
