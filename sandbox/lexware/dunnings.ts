/**
 * Dunnings (fact sheet §3.7, LX Dunnings): `POST /v1/dunnings?precedingSalesVoucherId={invoiceId}`
 * always creates a draft linked to the invoice; the user sends it from Lexware. Contact and
 * `taxConditions` must match the invoice. Dunnings are not in the voucher list; their PDF comes
 * from `/v1/dunnings/{id}/file`.
 */
import { json, type EmuRequest, type EmuResponse, type Router } from '../kit/http';
import type { LexwareContext } from './context';
import { regularError, validationError } from './errors';
import { buildInvoice } from './invoice-builder';
import { created, downloadFile, isResponse, validateVoucher } from './invoices';
import type { Invoice } from './model';

const DEFAULT_TEXTS = {
  de: { title: 'Zahlungserinnerung', introduction: 'Sicher haben Sie übersehen, dass die folgende Rechnung noch offen ist.' },
  en: { title: 'Payment reminder', introduction: 'You may have overlooked that the following invoice is still open.' },
} as const;

function createDunning(ctx: LexwareContext, req: EmuRequest): EmuResponse {
  const now = ctx.now();
  const precedingId = req.query.get('precedingSalesVoucherId');
  const refuse = (violation: string, message: string) => validationError(now, req.path, [{ violation, field: 'precedingSalesVoucherId', message }]);
  if (precedingId === null || precedingId === '') return refuse('NOTNULL', 'darf nicht leer sein');
  const invoice = ctx.store.invoices.get(precedingId);
  if (!invoice) return refuse('NOTFOUND', `Beleg mit der ID ${precedingId} existiert nicht`);
  if (invoice.voucherStatus !== 'open') return refuse('NOTALLOWED', `Nur offene Rechnungen können gemahnt werden (Status ${invoice.voucherStatus})`);

  const validated = validateVoucher(ctx, req, 'dunning');
  if (isResponse(validated)) return validated;
  const { input, contact, totals } = validated;
  const mismatches = [];
  if ((input.address.contactId ?? null) !== (invoice.address.contactId ?? null)) {
    mismatches.push({ violation: 'INVALID', field: 'address.contactId', message: 'muss der Kontakt der Rechnung sein' });
  }
  if (input.taxConditions.taxType !== invoice.taxConditions.taxType) {
    mismatches.push({ violation: 'INVALID', field: 'taxConditions.taxType', message: `muss die Steuerart der Rechnung sein (${invoice.taxConditions.taxType})` });
  }
  if (mismatches.length > 0) return validationError(now, req.path, mismatches);

  // Always a draft: `finalize` is not offered for dunnings and is ignored.
  const texts = DEFAULT_TEXTS[input.language];
  const built = buildInvoice({ input, contact, totals, finalize: false, voucherNumber: null, profile: 'NONE', now });
  const dunning: Invoice = {
    ...built,
    title: input.title ?? texts.title,
    introduction: input.introduction ?? texts.introduction,
    dueDate: null,
    relatedVouchers: [{ id: invoice.id, voucherNumber: invoice.voucherNumber ?? '', voucherType: 'invoice' }],
  };
  ctx.store.dunnings.set(dunning.id, dunning);
  return created(req, 'dunnings', dunning);
}

export function registerDunningRoutes(router: Router, ctx: LexwareContext): void {
  const withDunning = (req: EmuRequest, then: (d: Invoice) => EmuResponse): EmuResponse => {
    const dunning = ctx.store.dunnings.get(req.params.id ?? '');
    return dunning ? then(dunning) : regularError(ctx.now(), req.path, 404, `Resource not found: dunning ${req.params.id ?? ''}`);
  };
  router.post('/v1/dunnings', (req) => createDunning(ctx, req));
  router.get('/v1/dunnings/:id', (req) =>
    withDunning(req, (d) => {
      const { dueDate: _dueDate, ...rest } = d;
      return json(200, rest);
    }),
  );
  router.get('/v1/dunnings/:id/file', (req) => withDunning(req, (d) => downloadFile(ctx, req, d, 'dunning')));
}
