/**
 * Salvaging a stored value that no longer matches its schema: keep every entry that is
 * valid, and hand back each one that is not, raw and unchanged, with where it was and why.
 *
 * A store is never all-or-nothing. One malformed ledger entry (an older version's shape, a
 * partial write, a manual edit) must not take the other 19,999 with it. Arrays and records
 * are salvaged entry by entry, objects field by field (a dropped optional field gets its
 * default back); anything else is one value that stands or falls as a whole.
 */
import * as v from 'valibot';

export interface SalvagedEntry {
  /** Where the entry sat: array indexes, record keys and field names from the root. */
  path: (string | number)[];
  raw: unknown;
  reason: string;
}

export type SalvageResult<T> = { ok: true; value: T; dropped: SalvagedEntry[] } | { ok: false; dropped: SalvagedEntry[] };

const DROP = Symbol('drop');
type Walked = { value: unknown; dropped: SalvagedEntry[] };

/** The schema's structure, whichever pipe or wrapper it sits in. */
interface Structural {
  type: string;
  wrapped?: v.GenericSchema;
  item?: v.GenericSchema;
  key?: v.GenericSchema;
  value?: v.GenericSchema;
  entries?: Record<string, v.GenericSchema>;
}

export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`)
    .join('; ');
}

function reasonOf(schema: v.GenericSchema, raw: unknown): string {
  const parsed = v.safeParse(schema, raw);
  return parsed.success ? 'invalid with its neighbours' : describeIssues(parsed.issues);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function walk(schema: v.GenericSchema, raw: unknown, path: (string | number)[]): Walked | typeof DROP {
  if (v.safeParse(schema, raw).success) return { value: raw, dropped: [] };
  const s = schema as unknown as Structural;

  if ((s.type === 'optional' || s.type === 'nullable' || s.type === 'nullish' || s.type === 'exact_optional') && s.wrapped) {
    return walk(s.wrapped, raw, path);
  }

  if (s.type === 'array' && s.item && Array.isArray(raw)) {
    const kept: unknown[] = [];
    const dropped: SalvagedEntry[] = [];
    raw.forEach((entry, i) => {
      const inner = walk(s.item!, entry, [...path, i]);
      if (inner === DROP) dropped.push({ path: [...path, i], raw: entry, reason: reasonOf(s.item!, entry) });
      else {
        kept.push(inner.value);
        dropped.push(...inner.dropped);
      }
    });
    return checked(schema, kept, dropped);
  }

  if (s.type === 'record' && s.value && isPlainObject(raw)) {
    const kept: Record<string, unknown> = {};
    const dropped: SalvagedEntry[] = [];
    for (const [key, entry] of Object.entries(raw)) {
      const keyOk = !s.key || v.safeParse(s.key, key).success;
      const inner = keyOk ? walk(s.value, entry, [...path, key]) : DROP;
      if (inner === DROP) dropped.push({ path: [...path, key], raw: entry, reason: keyOk ? reasonOf(s.value, entry) : `key "${key}" is not allowed` });
      else {
        kept[key] = inner.value;
        dropped.push(...inner.dropped);
      }
    }
    return checked(schema, kept, dropped);
  }

  if ((s.type === 'object' || s.type === 'loose_object' || s.type === 'strict_object') && s.entries && isPlainObject(raw)) {
    const kept: Record<string, unknown> = { ...raw };
    const dropped: SalvagedEntry[] = [];
    for (const [key, fieldSchema] of Object.entries(s.entries)) {
      if (!(key in raw)) continue;
      const inner = walk(fieldSchema, raw[key], [...path, key]);
      if (inner === DROP) {
        delete kept[key];
        dropped.push({ path: [...path, key], raw: raw[key], reason: reasonOf(fieldSchema, raw[key]) });
      } else {
        kept[key] = inner.value;
        dropped.push(...inner.dropped);
      }
    }
    if (s.type === 'strict_object') {
      for (const key of Object.keys(raw)) {
        if (key in s.entries) continue;
        delete kept[key];
        dropped.push({ path: [...path, key], raw: raw[key], reason: `unknown field "${key}"` });
      }
    }
    // A required field that had to go takes its object with it: the caller keeps the object whole.
    return checked(schema, kept, dropped);
  }

  return DROP;
}

/** The salvaged container must pass as a whole (pipes may check across entries). */
function checked(schema: v.GenericSchema, value: unknown, dropped: SalvagedEntry[]): Walked | typeof DROP {
  return v.safeParse(schema, value).success ? { value, dropped } : DROP;
}

/**
 * Parses `raw`; where it fails, keeps what is valid. `ok: false` when nothing usable is
 * left at the root: the whole raw value is then the one dropped entry.
 */
export function salvage<TSchema extends v.GenericSchema>(schema: TSchema, raw: unknown): SalvageResult<v.InferOutput<TSchema>> {
  const direct = v.safeParse(schema, raw);
  if (direct.success) return { ok: true, value: direct.output, dropped: [] };
  const walked = walk(schema, raw, []);
  if (walked === DROP) return { ok: false, dropped: [{ path: [], raw, reason: describeIssues(direct.issues) }] };
  const parsed = v.safeParse(schema, walked.value);
  if (!parsed.success) return { ok: false, dropped: [{ path: [], raw, reason: describeIssues(parsed.issues) }] };
  return { ok: true, value: parsed.output, dropped: walked.dropped };
}
