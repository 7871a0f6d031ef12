/**
 * The web side of the demo TMS: the SPA shell, its static files, and POD documents.
 * None of it is logged in the request log (see `isPassive` in server.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeHtml, html, type EmuRequest, type EmuResponse, type Router } from '../kit/http';
import { onePagePdf } from '../kit/pdf';
import { STATUS_LABELS } from './seed';
import { SESSION_COOKIE, deliveryStop, readCookie, type OrderStore, type Sessions } from './store';

export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Files are read per request so edits to the app show up on reload without a restart. */
function readPublic(relative: string): string | undefined {
  const file = path.resolve(PUBLIC_DIR, relative);
  if (!file.startsWith(PUBLIC_DIR) || !(path.extname(file) in CONTENT_TYPES)) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Logs the visitor in as "Dispo Demo" unless they already hold a live session. */
function sessionCookie(req: EmuRequest, sessions: Sessions): Record<string, string> {
  if (sessions.isValid(readCookie(req.headers.cookie, SESSION_COOKIE))) return {};
  return { 'set-cookie': `${SESSION_COOKIE}=${sessions.create()}; Path=/; HttpOnly; SameSite=Lax` };
}

export function errorPage(status: number, title: string, message: string): EmuResponse {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · DemoTMS</title><link rel="stylesheet" href="/static/app.css"></head>
<body><header class="app-header"><a class="brand" href="/orders">DemoTMS</a></header>
<main class="app-main"><div class="empty-page"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>
<p><a class="btn" href="/orders">Go to orders</a></p></div></main></body></html>`;
  return html(status, body);
}

export function registerWeb(routes: Router, store: OrderStore, sessions: Sessions): void {
  routes.get('/', (req) => ({ status: 302, headers: { location: `/orders${req.url.search}` }, text: '' }));

  const shell = (req: EmuRequest): EmuResponse => {
    const page = readPublic('index.html');
    if (page === undefined) return errorPage(500, 'App missing', 'The demo TMS could not read its web app.');
    return { status: 200, html: page, headers: { ...sessionCookie(req, sessions), 'cache-control': 'no-store' } };
  };
  routes.get('/orders', shell);
  routes.get('/orders/:id', shell);

  routes.get('/static/*', (req) => {
    const relative = req.params['*'] ?? '';
    const text = relative.split('/').includes('..') ? undefined : readPublic(relative);
    if (text === undefined) return { status: 404, text: 'Not found' };
    const type = CONTENT_TYPES[path.extname(relative)] ?? 'application/octet-stream';
    return { status: 200, text, headers: { 'content-type': type, 'cache-control': 'no-cache' } };
  });

  routes.get('/documents/:file', (req) => {
    const file = req.params.file ?? '';
    const order = store.all().find((o) => o.podUrl === `/documents/${file}`);
    if (!order) return { status: 404, text: 'Document not found' };
    const delivery = deliveryStop(order);
    const customer = store.withCustomer(order).customer;
    const body = [
      `Order: ${order.number}`,
      `Customer: ${customer.name}`,
      `Customer reference: ${order.customerReference ?? '-'}`,
      `Delivered to: ${delivery ? `${delivery.name}, ${delivery.zip} ${delivery.city} (${delivery.countryCode})` : '-'}`,
      `Delivery date: ${delivery?.date ?? '-'}`,
      `Goods: ${order.load.goods ?? '-'}`,
      `Status: ${STATUS_LABELS[order.status]}`,
      '',
      'Goods received complete and in good condition.',
      'Signature: ______________________',
      '',
      'DemoTMS sandbox document - not a real delivery note.',
    ];
    const pdf = onePagePdf([{ text: 'Proof of delivery', bold: true, size: 18 }, ...body.map((text) => ({ text, size: 11 }))], {
      title: `Proof of delivery ${order.number}`,
      producer: 'DemoTMS sandbox',
    });
    return {
      status: 200,
      text: pdf,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="${file.replace(/[^\w.-]/g, '_')}"`,
      },
    };
  });
}
