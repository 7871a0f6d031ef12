/**
 * What happens before a request reaches a Lexware service: the API gateway's routing, the Bearer
 * check, the rate limit, and the services' common refusal of non-JSON bodies. The order matters
 * and follows the gateway: unknown routes are refused before the key is looked at, and only
 * authenticated requests spend tokens (the bucket belongs to the client's key).
 */
import type { EmuRequest, EmuResponse, Router } from '../kit/http';
import { gatewayForbidden, serviceError, tooManyRequests, unauthorized } from './errors';
import { TokenBucket } from './token-bucket';
import type { LexwareContext } from './context';

const BEARER = /^bearer[ \t]+(\S.*)$/i;

export function isApiPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/');
}

export interface Gateway {
  before(req: EmuRequest): EmuResponse | undefined;
  /** Forgets the bucket; the next request starts with a full one under the current settings. */
  resetRateLimit(): void;
}

export function createGateway(ctx: LexwareContext, routes: Router, apiKey: string): Gateway {
  let bucket: TokenBucket | undefined;
  let bucketSettings: unknown;

  function admitted(): boolean {
    const limit = ctx.settings().rateLimit;
    if (limit === false) return true;
    if (!bucket || bucketSettings !== limit) {
      bucket = new TokenBucket(limit, ctx.now().getTime());
      bucketSettings = limit;
    }
    return bucket.tryTake(ctx.now().getTime());
  }

  return {
    before(req) {
      if (!isApiPath(req.path) || !('handler' in routes.match(req.method, req.path))) return gatewayForbidden(req);

      const header = req.headers.authorization;
      if (header === undefined || header.trim() === '') return unauthorized();
      const bearer = BEARER.exec(header.trim());
      if (!bearer) return gatewayForbidden(req);
      if (bearer[1] !== apiKey) return unauthorized();

      if (!admitted()) return tooManyRequests();

      if (req.method === 'POST' || req.method === 'PUT') {
        const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (mediaType !== 'application/json') {
          return serviceError(ctx.now(), req, 415, `Content-Type '${mediaType}' is not supported.`, 'unsupported_media_type');
        }
        if (req.bodyError) return serviceError(ctx.now(), req, 400, `JSON parse error: ${req.bodyError}`, 'bad_request_error');
        if (req.rawBody.trim() === '') return serviceError(ctx.now(), req, 400, 'Required request body is missing', 'bad_request_error');
      }
      return undefined;
    },
    resetRateLimit() {
      bucket = undefined;
      bucketSettings = undefined;
    },
  };
}
