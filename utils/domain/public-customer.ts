/**
 * A public customer (Behörde, Kommune, öffentlicher Auftraggeber): its invoices must be
 * XRechnungen carrying its Leitweg-ID as the buyer reference (BR-DE-15). Lexware Office
 * also wants our supplier number at the customer on the contact before it writes one
 * (fact sheet §3.2). Stored per customer with its tax case (utils/storage.ts CustomerTax).
 */
import * as v from 'valibot';
import { LeitwegIdSchema } from './leitweg-id';

export const PublicCustomerSchema = v.object({
  leitwegId: LeitwegIdSchema,
  vendorNumberAtCustomer: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))),
});
export type PublicCustomer = v.InferOutput<typeof PublicCustomerSchema>;

/**
 * A public customer as stored and shown: its Leitweg-ID is checked when saved, but the
 * buyer reference may have been typed before the customer was marked public, so what is
 * shown is checked again by the readiness check rather than refused here.
 */
export const StoredPublicCustomerSchema = v.object({
  leitwegId: v.pipe(v.string(), v.maxLength(200)),
  vendorNumberAtCustomer: v.optional(v.pipe(v.string(), v.maxLength(100))),
});

/** The public-customer part of a stored customer entry, or undefined for other customers. */
export function publicCustomerOf(stored: { publicAuthority?: boolean | undefined; buyerReference?: string | undefined; vendorNumberAtCustomer?: string | undefined } | undefined): PublicCustomer | undefined {
  if (!stored?.publicAuthority) return undefined;
  return { leitwegId: stored.buyerReference ?? '', ...(stored.vendorNumberAtCustomer ? { vendorNumberAtCustomer: stored.vendorNumberAtCustomer } : {}) };
}
