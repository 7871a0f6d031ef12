/**
 * One HTTP client per billing system: ofetch with the shared token bucket, backoff on 429
 * and 5xx for requests that may be repeated, valibot validation of every answer, and
 * errors classified into BillingError. Requests go without cookies, so a web session of
 * the billing system open in the same browser cannot interfere.
 */
import { ofetch, FetchError, type FetchContext } from 'ofetch';
import * as v from 'valibot';
import { BillingError, codeForStatus, outcomeForStatus, type FieldIssue } from './errors';
import type { TokenBucket } from './rate-limit';

export interface HttpClientOptions {
  /** "Lexware Office", "sevdesk": used in error messages. */
  system: string;
  baseURL: string;
  /** Headers with the credentials, read freshly for each request. */
  auth: () => Record<string, string>;
  bucket: TokenBucket;
  timeoutMs?: number;
  /** Retries for requests that may be repeated (GET, and POST on 429). */
  retries?: number;
  /** Turns an error body into field issues and a detail line. */
  describeError?: (status: number, body: unknown) => { detail?: string; fields?: FieldIssue[] };
  fetch?: typeof fetch;
  /** Backoff base in ms (tests shorten it). */
  backoffMs?: number;
  /** Called after every answer; sevdesk uses it to slow down after error streaks. */
  onOutcome?: (ok: boolean) => void;
}

export interface RequestOptions<TSchema extends v.GenericSchema> {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  schema: TSchema;
  /** Whether repeating the request is harmless. Defaults to true for GET only. */
  idempotent?: boolean;
}

export interface HttpResponse<T> {
  data: T;
  headers: Headers;
  status: number;
}

export function backoffDelay(attempt: number, baseMs: number, retryAfter?: string | null): number {
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 60_000);
  const exp = baseMs * 2 ** attempt;
  return Math.min(exp + Math.floor(Math.random() * baseMs), 30_000);
}

export function createHttpClient(options: HttpClientOptions) {
  // ofetch takes a custom fetch only when the instance is created, not per request.
  const client = options.fetch ? ofetch.create({}, { fetch: options.fetch }) : ofetch;
  const retries = options.retries ?? 3;
  const base = options.backoffMs ?? 500;

  /**
   * What every call shares: the base URL, no cookies, the timeout, backoff (a 429 pauses the
   * bucket for everyone), the bucket's turn and the auth headers. `accept` sets the Accept
   * header when the caller wants a particular one.
   */
  function shared(retryStatusCodes: number[], accept: string | null) {
    let attempt = 0;
    return {
      baseURL: options.baseURL,
      credentials: 'omit' as const,
      timeout: options.timeoutMs ?? 25_000,
      retry: retries,
      retryStatusCodes,
      retryDelay: (ctx: FetchContext) => {
        const delay = backoffDelay(attempt++, base, ctx.response?.headers.get('retry-after'));
        if (ctx.response?.status === 429) options.bucket.pause(delay);
        return delay;
      },
      onRequest: async ({ options: o }: { options: { headers?: HeadersInit } }) => {
        await options.bucket.take();
        const headers = new Headers(o.headers);
        for (const [k, value] of Object.entries(options.auth())) headers.set(k, value);
        if (accept !== null) headers.set('accept', accept);
        else if (!headers.has('accept')) headers.set('accept', 'application/json');
        o.headers = headers;
      },
    };
  }

  const cleanQuery = (query: RequestOptions<v.GenericSchema>['query']) => (query ? Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) : undefined);

  async function request<TSchema extends v.GenericSchema>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    req: RequestOptions<TSchema>,
  ): Promise<HttpResponse<v.InferOutput<TSchema>>> {
    const idempotent = req.idempotent ?? method === 'GET';
    const query = cleanQuery(req.query);
    let response: Awaited<ReturnType<typeof client.raw>>;
    try {
      response = await client.raw(path, {
        method,
        ...(query ? { query } : {}),
        ...(req.body !== undefined ? { body: req.body as Record<string, unknown> } : {}),
        // A request that changes data is repeated only when the system says it did
        // nothing (429); anything else with an unknown outcome goes back to the caller.
        ...shared(idempotent ? [408, 429, 500, 502, 503, 504] : [429], null),
        parseResponse: (text) => (text === '' ? undefined : JSON.parse(text)),
      });
    } catch (error) {
      options.onOutcome?.(false);
      throw toBillingError(error, method, idempotent);
    }
    options.onOutcome?.(true);
    const parsed = v.safeParse(req.schema, response._data);
    if (!parsed.success) {
      const where = parsed.issues.slice(0, 2).map((i) => v.getDotPath(i) ?? '(root)').join(', ');
      // A request that changes data and got a success answer was carried out, whatever the body says.
      throw new BillingError('bad-response', `${options.system} answered ${method} ${path} in an unexpected shape (${where})`, {
        status: response.status,
        outcome: idempotent ? 'not-performed' : 'unknown',
      });
    }
    return { data: parsed.output, headers: response.headers, status: response.status };
  }

  function toBillingError(error: unknown, method: string, idempotent: boolean): BillingError {
    const changes = !idempotent;
    if (error instanceof FetchError && error.response) {
      const status = error.response.status;
      const described = options.describeError?.(status, error.data) ?? {};
      const code = codeForStatus(status);
      const message = `${options.system} answered ${status}${described.detail ? `: ${described.detail}` : ''}`;
      return new BillingError(code, message, {
        status,
        outcome: changes ? outcomeForStatus(status) : 'not-performed',
        ...(described.fields ? { fields: described.fields } : {}),
      });
    }
    const cause = error instanceof Error ? error : undefined;
    const timedOut = cause?.name === 'TimeoutError' || (cause?.cause as Error | undefined)?.name === 'TimeoutError' || /timeout/i.test(cause?.message ?? '');
    return new BillingError(timedOut ? 'timeout' : 'network', `${options.system} did not answer ${method} (${timedOut ? 'timeout' : 'network error'})`, {
      outcome: changes ? 'unknown' : 'not-performed',
    });
  }

  /**
   * A file (PDF, XML) as bytes: GET with the given Accept header, the same auth, bucket,
   * retries and error classification as every other request.
   */
  async function download(path: string, req: { accept: string; query?: RequestOptions<v.GenericSchema>['query'] }): Promise<{ bytes: Uint8Array; headers: Headers }> {
    const query = cleanQuery(req.query);
    try {
      const response = await client.raw(path, {
        method: 'GET',
        ...(query ? { query } : {}),
        ...shared([408, 429, 500, 502, 503, 504], req.accept),
        responseType: 'arrayBuffer',
      });
      options.onOutcome?.(true);
      return { bytes: new Uint8Array((response._data as ArrayBuffer | undefined) ?? new ArrayBuffer(0)), headers: response.headers };
    } catch (error) {
      options.onOutcome?.(false);
      throw toBillingError(error, 'GET', true);
    }
  }

  return {
    download,
    get: <S extends v.GenericSchema>(path: string, req: RequestOptions<S>) => request('GET', path, req),
    post: <S extends v.GenericSchema>(path: string, req: RequestOptions<S>) => request('POST', path, req),
    put: <S extends v.GenericSchema>(path: string, req: RequestOptions<S>) => request('PUT', path, req),
  };
}

export type HttpClient = ReturnType<typeof createHttpClient>;
