/**
 * The `objects` envelope and paging. Lists and GET-by-id answer arrays, creations a single
 * object; `countAll=true` adds the total as a string next to `objects`.
 */
import { json, type EmuRequest, type EmuResponse } from '../kit/http';
import { badRequest } from './errors';

/** Not documented; the spec's embed example speaks of "up to a limit of 100". */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export interface Page {
  limit: number;
  offset: number;
  countAll: boolean;
}

export function readPage(req: EmuRequest): Page {
  const limitText = req.query.get('limit');
  const offsetText = req.query.get('offset');
  let limit = DEFAULT_LIMIT;
  if (limitText !== null) {
    limit = Number(limitText);
    if (!/^\d+$/.test(limitText.trim()) || limit < 1 || limit > MAX_LIMIT) {
      throw badRequest(`The limit must be between 1 and ${MAX_LIMIT}, '${limitText}' given`);
    }
  }
  let offset = 0;
  if (offsetText !== null) {
    offset = Number(offsetText);
    if (!/^\d+$/.test(offsetText.trim())) throw badRequest(`The offset must be a non-negative integer, '${offsetText}' given`);
  }
  return { limit, offset, countAll: req.query.get('countAll') === 'true' || req.query.get('countAll') === '1' };
}

export function listResponse(req: EmuRequest, items: unknown[]): EmuResponse {
  const page = readPage(req);
  const objects = items.slice(page.offset, page.offset + page.limit);
  return json(200, page.countAll ? { total: String(items.length), objects } : { objects });
}

/** GET by id: an array with the one object. */
export function byIdResponse(item: unknown): EmuResponse {
  return json(200, { objects: [item] });
}

export function createdResponse(item: unknown): EmuResponse {
  return json(201, { objects: item });
}

export function okResponse(item: unknown): EmuResponse {
  return json(200, { objects: item });
}

/** `embed=contact,unity` as a set of names. */
export function readEmbed(req: EmuRequest): Set<string> {
  return new Set(
    req.query
      .getAll('embed')
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean),
  );
}

/**
 * A `foo[id]` filter with its optional `foo[objectName]`. Clients send both, or only the id;
 * a wrong objectName is an error rather than a silently empty list.
 */
export function readRefFilter(req: EmuRequest, name: string, objectName: string): string | undefined {
  const id = req.query.get(`${name}[id]`);
  const model = req.query.get(`${name}[objectName]`);
  if (id === null) {
    if (model !== null) throw badRequest(`${name} expected array with 'id' and 'objectName'. Only objectName given`);
    return undefined;
  }
  if (model !== null && model !== objectName) throw badRequest(`${name} expected objectName '${objectName}', '${model}' given`);
  if (!/^\d+$/.test(id.trim())) throw badRequest(`${name}[id] must be a positive integer id, '${id}' given`);
  return BigInt(id.trim()).toString();
}
