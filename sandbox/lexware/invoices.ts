/**
 * The invoices endpoint: create (draft, or `open` with `?finalize=true`), retrieve, and the two
 * document routes. There is no update, delete or list: the gateway refuses those routes, and
 * clients list invoices through the voucherlist.
 */
import { json, type EmuRequest, type EmuResponse, type Router } from '../kit/http';
import { resourceUri, type LexwareContext } from './context';
import { invoicePdf, invoiceXml } from './documents';
import { regularError, validationError } from './errors';
import { buildInvoice, invoiceTotals } from './invoice-builder';
import { validateInvoice, type ContactLookup } from './invoice-validation';
import { numberSources } from './json-numbers';
import type { Invoice } from './model';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function contactLookup(ctx: LexwareContext): ContactLookup {
  return {
    findContact(id) {
      const record = ctx.store.contacts.get(id);
      if (!record) return undefined;
      const synced = ctx.now().getTime() - record.createdAtMs >= ctx.settings().contactSyncDelayMs;
      return { contact: record.contact, synced };
    },
  };
}

function createInvoice(ctx: LexwareContext, req: EmuRequest): EmuResponse {
  const now = ctx.now();
  if (!isRecord(req.body)) return regularError(now, req.path, 400, 'Malformed request body: a JSON object is expected.');

  // Pursuing a quotation or order confirmation: the demo account has none, so any id is unknown.
  const preceding = req.query.get('precedingSalesVoucherId');
  if (preceding !== null) {
    return validationError(now, req.path, [{ violation: 'NOTFOUND', field: 'precedingSalesVoucherId', message: `Beleg mit der ID ${preceding} existiert nicht` }]);
  }

  const validation = validateInvoice(req.body, numberSources(req.rawBody), contactLookup(ctx));
  if (!validation.ok) return validationError(now, req.path, validation.details);

  const { input, contact } = validation;
  const totals = invoiceTotals(input);
  if (input.totalDiscountAbsolute !== undefined && input.totalDiscountAbsolute > totals.undiscounted) {
    return validationError(now, req.path, [
      { violation: 'INVALID', field: 'totalPrice.totalDiscountAbsolute', message: 'darf die Summe der Positionen nicht übersteigen' },
    ]);
  }

  // Only `finalize` counts; `finalized=true` (a known client bug) silently creates a draft.
  const finalize = req.query.get('finalize') === 'true';
  const voucherNumber = finalize ? ctx.store.nextInvoiceNumber() : null;
  const invoice = buildInvoice({ input, contact, totals, finalize, voucherNumber, now });
  ctx.store.invoices.set(invoice.id, invoice);

  const uri = resourceUri(req.origin, 'invoices', invoice.id);
  return json(
    201,
    { id: invoice.id, resourceUri: uri, createdDate: invoice.createdDate, updatedDate: invoice.updatedDate, version: invoice.version },
    { location: uri },
  );
}

function withInvoice(ctx: LexwareContext, req: EmuRequest, then: (invoice: Invoice) => EmuResponse): EmuResponse {
  const invoice = ctx.store.invoices.get(req.params.id ?? '');
  if (!invoice) return regularError(ctx.now(), req.path, 404, `Resource not found: invoice ${req.params.id ?? ''}`);
  return then(invoice);
}

/** Media types in the client's order of preference (q-values are not honoured). */
function acceptedTypes(req: EmuRequest): string[] {
  const header = req.headers.accept;
  if (!header || header.trim() === '') return ['*/*'];
  return header.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
}

function downloadFile(ctx: LexwareContext, req: EmuRequest, invoice: Invoice): EmuResponse {
  const xrechnung = invoice.electronicDocumentProfile === 'XRechnung';
  let format: 'pdf' | 'xml' | 'none' | undefined;
  for (const type of acceptedTypes(req)) {
    if (type === 'application/pdf') format = 'pdf';
    else if (type === 'application/xml') format = xrechnung ? 'xml' : 'none';
    else if (type === '*/*' || type === 'application/*') format = xrechnung ? 'xml' : 'pdf';
    if (format) break;
  }
  if (!format) return regularError(ctx.now(), req.path, 406, 'Could not find acceptable representation');
  if (invoice.voucherStatus === 'draft') return regularError(ctx.now(), req.path, 409, 'No file available for a voucher in status draft.');
  // ZUGFeRD and regular invoices have no stand-alone XML.
  if (format === 'none') return regularError(ctx.now(), req.path, 404, 'No XML document available for this invoice.');

  const body = format === 'xml' ? invoiceXml(invoice) : invoicePdf(invoice);
  const filename = `${invoice.voucherNumber ?? invoice.id}.${format}`;
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
  router.get('/v1/invoices/:id/file', (req) => withInvoice(ctx, req, (invoice) => downloadFile(ctx, req, invoice)));
}
