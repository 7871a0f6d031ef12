/**
 * Problems the preview shows before anything is sent. A blocking problem disables
 * "Save and create invoice"; warnings and notes inform.
 */
export type ProblemSeverity = 'blocking' | 'warning' | 'info';

export type ProblemCode =
  | 'read-failed'
  | 'no-orders'
  | 'mixed-customers'
  | 'mixed-currencies'
  | 'currency-not-supported'
  | 'too-many-positions'
  | 'already-invoiced'
  | 'invoice-in-progress'
  | 'not-delivered'
  | 'cancelled'
  | 'text-shortened'
  | 'text-too-long'
  | 'price-invalid'
  | 'price-zero'
  | 'quantity-invalid'
  | 'date-invalid'
  | 'period-reversed'
  | 'service-after-invoice'
  | 'text-missing'
  | 'delivery-before-pickup'
  | 'date-far'
  | 'price-implausible'
  | 'value-interpreted'
  | 'duplicate-order-number'
  | 'no-contact'
  | 'not-connected'
  // The tax case (draft-tax.ts, validate-draft.ts).
  | 'tax-case-undecided'
  | 'tax-categories-mixed'
  | 'tax-country-missing'
  | 'vat-id-missing'
  | 'vat-id-invalid'
  | 'vat-id-wrong-country'
  | 'export-evidence-needed'
  | 'private-cross-border'
  | 'tax-rate-mismatch'
  // E-invoice readiness (draft-readiness.ts).
  | 'e-invoice-not-ready'
  | 'e-invoice-not-ready-soon'
  | 'xrechnung-not-ready'
  | 'e-invoice-incomplete';

export interface Problem {
  code: ProblemCode;
  severity: ProblemSeverity;
  /** The order (TMS id) or position the problem belongs to, if any. */
  orderId?: string;
  /** Values for the message: order number, field, limit, currency, reason… */
  params?: Record<string, string | number>;
}

export const isBlocking = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'blocking');
