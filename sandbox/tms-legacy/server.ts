/**
 * "Altmann", the legacy sandbox TMS: server-rendered HTML without JavaScript or a JSON API,
 * German headers and formats, `?seite=N` paging, a login form and a session cookie, and a
 * form on the detail page to enter the "Rechnungs-Nr.". README.md documents it.
 */
import { Router, json, type EmulatorDefinition, type EmuRequest, type EmuResponse } from '../kit/http';
import { Sessions, readCookie } from '../tms/store';
import { podDocument, formBody } from '../tms-kit/documents';
import { INVOICE_REF_PATTERN, INVOICE_REF_RULE, OrderBook } from '../tms-kit/orders';
import { MutationSwitch, setMutation, type Mutation } from '../tms-kit/mutation';
import { PAGE_SIZE, detailPage, errorPage, listPage, loginPage, withMutate } from './pages';
import { NO_MUTATION } from './mutate';

export const LEGACY_SESSION_COOKIE = 'ALTSESSID';
export const LEGACY_USER = 'dispo';
export const LEGACY_PASSWORD = 'altmann';
export const LEGACY_ORDER_COUNT = 300;
export const LEGACY_SEED = 14;

const page = (status: number, body: string, headers: Record<string, string> = {}): EmuResponse => ({
  status,
  html: body,
  headers: { 'cache-control': 'no-store', ...headers },
});
const redirect = (location: string, headers: Record<string, string> = {}): EmuResponse => ({ status: 303, headers: { location, ...headers }, text: '' });

/** Only paths on this site, never `//host` (an open redirect). */
function safeNext(value: string | null | undefined): string {
  return value && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/auftraege';
}

export function createLegacyTms(options: { book?: OrderBook; mutate?: number | null } = {}): EmulatorDefinition {
  const book = options.book ?? OrderBook.generated({ orders: LEGACY_ORDER_COUNT, seed: LEGACY_SEED });
  const sessions = new Sessions();
  const mutation = new MutationSwitch(options.mutate ?? null);
  const skin = (req: EmuRequest): Mutation => {
    const m = mutation.forRequest(req);
    return typeof m === 'string' ? NO_MUTATION : m;
  };
  const loggedIn = (req: EmuRequest) => sessions.isValid(readCookie(req.headers.cookie, LEGACY_SESSION_COOKIE));

  const routes = new Router();
  routes.get('/', () => redirect('/auftraege'));
  routes.get('/favicon.ico', () => ({ status: 204, text: '' }));
  routes.get('/anmelden', (req) => page(200, loginPage(skin(req), safeNext(req.query.get('weiter')), false)));
  routes.post('/anmelden', (req) => {
    const form = formBody(req.rawBody);
    const next = safeNext(form.get('weiter'));
    if (form.get('benutzer') !== LEGACY_USER || form.get('passwort') !== LEGACY_PASSWORD) {
      return page(401, loginPage(skin(req), next, true));
    }
    return redirect(next, { 'set-cookie': `${LEGACY_SESSION_COOKIE}=${sessions.create()}; Path=/; HttpOnly; SameSite=Lax` });
  });
  routes.get('/abmelden', () => redirect('/anmelden', { 'set-cookie': `${LEGACY_SESSION_COOKIE}=; Path=/; Max-Age=0` }));

  routes.get('/auftraege', (req) => {
    const m = skin(req);
    const raw = req.query.get('seite') ?? '1';
    const pages = Math.max(1, Math.ceil(book.size / PAGE_SIZE));
    const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= 1 && n <= pages)) return page(404, errorPage(m, 'Seite nicht gefunden', `Seite "${raw}" gibt es nicht; die Liste hat ${pages} Seiten.`));
    const orders = book.all().slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
    return page(200, listPage({ orders, page: n, pages, total: book.size }, m));
  });

  routes.get('/auftraege/:id', (req) => {
    const m = skin(req);
    const order = book.get(req.params.id ?? '');
    if (!order) return page(404, errorPage(m, 'Auftrag nicht gefunden', `Es gibt keinen Auftrag "${req.params.id ?? ''}".`));
    return page(200, detailPage(order, m, { saved: req.query.get('gespeichert') === '1' }));
  });

  routes.post('/auftraege/:id/rechnung', (req) => {
    const m = skin(req);
    const order = book.get(req.params.id ?? '');
    if (!order) return page(404, errorPage(m, 'Auftrag nicht gefunden', `Es gibt keinen Auftrag "${req.params.id ?? ''}".`));
    const entered = (formBody(req.rawBody).get('rechnungsnr') ?? '').trim();
    if (!INVOICE_REF_PATTERN.test(entered)) {
      const error = entered === '' ? 'Bitte eine Rechnungs-Nr. eingeben.' : `Ungültige Rechnungs-Nr.: ${INVOICE_REF_RULE}.`;
      return page(422, detailPage(order, m, { error, entered }));
    }
    book.setInvoiceRef(order, entered);
    // Post/redirect/get, as such systems do: a reload never re-submits the form.
    return redirect(withMutate(`/auftraege/${encodeURIComponent(order.id)}?gespeichert=1`, m));
  });

  routes.get('/documents/:file', (req) => podDocument(book, req.params.file ?? '', 'Altmann Spedition'));

  const sandboxRoutes = new Router()
    .post('/__sandbox/sessions/expire', () => json(200, { ok: true, expired: sessions.expireAll() }))
    .post('/__sandbox/mutate', (req) => setMutation(mutation, req.body));

  return {
    name: 'legacy-tms',
    routes,
    // Everything but the login itself needs the session; without it the browser lands on the login page.
    before: (req) => {
      if (req.path === '/anmelden' || req.path === '/favicon.ico' || loggedIn(req)) return undefined;
      const next = req.method === 'GET' ? req.path + req.url.search : '/auftraege';
      return redirect(`/anmelden?weiter=${encodeURIComponent(next)}`);
    },
    faultResponse: (status, req) => page(status, errorPage(skin(req), 'Fehler', `Der Server konnte die Anfrage nicht bearbeiten (HTTP ${status}).`)),
    notFound: (req, methodMismatch) =>
      page(methodMismatch ? 405 : 404, errorPage(skin(req), 'Seite nicht gefunden', 'Diese Seite gibt es in der Auftragsverwaltung nicht.')),
    inspect: {
      orders: () => book.all(),
      sessions: () => ({ active: sessions.size }),
      mutate: () => ({ seed: mutation.seed }),
    },
    reset: () => book.reset(),
    sandboxRoutes,
  };
}
