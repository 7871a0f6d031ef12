/**
 * sevdesk's API authentication: the raw token in the Authorization header, nothing else.
 * "Bearer <token>" is a different header value and fails; the `?token=` query parameter was
 * switched off in April 2025; and a request that also carries a web-session cookie fails
 * with the same 401 (the FAQ's "Sitzungskonflikt").
 *
 * Every failure answers the same body, as the real API gives no hint either; the header
 * `x-sandbox-auth-failure` tells developers and tests which rule applied.
 */
import type { EmuRequest, EmuResponse } from '../kit/http';
import { errorResponse } from './errors';
import type { WebSessions } from './web-session';

export type AuthFailure = 'missing-token' | 'query-token' | 'bearer-prefix' | 'wrong-token' | 'session-conflict';

export const AUTH_FAILURE_HEADER = 'x-sandbox-auth-failure';

const TOKEN_FORMAT = /^[0-9a-f]{32}$/i;

export function assertTokenFormat(apiKey: string): void {
  if (!TOKEN_FORMAT.test(apiKey)) throw new Error('sevdesk API tokens are 32 hexadecimal characters');
}

function unauthorized(reason: AuthFailure): EmuResponse {
  return errorResponse(401, 'Authentication required', null, { [AUTH_FAILURE_HEADER]: reason });
}

/** undefined when the request may proceed. */
export function checkAuth(req: EmuRequest, apiKey: string, sessions: WebSessions): EmuResponse | undefined {
  const header = req.headers.authorization?.trim() ?? '';
  if (!header) return unauthorized(req.query.has('token') ? 'query-token' : 'missing-token');
  if (/^bearer\s/i.test(header)) return unauthorized('bearer-prefix');
  if (header !== apiKey) return unauthorized('wrong-token');
  if (sessions.fromRequest(req)) return unauthorized('session-conflict');
  return undefined;
}
