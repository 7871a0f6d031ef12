/**
 * The invoices endpoint: create (draft, or `open` with `?finalize=true`), retrieve, and the two
 * document routes. There is no update, delete or list: the gateway refuses those routes, and
 * clients list invoices through the voucherlist.
 */
import { json, type EmuRequest, type EmuResponse, type Router } from '../kit/http';
import { resourceUri, type LexwareContext } from './context';
import { voucherPdf, voucherXml, type DocumentKind } from './documents';
import { regularError, validationError } from './errors';
import { buildInvoice, invoiceTotals } from './invoice-builder';
import { decideProfile } from './e-invoice';
import { validateInvoice, type ContactLookup, type InvoiceInput, type VoucherKind } from './invoice-validation';
import type { InvoiceTotals } from './invoice-totals';
import { numberSources } from './json-numbers';
import type { Contact, Invoice } from './model';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function contactLookup(ctx: LexwareContext): ContactLookup {
  return {
    findContact(id) {
      const record = ctx.store.contacts.get(id);
      if (!record) return undefined;
      const synced = ctx.now().getTime() - record.createdAtMs >= ctx.settings().contactSyncDelayMs;
      return { contact: record.contact, synced };
    },
  };
}

/** Runs the shared validation for a sales voucher body; a response when it fails. */
export function validateVoucher(ctx: LexwareContext, req: EmuRequest, kind: VoucherKind): { input: InvoiceInput; contact: Contact | undefined; totals: InvoiceTotals } | EmuResponse {
  const now = ctx.now();
  if (!isRecord(req.body)) return regularError(now, req.path, 400, 'Malformed request body: a JSON object is expected.');
  const validation = validateInvoice(req.body, numberSources(req.rawBody), contactLookup(ctx), kind);
  if (!validation.ok) return validationError(now, req.path, validation.details);
  const { input, contact } = validation;
  const totals = invoiceTotals(input);
  if (input.totalDiscountAbsolute !== undefined && input.totalDiscountAbsolute > totals.undiscounted) {
    return validationError(now, req.path, [
      { violation: 'INVALID', field: 'totalPrice.totalDiscountAbsolute', message: 'darf die Summe der Positionen nicht übersteigen' },
    ]);
  }
  return { input, contact, totals };
}

export const isResponse = (v: object): v is EmuResponse => 'status' in v;

/** The 201 action result with `Location`, as for every Lexware create. */
export function created(req: EmuRequest, collection: 'invoices' | 'credit-notes' | 'dunnings', voucher: Invoice): EmuResponse {
  const uri = resourceUri(req.origin, collection, voucher.id);
  return json(201, { id: voucher.id, resourceUri: uri, createdDate: voucher.createdDate, updatedDate: voucher.updatedDate, version: voucher.version }, { location: uri });
}

function createInvoice(ctx: LexwareContext, req: EmuRequest): EmuResponse {
  const now = ctx.now();
  // Pursuing a quotation or order confirmation: the demo account has none, so any id is unknown.
  const preceding = req.query.get('precedingSalesVoucherId');
  if (preceding !== null && isRecord(req.body)) {
    return validationError(now, req.path, [{ violation: 'NOTFOUND', field: 'precedingSalesVoucherId', message: `Beleg mit der ID ${preceding} existiert nicht` }]);
  }
  const validated = validateVoucher(ctx, req, 'invoice');
  if (isResponse(validated)) return validated;
  const { input, contact, totals } = validated;

  // Only `finalize` counts; `finalized=true` (a known client bug) silently creates a draft.
  const finalize = req.query.get('finalize') === 'true';
  const decision = decideProfile(input, contact, ctx.store.organization, finalize, 'invoice');
  if (decision.problems.length > 0) return validationError(now, req.path, decision.problems);
  const voucherNumber = finalize ? ctx.store.nextInvoiceNumber() : null;
  const invoice = buildInvoice({ input, contact, totals, finalize, voucherNumber, profile: decision.profile, now });
  ctx.store.invoices.set(invoice.id, invoice);
  return created(req, 'invoices', invoice);
}

function withInvoice(ctx: LexwareContext, req: EmuRequest, then: (invoice: Invoice) => EmuResponse): EmuResponse {
  const invoice = ctx.store.invoices.get(req.params.id ?? '');
  if (!invoice) return regularError(ctx.now(), req.path, 404, `Resource not found: invoice ${req.params.id ?? ''}`);
  return then(invoice);
}

/** Media types in the client's order of preference (q-values are not honoured). */
export function acceptedTypes(req: EmuRequest): string[] {
  const header = req.headers.accept;
  if (!header || header.trim() === '') return ['*/*'];
  return header.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
}

/**
 * `GET /v1/{invoices|credit-notes|dunnings}/{id}/file` (fact sheet §3.3): XRechnung answers XML
 * for `*\/*` and `application/xml`, a PDF for `application/pdf`; ZUGFeRD and regular vouchers
 * answer a PDF (ZUGFeRD with the XML inside) and 404 for `application/xml`. Draft → 409, other
 * Accept → 406. Dunnings are always drafts, so their PDF is served anyway (assumption).
 */
export function downloadFile(ctx: LexwareContext, req: EmuRequest, voucher: Invoice, kind: DocumentKind): EmuResponse {
  const xrechnung = voucher.electronicDocumentProfile === 'XRechnung';
  let format: 'pdf' | 'xml' | 'none' | undefined;
  for (const type of acceptedTypes(req)) {
    if (type === 'application/pdf') format = 'pdf';
    else if (type === 'application/xml') format = xrechnung ? 'xml' : 'none';
    else if (type === '*/*' || type === 'application/*') format = xrechnung ? 'xml' : 'pdf';
    if (format) break;
  }
  if (!format) return regularError(ctx.now(), req.path, 406, 'Could not find acceptable representation');
  if (voucher.voucherStatus === 'draft' && kind !== 'dunning') return regularError(ctx.now(), req.path, 409, 'No file available for a voucher in status draft.');
  // ZUGFeRD and regular vouchers have no stand-alone XML.
  if (format === 'none') return regularError(ctx.now(), req.path, 404, 'No XML document available for this voucher.');

  const org = ctx.store.organization;
  const body = format === 'xml' ? voucherXml(voucher, org, kind) : voucherPdf(voucher, org, kind);
  const filename = `${voucher.voucherNumber ?? voucher.id}.${format}`;
  return {
    status: 200,
    text: body,
    headers: {
      'content-type': format === 'xml' ? 'application/xml' : 'application/pdf',
      'content-length': String(Buffer.byteLength(body)),
      'content-disposition': `attachment; filename="${filename}"`,
    },
  };
}

export function registerInvoiceRoutes(router: Router, ctx: LexwareContext): void {
  router.post('/v1/invoices', (req) => createInvoice(ctx, req));
  router.get('/v1/invoices/:id', (req) => withInvoice(ctx, req, (invoice) => json(200, invoice)));
  router.get('/v1/invoices/:id/document', (req) =>
    withInvoice(ctx, req, (invoice) =>
      invoice.voucherStatus === 'draft' || !invoice.files
        ? regularError(ctx.now(), req.path, 406, 'Document cannot be rendered for a voucher in status draft.')
        : json(200, { documentFileId: invoice.files.documentFileId }),
    ),
  );
  router.get('/v1/invoices/:id/file', (req) => withInvoice(ctx, req, (invoice) => downloadFile(ctx, req, invoice, 'invoice')));
}
