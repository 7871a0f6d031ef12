/**
 * What each billing system accepts, as far as the preview must know before sending.
 * Sources: ../shared/api/billing-apis.md §1.4, §1.9 (Lexware) and §2 (sevdesk).
 */
import type { ProviderId } from './ids';

export type { ProviderId };

export interface ProviderRules {
  id: ProviderId;
  /** null: any ISO 4217 currency. */
  currencies: readonly string[] | null;
  maxPositions: number;
  limits: { title: number; introduction: number; remark: number; positionName: number; positionDescription: number };
  /**
   * How the system rounds VAT: Lexware per tax rate on the net sum, sevdesk per position.
   * The preview shows the totals the system will show.
   */
  rounding: 'per-rate' | 'per-position';
  /** Maximum decimals of a quantity. */
  quantityDecimals: number;
  /** sevdesk refuses a regular invoice whose delivery date is after the invoice date. */
  serviceNotAfterInvoice: boolean;
}

export const PROVIDER_RULES: Record<ProviderId, ProviderRules> = {
  lexware: {
    id: 'lexware',
    currencies: ['EUR'],
    maxPositions: 300,
    limits: { title: 25, introduction: 2000, remark: 2000, positionName: 255, positionDescription: 2000 },
    rounding: 'per-rate',
    quantityDecimals: 4,
    serviceNotAfterInvoice: false,
  },
  sevdesk: {
    id: 'sevdesk',
    currencies: null,
    // sevdesk documents no position limit; one invoice per 300 orders keeps both systems alike.
    maxPositions: 300,
    limits: { title: 255, introduction: 5000, remark: 5000, positionName: 255, positionDescription: 5000 },
    rounding: 'per-position',
    quantityDecimals: 4,
    serviceNotAfterInvoice: true,
  },
};
