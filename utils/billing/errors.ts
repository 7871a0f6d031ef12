/**
 * Errors from billing systems, in the terms a dispatcher can act on. A BillingError never
 * carries a key, a header or a raw response body; its `detail` is safe to show and log.
 */
export type BillingErrorCode =
  /** The key was refused (401). */
  | 'auth'
  /** The key lacks a permission, or the contract does not allow it (402/403). */
  | 'forbidden'
  /** The system refused the data (400/406/422); `fields` says where. */
  | 'validation'
  | 'not-found'
  | 'conflict'
  /** Too many requests; nothing was done. */
  | 'rate-limited'
  /** The system failed or is down (5xx other than a gateway timeout). */
  | 'unavailable'
  /** No answer in time (client timeout or 504). */
  | 'timeout'
  /** The network failed (offline, DNS, connection dropped). */
  | 'network'
  /** The answer did not have the documented shape. */
  | 'bad-response'
  /** The account cannot do this (e.g. sevdesk bookkeeping version 1.0). */
  | 'unsupported';

export interface FieldIssue {
  /** The API's field path, e.g. "lineItems[0].unitPrice.currency". */
  field: string;
  /** A message key for known issues (see i18n "billingField"), else 'generic'. */
  key: string;
}

export class BillingError extends Error {
  override name = 'BillingError';
  readonly code: BillingErrorCode;
  readonly status: number | undefined;
  /**
   * For requests that change data: 'not-performed' when the system certainly did nothing
   * (a 4xx answer, a 429), 'unknown' when it may have done it (timeout, 5xx, dropped
   * connection). An unknown outcome is never retried blindly.
   */
  readonly outcome: 'not-performed' | 'unknown';
  readonly fields: FieldIssue[];
  readonly retryAfterMs: number | undefined;

  constructor(
    code: BillingErrorCode,
    message: string,
    options: { status?: number; outcome?: 'not-performed' | 'unknown'; fields?: FieldIssue[]; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.code = code;
    this.status = options.status;
    this.outcome = options.outcome ?? 'not-performed';
    this.fields = options.fields ?? [];
    this.retryAfterMs = options.retryAfterMs;
  }

  /** A plain object that survives storage and messaging. */
  toJSON(): SerializedBillingError {
    return {
      code: this.code,
      message: this.message,
      ...(this.status !== undefined ? { status: this.status } : {}),
      outcome: this.outcome,
      fields: this.fields,
    };
  }
}

export interface SerializedBillingError {
  code: BillingErrorCode;
  message: string;
  status?: number;
  outcome: 'not-performed' | 'unknown';
  fields: FieldIssue[];
}

export function codeForStatus(status: number): BillingErrorCode {
  if (status === 401) return 'auth';
  if (status === 402 || status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status === 504 || status === 408) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'validation';
}

/** Whether a request that changes data may have been carried out despite the error. */
export function outcomeForStatus(status: number | undefined): 'not-performed' | 'unknown' {
  if (status === undefined) return 'unknown';
  return status >= 500 || status === 408 ? 'unknown' : 'not-performed';
}
