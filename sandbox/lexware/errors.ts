/**
 * Lexware's error bodies. The API speaks three dialects: the API gateway's `{"message": …}`,
 * the "legacy" `IssueList` of the contacts (and files/vouchers) service, and the "regular"
 * Spring-style body of every other service (invoices, voucherlist, profile).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { json, type EmuRequest, type EmuResponse } from '../kit/http';
import { formatLexwareDateTime } from './datetime';

export interface Violation {
  violation: string;
  field: string;
  message: string;
}

export interface LegacyIssue {
  i18nKey: string;
  source: string;
  type?: string;
  additionalData?: unknown;
  args?: unknown;
}

export const VALIDATION_FAILED = 'Validation failed for request. Please see details list for specific causes.';

/** The regular error body; `details` only for validation failures, as in the docs' sample. */
export function regularError(at: Date, path: string, status: number, message: string, details?: Violation[]): EmuResponse {
  return json(status, {
    timestamp: formatLexwareDateTime(at),
    status,
    error: STATUS_CODES[status] ?? 'Error',
    path,
    traceId: randomBytes(6).toString('hex'),
    message,
    ...(details ? { details } : {}),
  });
}

export function validationError(at: Date, path: string, details: Violation[]): EmuResponse {
  return regularError(at, path, 406, VALIDATION_FAILED, details);
}

/** The legacy body; real responses carry a `requestId` next to the documented `IssueList`. */
export function legacyError(status: number, issues: LegacyIssue[]): EmuResponse {
  return json(status, {
    requestId: randomUUID(),
    IssueList: issues.map((issue) => ({
      i18nKey: issue.i18nKey,
      source: issue.source,
      type: issue.type ?? 'validation_failure',
      additionalData: issue.additionalData ?? null,
      args: issue.args ?? null,
    })),
  });
}

/** Services that still answer in the legacy format. */
export function usesLegacyErrors(path: string): boolean {
  return path === '/v1/contacts' || path.startsWith('/v1/contacts/');
}

/** An error in the dialect of the service behind `req.path`, for failures that are not field-specific. */
export function serviceError(at: Date, req: EmuRequest, status: number, message: string, i18nKey: string, source = ''): EmuResponse {
  if (usesLegacyErrors(req.path)) return legacyError(status, [{ i18nKey, source, additionalData: message }]);
  return regularError(at, req.path, status, message);
}

export const unauthorized = (): EmuResponse => json(401, { message: 'Unauthorized' });

function headerValue(req: EmuRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The AWS-style gateway 403 for an unknown route or an Authorization header that is no Bearer
 * token: the gateway then reads the header as a SigV4 credential list, hence the odd message.
 */
export function gatewayForbidden(req: EmuRequest): EmuResponse {
  const header = headerValue(req, 'authorization');
  if (header === undefined || header.trim() === '') return json(403, { message: 'Missing Authentication Token' });
  const space = header.indexOf(' ');
  const credential = space < 0 ? header : header.slice(space + 1);
  return json(403, { message: `'${credential}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.` });
}

// Lexware documents the 429 status but not its body; this is the API gateway's throttling body.
export const RATE_LIMIT_BODY = { message: 'Too Many Requests' } as const;

export const tooManyRequests = (): EmuResponse => json(429, RATE_LIMIT_BODY);

/** Bodies for injected faults, as the gateway or the services send them. */
export function lexwareFault(status: number, req: EmuRequest, at: Date): EmuResponse {
  if (status === 500) return json(500, { message: null });
  if (status === 504) return json(504, { message: 'Endpoint request timed out' });
  if (status === 429) return tooManyRequests();
  if (status === 401) return unauthorized();
  if (status === 403) return gatewayForbidden(req);
  return regularError(at, req.path, status, STATUS_CODES[status] ?? 'Error');
}
