/**
 * "Kombi", the frames sandbox TMS: the order list in the top document and each order's detail
 * in an iframe, served either by the same origin (`?ansicht=gleich`) or by a second origin
 * (`?ansicht=fremd`, a second server on another port). README.md documents it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Router, type EmulatorDefinition, type EmuRequest, type EmuResponse } from '../kit/http';
import { podDocument, formBody } from '../tms-kit/documents';
import { INVOICE_REF_PATTERN, INVOICE_REF_RULE, OrderBook, type BookOrder } from '../tms-kit/orders';
import { MutationSwitch, NO_MUTATION, setMutation, type Mutation } from './mutate';
import { detailPage, framePageError, listPage, type Variant } from './pages';

export const KOMBI_ORDER_COUNT = 60;
export const KOMBI_SEED = 16;

const page = (status: number, body: string): EmuResponse => ({ status, html: body, headers: { 'cache-control': 'no-store' } });

export interface KombiServers {
  /** The top document: list, variant switch, and the same-origin frame pages. */
  top: EmulatorDefinition;
  /** The second origin: frame pages and POD documents only. */
  detail: EmulatorDefinition;
}

export interface KombiOptions {
  book?: OrderBook;
  /** Origin of the second server, e.g. http://127.0.0.1:4466; read per request (tests learn it after listening). */
  detailOrigin: () => string;
  mutate?: number | null;
}

export function createKombiTms(options: KombiOptions): KombiServers {
  const book = options.book ?? OrderBook.generated({ orders: KOMBI_ORDER_COUNT, seed: KOMBI_SEED });
  const mutation = new MutationSwitch(options.mutate ?? null);
  // Frame links are signed: the second origin sees none of the top site's cookies, so the
  // link itself is the permission to see (and annotate) that one order.
  const secret = randomBytes(32);
  const sign = (id: string) => createHmac('sha256', secret).update(id).digest('base64url').slice(0, 22);
  const signedOk = (id: string, sig: string | null) => {
    if (sig === null) return false;
    const want = Buffer.from(sign(id));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  };
  const skin = (req: EmuRequest): Mutation | string => mutation.forRequest(req);
  const mutateSuffix = (m: Mutation) => (m.seed === null ? '' : `&mutate=${m.seed}`);
  const framePath = (o: BookOrder, m: Mutation) => `/rahmen/auftrag/${encodeURIComponent(o.id)}?sig=${sign(o.id)}${mutateSuffix(m)}`;

  function frameRoutes(routes: Router): Router {
    const find = (req: EmuRequest): { order: BookOrder; m: Mutation } | EmuResponse => {
      const m = skin(req);
      if (typeof m === 'string') return page(400, framePageError(NO_MUTATION, 400, m));
      const order = book.get(req.params.id ?? '');
      if (!order || !signedOk(order.id, req.query.get('sig'))) {
        return page(order ? 403 : 404, framePageError(m, order ? 403 : 404, order ? 'Dieser Link ist ungültig. Bitte den Auftrag in der Liste neu öffnen.' : 'Auftrag nicht gefunden.'));
      }
      return { order, m };
    };
    routes.get('/rahmen/auftrag/:id', (req) => {
      const found = find(req);
      if (!('order' in found)) return found;
      const action = `/rahmen/auftrag/${encodeURIComponent(found.order.id)}/rechnung?sig=${sign(found.order.id)}${mutateSuffix(found.m)}`;
      return page(200, detailPage(found.order, found.m, action, { saved: req.query.get('gespeichert') === '1' }));
    });
    routes.post('/rahmen/auftrag/:id/rechnung', (req) => {
      const found = find(req);
      if (!('order' in found)) return found;
      const { order, m } = found;
      const entered = (formBody(req.rawBody).get('rechnungsnr') ?? '').trim();
      if (!INVOICE_REF_PATTERN.test(entered)) {
        const error = entered === '' ? 'Bitte eine Rechnungs-Nr. eingeben.' : `Ungültige Rechnungs-Nr.: ${INVOICE_REF_RULE}.`;
        const action = `/rahmen/auftrag/${encodeURIComponent(order.id)}/rechnung?sig=${sign(order.id)}${mutateSuffix(m)}`;
        return page(422, detailPage(order, m, action, { error, entered }));
      }
      book.setInvoiceRef(order, entered);
      return { status: 303, headers: { location: `${framePath(order, m)}&gespeichert=1` }, text: '' };
    });
    routes.get('/favicon.ico', () => ({ status: 204, text: '' }));
    routes.get('/documents/:file', (req) => podDocument(book, req.params.file ?? '', 'Kombi Disposition'));
    return routes;
  }

  const topRoutes = frameRoutes(new Router());
  topRoutes.get('/', () => ({ status: 302, headers: { location: '/kombi' }, text: '' }));
  topRoutes.get('/kombi', (req) => {
    const m = skin(req);
    if (typeof m === 'string') return page(400, framePageError(NO_MUTATION, 400, m));
    const raw = req.query.get('ansicht') ?? 'gleich';
    if (raw !== 'gleich' && raw !== 'fremd') return page(400, framePageError(m, 400, `Ansicht "${raw}" gibt es nicht; erlaubt sind "gleich" und "fremd".`));
    const variant: Variant = raw;
    const frameHref = (o: BookOrder) => (variant === 'gleich' ? '' : options.detailOrigin()) + framePath(o, m);
    const wanted = req.query.get('auftrag');
    return page(200, listPage({ orders: book.all(), variant, frameHref, shown: wanted ? book.get(wanted) : undefined }, m));
  });

  const errors = {
    faultResponse: (status: number) => page(status, framePageError(NO_MUTATION, status, `Der Server konnte die Anfrage nicht bearbeiten (HTTP ${status}).`)),
    notFound: (_req: EmuRequest, methodMismatch: boolean) =>
      page(methodMismatch ? 405 : 404, framePageError(NO_MUTATION, methodMismatch ? 405 : 404, 'Diese Seite gibt es nicht.')),
  };
  const top: EmulatorDefinition = {
    name: 'kombi-tms',
    routes: topRoutes,
    ...errors,
    inspect: { orders: () => book.all(), mutate: () => ({ seed: mutation.seed }) },
    reset: () => book.reset(),
    sandboxRoutes: new Router().post('/__sandbox/mutate', (req) => setMutation(mutation, req.body)),
  };
  const detail: EmulatorDefinition = {
    name: 'kombi-detail',
    routes: frameRoutes(new Router()),
    ...errors,
    inspect: { orders: () => book.all(), mutate: () => ({ seed: mutation.seed }) },
    reset: () => book.reset(),
    sandboxRoutes: new Router().post('/__sandbox/mutate', (req) => setMutation(mutation, req.body)),
  };
  return { top, detail };
}
