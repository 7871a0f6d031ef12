/**
 * Credit notes (fact sheet §3.6, LX Credit Notes): `POST /v1/credit-notes[?precedingSalesVoucherId=…][&finalize=true]`,
 * retrieve and file. A credit note that continues an invoice is linked both ways through
 * `relatedVouchers`; finalized, it becomes `paidoff` at once and is booked on the invoice as a
 * `partPaymentCreditNote`, which reduces or settles it. One credit note per invoice; a draft
 * predecessor gets 406. Credit notes never become XRechnung.
 */
import { json, type EmuRequest, type EmuResponse, type Router } from '../kit/http';
import type { LexwareContext } from './context';
import { decideProfile } from './e-invoice';
import { regularError, validationError } from './errors';
import { buildInvoice } from './invoice-builder';
import { created, downloadFile, isResponse, validateVoucher } from './invoices';
import type { Invoice } from './model';
import { bookPayment, cents, touch } from './payments';

const DEFAULT_TEXTS = {
  de: { title: 'Rechnungskorrektur', introduction: 'Wir erlauben uns, Ihnen folgende Positionen gutzuschreiben.' },
  en: { title: 'Credit note', introduction: 'We credit you the following items.' },
} as const;

/** The credit note as `GET /v1/credit-notes/{id}` shows it: no due date, shipping or payment conditions. */
export function creditNoteResponse(creditNote: Invoice) {
  const { dueDate: _dueDate, paymentConditions: _payment, shippingConditions: _shipping, ...rest } = creditNote;
  return rest;
}

const notFound = (ctx: LexwareContext, req: EmuRequest, id: string) =>
  validationError(ctx.now(), req.path, [{ violation: 'NOTFOUND', field: 'precedingSalesVoucherId', message: `Beleg mit der ID ${id} existiert nicht` }]);

const notAllowed = (ctx: LexwareContext, req: EmuRequest, message: string) =>
  validationError(ctx.now(), req.path, [{ violation: 'NOTALLOWED', field: 'precedingSalesVoucherId', message }]);

function createCreditNote(ctx: LexwareContext, req: EmuRequest): EmuResponse {
  const now = ctx.now();
  const precedingId = req.query.get('precedingSalesVoucherId');
  let invoice: Invoice | undefined;
  if (precedingId !== null) {
    invoice = ctx.store.invoices.get(precedingId);
    if (!invoice) return notFound(ctx, req, precedingId);
    if (invoice.voucherStatus === 'draft') return notAllowed(ctx, req, 'Ein Beleg im Status Entwurf kann nicht fortgeführt werden');
    if (invoice.voucherStatus === 'voided') return notAllowed(ctx, req, 'Eine stornierte Rechnung kann nicht fortgeführt werden');
    if (ctx.store.creditNoteFor(invoice.id)) return notAllowed(ctx, req, 'Zu dieser Rechnung gibt es bereits eine Rechnungskorrektur');
  }

  const validated = validateVoucher(ctx, req, 'creditnote');
  if (isResponse(validated)) return validated;
  const { input, contact, totals } = validated;
  if (invoice) {
    // A correction is addressed to the invoice's customer (assumption: the docs do not say).
    if (invoice.address.contactId !== undefined && input.address.contactId !== invoice.address.contactId) {
      return validationError(now, req.path, [{ violation: 'INVALID', field: 'address.contactId', message: 'muss der Kontakt der Rechnung sein' }]);
    }
    if (totals.totalGross > BigInt(cents(invoice.totalPrice.totalGrossAmount))) {
      return validationError(now, req.path, [{ violation: 'INVALID', field: 'totalPrice', message: 'Die Rechnungskorrektur darf den Rechnungsbetrag nicht übersteigen' }]);
    }
  }

  const finalize = req.query.get('finalize') === 'true';
  const decision = decideProfile(input, contact, ctx.store.organization, finalize, 'creditnote');
  const voucherNumber = finalize ? ctx.store.nextCreditNoteNumber() : null;
  const texts = DEFAULT_TEXTS[input.language];
  const built = buildInvoice({ input, contact, totals, finalize, voucherNumber, profile: decision.profile, now });
  const creditNote: Invoice = {
    ...built,
    title: input.title ?? texts.title,
    introduction: input.introduction ?? texts.introduction,
    xRechnung: null,
    dueDate: null,
    relatedVouchers: invoice ? [{ id: invoice.id, voucherNumber: invoice.voucherNumber ?? '', voucherType: 'invoice' }] : [],
    // A linked credit note is settled by offsetting against its invoice; a free one awaits its refund.
    voucherStatus: !finalize ? 'draft' : invoice ? 'paidoff' : 'open',
  };
  ctx.store.creditNotes.set(creditNote.id, creditNote);

  if (invoice && finalize) {
    invoice.relatedVouchers.push({ id: creditNote.id, voucherNumber: voucherNumber ?? '', voucherType: 'creditnote' });
    // On a paid invoice the credit leaves a balance in the customer's favour (openExpense).
    if (invoice.voucherStatus === 'open' || invoice.voucherStatus === 'paid') {
      bookPayment(ctx, invoice, { paymentItemType: 'partPaymentCreditNote', postingDate: creditNote.voucherDate, amount: creditNote.totalPrice.totalGrossAmount, currency: 'EUR' });
    } else touch(invoice, now);
  }
  return created(req, 'credit-notes', creditNote);
}

export function registerCreditNoteRoutes(router: Router, ctx: LexwareContext): void {
  const withCreditNote = (req: EmuRequest, then: (cn: Invoice) => EmuResponse): EmuResponse => {
    const cn = ctx.store.creditNotes.get(req.params.id ?? '');
    return cn ? then(cn) : regularError(ctx.now(), req.path, 404, `Resource not found: credit note ${req.params.id ?? ''}`);
  };
  router.post('/v1/credit-notes', (req) => createCreditNote(ctx, req));
  router.get('/v1/credit-notes/:id', (req) => withCreditNote(req, (cn) => json(200, creditNoteResponse(cn))));
  router.get('/v1/credit-notes/:id/file', (req) => withCreditNote(req, (cn) => downloadFile(ctx, req, cn, 'creditnote')));
}
