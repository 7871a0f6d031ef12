/**
 * Readers for request fields. sevdesk takes numbers or numeric strings, booleans as
 * true/false/1/0, and nested objects as `{id, objectName}` references; these helpers accept
 * exactly that and throw sevdesk-style 400s naming the offending field.
 */
import { badRequest } from './errors';
import { parseDecimal, type Decimal } from './decimal';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How PHP would name the type, which is how sevdesk's messages name it. */
function kind(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value) || typeof value === 'object') return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double';
  return typeof value;
}

const isMissing = (value: unknown) => value === undefined || value === null;

export function requireObject(value: unknown, field: string): JsonObject {
  if (isMissing(value)) throw badRequest(`${field} is required.`);
  if (!isObject(value)) throw badRequest(`${field} expected array, ${kind(value)} given`);
  return value;
}

/** Ids are positive integers; given as numbers or strings, answered as strings. */
export function readId(value: unknown, field: string): string {
  if ((typeof value === 'number' || typeof value === 'string') && /^\d{1,18}$/.test(String(value).trim())) {
    const id = BigInt(String(value).trim());
    if (id > 0n) return id.toString();
  }
  throw badRequest(`${field} must be a positive integer id, ${JSON.stringify(value) ?? 'nothing'} given`);
}

/** An `{id, objectName}` reference, or undefined when the field is absent or null. */
export function readRef(value: unknown, field: string, objectName: string): string | undefined {
  if (isMissing(value)) return undefined;
  if (!isObject(value) || isMissing(value.id) || isMissing(value.objectName)) {
    throw badRequest(`${field} expected array with 'id' and 'objectName'. ${kind(value)} given`);
  }
  if (value.objectName !== objectName) {
    throw badRequest(`${field} expected objectName '${objectName}', '${String(value.objectName)}' given`);
  }
  return readId(value.id, `${field}.id`);
}

export function requireRef(value: unknown, field: string, objectName: string): string {
  const id = readRef(value, field, objectName);
  if (id === undefined) throw badRequest(`${field} is required.`);
  return id;
}

export function readDecimal(value: unknown, field: string): Decimal | undefined {
  if (isMissing(value) || value === '') return undefined;
  const d = parseDecimal(value);
  if (!d) throw badRequest(`${field} must be a number, ${JSON.stringify(value)} given`);
  return d;
}

export function requireDecimal(value: unknown, field: string): Decimal {
  const d = readDecimal(value, field);
  if (!d) throw badRequest(`${field} is required.`);
  return d;
}

export function readInteger(value: unknown, field: string): number | undefined {
  const d = readDecimal(value, field);
  if (!d) return undefined;
  if (d.scale !== 0 || d.units > BigInt(Number.MAX_SAFE_INTEGER) || d.units < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw badRequest(`${field} must be an integer, ${JSON.stringify(value)} given`);
  }
  return Number(d.units);
}

export function readBool(value: unknown, field: string): boolean | undefined {
  if (isMissing(value)) return undefined;
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false' || value === '') return false;
  throw badRequest(`${field} must be a boolean, ${JSON.stringify(value)} given`);
}

/** Text fields: strings, numbers taken as their text; null clears; absent is undefined. */
export function readText(value: unknown, field: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw badRequest(`${field} must be a string, ${kind(value)} given`);
}

/** The body of a POST/PUT: JSON or sevdesk's other accepted format, form-urlencoded. */
export function requireBody(body: unknown, bodyError: string | undefined): JsonObject {
  if (bodyError) throw badRequest(`Request body is not valid JSON: ${bodyError}`);
  if (!isObject(body)) throw badRequest('Request body is missing or not an object.');
  return body;
}
