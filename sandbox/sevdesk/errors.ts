/**
 * sevdesk's error envelope. Live answers look like
 * `{"objects":null,"error":{"message":"…","code":null}}`; the spec adds `exceptionUUID`
 * ("can be given to the support team"). One shape for every error keeps clients honest:
 * they must read `error.message`, not guess per endpoint.
 */
import { randomUUID } from 'node:crypto';
import { html, json, type EmuRequest, type EmuResponse, type Handler } from '../kit/http';

/** sevdesk's code for "object not found" (exlo89/laravel-sevdesk-api maps 151 to not found). */
export const CODE_NOT_FOUND = 151;

export class SevdeskError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: number | null = null,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code: number | null = null) => new SevdeskError(400, message, code);
export const notFound = (model: string, id: unknown) =>
  new SevdeskError(400, `${model} with id ${String(id)} was not found`, CODE_NOT_FOUND);
/** sevdesk-Update 2.0 validation (tax rule and tax rate combinations, document types). */
export const validationFailed = (message: string) => new SevdeskError(422, message);

export function errorResponse(status: number, message: string, code: number | null = null, headers?: Record<string, string>): EmuResponse {
  return json(status, { objects: null, error: { message, code, exceptionUUID: randomUUID() } }, headers);
}

export function fromError(error: SevdeskError): EmuResponse {
  return errorResponse(error.status, error.message, error.code, error.headers);
}

/** Turns thrown SevdeskErrors into their responses; anything else is a 500 from the kit. */
export function guarded(handler: Handler): Handler {
  return async (req) => {
    try {
      return await handler(req);
    } catch (error) {
      if (error instanceof SevdeskError) return fromError(error);
      throw error;
    }
  };
}

const FAULT_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  429: 'Too many requests',
  500: 'An internal server error has occurred',
  502: 'Bad gateway',
  503: 'Service temporarily unavailable',
  504: 'Gateway timeout',
};

export function faultResponse(status: number): EmuResponse {
  return errorResponse(status, FAULT_MESSAGES[status] ?? (status >= 500 ? 'Server error' : 'Request failed'));
}

export function notFoundResponse(req: EmuRequest, methodMismatch: boolean, page: () => string): EmuResponse {
  if (!req.path.startsWith('/api/')) return html(404, page());
  if (methodMismatch) return errorResponse(405, `Method ${req.method} is not allowed for ${req.path}`);
  return errorResponse(404, `Resource ${req.path} does not exist`);
}
