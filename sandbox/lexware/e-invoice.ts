/**
 * Which e-invoice a finalized sales voucher becomes (fact sheet §3.1, §3.2). No request field
 * selects the profile: Lexware derives it from the contact, the tax type, the organisation's
 * "E-Rechnung" switch, its company data and the print layout.
 *
 * - XRechnung: the contact has both `xRechnung.buyerReference` and `vendorNumberAtCustomer` (and
 *   the body did not send `buyerReference: ""`). Its preconditions are refused with 406, the
 *   invoice's own ones at any creation, the organisation's and the layout's only at finalization.
 * - EN16931 (ZUGFeRD): E-Rechnung is on and the prerequisites hold; a missing prerequisite
 *   silently gives NONE (the sheet leaves 406 vs NONE open; the emulator downgrades).
 * - NONE: drafts, and everything else.
 */
import type { Violation } from './errors';
import type { InvoiceInput } from './invoice-validation';
import type { Contact, ElectronicDocumentProfile, TaxType } from './model';
import type { Organization } from './organization';

/** Tax cases the checklist names as "special": the customer's USt-IdNr. must be on the contact. */
const NEEDS_BUYER_VAT_ID: ReadonlySet<TaxType> = new Set(['intraCommunitySupply', 'externalService13b', 'constructionService13b']);

export function isXRechnungContact(contact: Contact | undefined): boolean {
  return !!(contact?.xRechnung?.buyerReference && contact.xRechnung.vendorNumberAtCustomer);
}

/** The invoice will be an XRechnung once finalized. */
export function wantsXRechnung(input: InvoiceInput, contact: Contact | undefined): boolean {
  return isXRechnungContact(contact) && input.xRechnung?.buyerReference !== '';
}

const violation = (field: string, message: string): Violation => ({ violation: 'INVALID', field, message });

/** Preconditions of the invoice itself, checked on every create (draft or finalized). */
export function xRechnungInvoiceProblems(input: InvoiceInput, contact: Contact | undefined): Violation[] {
  if (!wantsXRechnung(input, contact)) return [];
  const problems: Violation[] = [];
  if (input.taxConditions.taxType !== 'net') {
    problems.push(violation('taxConditions.taxType', 'XRechnung ist nur mit der Steuerart net möglich'));
  }
  const billing = contact?.addresses?.billing?.[0];
  if (!billing?.zip || !billing.city) {
    problems.push(violation('address.contactId', 'Für XRechnung braucht der Kontakt eine Rechnungsadresse mit PLZ und Ort'));
  }
  input.lineItems.forEach((item, i) => {
    if (item.type === 'text') return;
    if (!item.name || !item.unitName || item.quantity === undefined) {
      problems.push(violation(`lineItems[${i}]`, 'Für XRechnung braucht jede Position Menge, Einheit und Bezeichnung'));
    }
  });
  return problems;
}

/** The organisation's data and the print layout: checked only at finalization (change log 01.08.2024). */
export function xRechnungOrganizationProblems(org: Organization): Violation[] {
  const missing: string[] = [];
  if (!org.companyName) missing.push('Firmenname');
  if (!org.street || !org.zip || !org.city) missing.push('Anschrift');
  if (!org.phone) missing.push('Telefonnummer');
  if (!org.email) missing.push('E-Mail-Adresse');
  if (!org.taxNumber && !org.vatRegistrationId) missing.push('Steuernummer oder USt-IdNr.');
  const problems = missing.length > 0 ? [violation('organization', `Für XRechnung fehlen Angaben Ihres Unternehmens: ${missing.join(', ')}`)] : [];
  if (!org.bankAccountInFooter || !org.iban) {
    problems.push(violation('printLayout', 'Für XRechnung muss die Bankverbindung in der Fußzeile des Drucklayouts stehen'));
  }
  return problems;
}

/** Whether a finalized, non-XRechnung voucher meets the ZUGFeRD prerequisites. */
export function meetsZugferdPrerequisites(input: InvoiceInput, contact: Contact | undefined, org: Organization): boolean {
  if (!org.eInvoicing || org.letterheadLayout) return false;
  // "Company contact": the seller contact point (BR-DE-2…7).
  if (!org.phone || !org.email) return false;
  if (!org.vatRegistrationId && !org.taxNumber) return false;
  if (input.lineItems.some((item) => item.type !== 'text' && (item.price ?? 0n) <= 0n)) return false;
  if (NEEDS_BUYER_VAT_ID.has(input.taxConditions.taxType) && !contact?.company?.vatRegistrationId) return false;
  return true;
}

export interface ProfileDecision {
  profile: ElectronicDocumentProfile;
  problems: Violation[];
}

/**
 * The profile a voucher gets, or the 406 violations that stop it. `kind` creditnote never gets
 * XRechnung ("No XRechnung for credit notes or down-payment invoices"): it falls back to ZUGFeRD.
 */
export function decideProfile(input: InvoiceInput, contact: Contact | undefined, org: Organization, finalize: boolean, kind: 'invoice' | 'creditnote'): ProfileDecision {
  const xrechnung = kind === 'invoice' && wantsXRechnung(input, contact);
  const problems = xrechnung ? xRechnungInvoiceProblems(input, contact) : [];
  if (!finalize) return { profile: 'NONE', problems };
  if (xrechnung) {
    problems.push(...xRechnungOrganizationProblems(org));
    return { profile: 'XRechnung', problems };
  }
  return { profile: meetsZugferdPrerequisites(input, contact, org) ? 'EN16931' : 'NONE', problems };
}
