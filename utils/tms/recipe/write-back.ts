/**
 * A recipe's write-back as a TmsWriteBack (recipes.md § 3.7), run in the background:
 * - `ledger` (default) and `instructions` make no TMS call: the ledger badge (and, for
 *   instructions, the user filling the TMS's own field) is the record. They succeed at once.
 * - `http` makes one closed request template on the order's own origin: first the probe
 *   (GET, a JSON path); if the order already carries this invoice (its id, number or URL,
 *   compared exactly) nothing is sent and the result is `alreadyRecorded`. Otherwise the
 *   method, path and body of the recipe, with placeholders filled and encoded for their place.
 *   Statuses map as in the demo's write-back: 401/403 session-expired (retryable), 404
 *   not-found, 429/5xx/network unreachable (retryable), anything else rejected.
 *
 * A write-back that needs the page (`headers` from a `<meta>` or cookie, `captured` auth:
 * the page's own Authorization header, or `storage` auth: the token in the page's web storage) runs in a live TMS tab (§ 3.7): the background passes
 * it to an open tab of the order's site (recipe-tab.ts), which runs this same code with its
 * `page`. Without a page (no tab open, or the page has not signed in yet) nothing is sent and
 * the job waits: "Open the TMS to finish recording", retried like an unreachable TMS.
 * The older `csrf` locator form is still refused with its reason; `headers` replaces it.
 */
import * as v from 'valibot';
import { recipeAdapterId } from './adapter-id';
import type { InvoiceRecord, TmsWriteBack, WriteBackResult } from '../adapter';
import { jsonValues } from './read-fields';
import type { Recipe } from './schema';

type HttpWriteBack = Extract<Recipe['writeBack'], { mode: 'http' }>;
export type HeaderSource = NonNullable<HttpWriteBack['headers']>[string];

/** What a write-back reads of the open TMS page; the values live there and only there. */
export interface WriteBackPage {
  /** A `<meta>` tag's content or a cookie's value, as the page has it now; null when absent. */
  value(from: HeaderSource): string | null;
  /** The page's own Authorization header (`captured` auth) or its stored token (`storage`); null before it signed in. */
  authorization(): string | null;
}

/** Whether a recipe's write-back can only run in an open TMS tab. */
export function writeBackNeedsPage(recipe: Recipe): boolean {
  const spec = recipe.writeBack;
  const auth = recipe.sources?.auth?.mode;
  return spec.mode === 'http' && (Object.keys(spec.headers ?? {}).length > 0 || auth === 'captured' || auth === 'storage');
}

/** The job waits (retried later) until a TMS tab can send it. */
export const OPEN_THE_TMS = 'Open the TMS to finish recording.';
const waitForPage = (detail = OPEN_THE_TMS): WriteBackResult => ({ ok: false, retryable: true, reason: 'unreachable', detail });

/** A `<meta>` or cookie value from a document: what the TMS page itself would send. */
export function pageValue(doc: Document, from: HeaderSource): string | null {
  if ('meta' in from) {
    const metas = [...doc.querySelectorAll('meta[name]')].filter((m) => m.getAttribute('name') === from.meta);
    const content = metas.length === 1 ? metas[0]!.getAttribute('content') : null;
    return content && content.length <= 4096 ? content : null;
  }
  for (const part of doc.cookie.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== from.cookie) continue;
    const raw = part.slice(at + 1).trim();
    try {
      return raw ? decodeURIComponent(raw) : null;
    } catch {
      return raw;
    }
  }
  return null;
}

/** A probe answer larger than this is not read. */
const MAX_PROBE_CHARS = 2_000_000;

function failure(status: number | undefined, detail?: string): WriteBackResult {
  const more = detail ? { detail: detail.slice(0, 300) } : {};
  if (status === 401 || status === 403) return { ok: false, retryable: true, reason: 'session-expired', ...more };
  if (status === 404) return { ok: false, retryable: false, reason: 'not-found', ...more };
  if (status === undefined || status >= 500 || status === 429) return { ok: false, retryable: true, reason: 'unreachable', ...more };
  return { ok: false, retryable: false, reason: 'rejected', ...more };
}

const rejected = (detail: string): WriteBackResult => ({ ok: false, retryable: false, reason: 'rejected', detail });

/** Today in Berlin, as yyyy-mm-dd: the day the invoice was recorded. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** The placeholder values a write-back may use; `number` (the order number) is not known in the background. */
function placeholders(orderId: string, invoice: InvoiceRecord): Record<string, string | undefined> {
  return {
    id: orderId,
    number: undefined,
    // A blank number is no number: it must never be written into the TMS as "".
    invoiceNumber: invoice.invoiceNumber?.trim() || undefined,
    invoiceUrl: invoice.url,
    invoiceId: invoice.invoiceId,
    provider: invoice.providerName,
    date: today(),
  };
}

/** Fills a template; null when it names a value that is not known here. */
function fill(template: string, values: Record<string, string | undefined>, encode: (s: string) => string): string | null {
  let missing = false;
  const out = template.replace(/\{(\w+)\}/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing = true;
      return '';
    }
    return encode(value);
  });
  return missing ? null : out;
}

/** The body: `link.url` keys nest (`{ link: { url } }`), values are plain text, sent as JSON. */
function bodyOf(spec: HttpWriteBack, values: Record<string, string | undefined>): Record<string, unknown> | null {
  const body: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(spec.body)) {
    // A draft has no number yet: a text that mentions it is written without it
    // ("Invoice created in Lexware Office"); a field that is the number alone never gets here.
    const withoutNumber = values.invoiceNumber === undefined && template.includes('{invoiceNumber}');
    const filled = fill(template, withoutNumber ? { ...values, invoiceNumber: '' } : values, (s) => s);
    const value = filled !== null && withoutNumber ? filled.replace(/\s{2,}/g, ' ').trim() : filled;
    if (value === null) return null;
    const path = key.split('.');
    let node = body;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      node = (typeof next === 'object' && next !== null ? next : (node[part] = {})) as Record<string, unknown>;
    }
    node[path.at(-1)!] = value;
  }
  return body;
}

const ProbeValue = v.union([v.string(), v.number()]);

/**
 * Whether the write-back puts the invoice number itself into the TMS: in its path or probe,
 * or as a body value that is the number alone (a field for the number). A number within a
 * longer text ("Invoice {invoiceNumber} created") is not: a draft's text leaves it out.
 */
function needsInvoiceNumber(spec: HttpWriteBack): boolean {
  return [spec.url, spec.probe.url].some((template) => template.includes('{invoiceNumber}')) || Object.values(spec.body).some((template) => template.trim() === '{invoiceNumber}');
}

/**
 * The billing system gave the invoice no number (a draft) and the write-back has a field for
 * it: writing "" would blank the TMS's field, so nothing is sent. Not retried: the job's invoice keeps the answer it was created with.
 */
const numberMissing: WriteBackResult = {
  ok: false,
  retryable: false,
  reason: 'invoice-number-missing',
  detail: 'The invoice has no number yet (a draft in the billing system); the write-back puts {invoiceNumber} into the TMS, so nothing was sent.',
};

/**
 * `page`: given only where the write-back runs in the TMS tab itself. Without it, a recipe
 * that needs the page (writeBackNeedsPage) waits for one.
 */
export function writeBackFromRecipe(recipe: Recipe, defaultFetch: typeof fetch = (...args) => fetch(...args), page?: WriteBackPage): TmsWriteBack {
  const origins = new Set([...recipe.sites, ...recipe.extraOrigins]);
  const spec = recipe.writeBack;
  return {
    id: recipeAdapterId(recipe.id),
    async recordInvoice(origin, orderId, invoice, fetchImpl = defaultFetch): Promise<WriteBackResult> {
      if (spec.mode !== 'http') return { ok: true, alreadyRecorded: false };
      if (!spec.enabled) return rejected('The HTTP write-back of this recipe is disabled: turn it on after reading what it sends.');
      if (spec.csrf) return rejected(`This write-back needs the ${spec.csrf.header} header from the TMS page; it can only run from an open TMS tab, which is not built yet.`);
      // Same origin only: the order's own TMS, and one of the recipe's sites.
      if (!origins.has(origin)) return rejected(`${origin} is not a site of this recipe.`);
      if (needsInvoiceNumber(spec) && !invoice.invoiceNumber?.trim()) return numberMissing;
      // Values the page holds: read now, sent with these requests only, kept nowhere.
      const fromPage: Record<string, string> = {};
      if (writeBackNeedsPage(recipe)) {
        if (!page) return waitForPage();
        for (const [name, from] of Object.entries(spec.headers ?? {})) {
          const value = page.value(from);
          // A value a header can't carry is as good as none.
          if (!value || !/^[\x20-\x7e]+$/.test(value)) return waitForPage(`The TMS page has no ${'meta' in from ? `<meta name="${from.meta}">` : `cookie ${from.cookie}`} for the ${name} header: reload the TMS page.`);
          fromPage[name] = value;
        }
        if (recipe.sources?.auth?.mode === 'captured' || recipe.sources?.auth?.mode === 'storage') {
          const authorization = page.authorization();
          if (!authorization) return waitForPage('The TMS page has not signed in yet: reload the TMS page to finish recording.');
          fromPage.authorization = authorization;
        }
      }
      const values = placeholders(orderId, invoice);
      const at = (template: string): URL | null => {
        const path = fill(template, values, encodeURIComponent);
        if (path === null) return null;
        const url = new URL(path, origin);
        return url.origin === origin ? url : null;
      };
      const call = async (url: URL, init: RequestInit = {}) => {
        try {
          return await fetchImpl(url, { ...init, credentials: 'include', headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...fromPage } });
        } catch {
          return undefined;
        }
      };

      const probeUrl = at(spec.probe.url);
      const targetUrl = at(spec.url);
      const body = bodyOf(spec, values);
      if (!probeUrl || !targetUrl || !body) return rejected('The write-back uses a value that is not known when recording ({number}), or a URL off the TMS site.');

      // The idempotency probe: an order that already carries this invoice is left as it is.
      const current = await call(probeUrl);
      if (!current?.ok) return failure(current?.status);
      const text = await current.text().catch(() => null);
      let state: unknown;
      try {
        if (text === null || text.length > MAX_PROBE_CHARS) throw new Error('too large');
        state = JSON.parse(text) as unknown;
      } catch {
        return failure(500, 'unexpected answer to the probe');
      }
      const known = new Set([invoice.invoiceId, invoice.url, ...(invoice.invoiceNumber ? [invoice.invoiceNumber] : [])]);
      const recorded = jsonValues(state, spec.probe.json).some((x) => v.is(ProbeValue, x) && known.has(String(x).trim()));
      if (recorded) return { ok: true, alreadyRecorded: true };

      const sent = await call(targetUrl, { method: spec.method, body: JSON.stringify(body) });
      if (!sent?.ok) return failure(sent?.status, sent ? await sent.text().catch(() => undefined) : undefined);
      return { ok: true, alreadyRecorded: false };
    },
  };
}
