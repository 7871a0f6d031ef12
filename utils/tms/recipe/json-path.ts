/**
 * A small path language for reading a TMS's own JSON, evaluated by us: data, never code.
 * `orders[*].id`, `route.legs[0].city`, `stops[?type=='pickup'].date`, `meta["x-ref"]`.
 * Filters compare one key for equality with a string, number, boolean or null: no
 * expressions, no functions, no recursion (`..`). Paths and results are bounded.
 */
export type PathStep =
  | { kind: 'key'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; key: string; equals: string | number | boolean | null };

export const MAX_PATH_LENGTH = 300;
export const MAX_PATH_STEPS = 16;
export const MAX_PATH_RESULTS = 10_000;

export type PathParse = { ok: true; steps: PathStep[] } | { ok: false; error: string; at: number };

const IDENT = /^[A-Za-z_$][\w$-]*/;

export function parsePath(path: string): PathParse {
  if (path.length === 0) return { ok: false, error: 'empty path', at: 0 };
  if (path.length > MAX_PATH_LENGTH) return { ok: false, error: `longer than ${MAX_PATH_LENGTH} characters`, at: MAX_PATH_LENGTH };
  const steps: PathStep[] = [];
  let i = 0;
  let first = true;
  // "$" names the item itself: "$.items[*]" is "items[*]", "$" alone is the item.
  if (path.startsWith('$')) {
    if (path.startsWith('$..')) return { ok: false, error: 'recursive descent (..) is not allowed', at: 1 };
    if (path === '$') return { ok: true, steps };
    if (path[1] !== '.' && path[1] !== '[') return { ok: false, error: 'expected . or [ after $', at: 1 };
    i = path[1] === '.' ? 2 : 1;
  }
  while (i < path.length) {
    if (steps.length >= MAX_PATH_STEPS) return { ok: false, error: `more than ${MAX_PATH_STEPS} steps`, at: i };
    const rest = path.slice(i);
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close < 0) return { ok: false, error: 'missing ]', at: i };
      const inner = rest.slice(1, close);
      const step = bracket(inner);
      if (!step) return { ok: false, error: `not an index, [*], a quoted key or an equality filter: [${inner}]`, at: i };
      steps.push(step);
      i += close + 1;
    } else {
      if (!first) {
        if (!rest.startsWith('.')) return { ok: false, error: 'expected . or [', at: i };
        i += 1;
      }
      const m = IDENT.exec(path.slice(i));
      if (!m) return { ok: false, error: 'expected a key name', at: i };
      steps.push({ kind: 'key', name: m[0] });
      i += m[0].length;
    }
    first = false;
  }
  return { ok: true, steps };
}

function bracket(inner: string): PathStep | null {
  const t = inner.trim();
  if (t === '*') return { kind: 'all' };
  if (/^\d{1,6}$/.test(t)) return { kind: 'index', index: Number(t) };
  const quoted = /^(['"])([^'"\\]{1,100})\1$/.exec(t);
  if (quoted) return { kind: 'key', name: quoted[2]! };
  const filter = /^\?\s*([A-Za-z_$][\w$-]*)\s*==\s*(.+)$/.exec(t);
  if (!filter) return null;
  const value = literal(filter[2]!.trim());
  return value === undefined ? null : { kind: 'filter', key: filter[1]!, equals: value };
}

function literal(text: string): string | number | boolean | null | undefined {
  const quoted = /^(['"])([^'"\\]{0,200})\1$/.exec(text);
  if (quoted) return quoted[2]!;
  if (/^-?\d{1,15}(\.\d{1,10})?$/.test(text)) return Number(text);
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  return undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every value the path reaches, in document order (at most MAX_PATH_RESULTS). */
export function evaluatePath(data: unknown, steps: readonly PathStep[]): unknown[] {
  let current: unknown[] = [data];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      switch (step.kind) {
        case 'key':
          if (isRecord(value) && Object.prototype.hasOwnProperty.call(value, step.name)) next.push(value[step.name]);
          break;
        case 'index':
          if (Array.isArray(value) && step.index < value.length) next.push(value[step.index]);
          break;
        case 'all':
          if (Array.isArray(value)) next.push(...value);
          else if (isRecord(value)) next.push(...Object.values(value));
          break;
        case 'filter':
          if (Array.isArray(value)) for (const item of value) if (isRecord(item) && item[step.key] === step.equals) next.push(item);
          break;
      }
      if (next.length > MAX_PATH_RESULTS) return next.slice(0, MAX_PATH_RESULTS);
    }
    current = next;
  }
  return current;
}

/** Parses and evaluates; a bad path throws nothing, it reaches nothing and says why. */
export function readPath(data: unknown, path: string): { ok: true; values: unknown[] } | { ok: false; error: string; at: number } {
  const parsed = parsePath(path);
  return parsed.ok ? { ok: true, values: evaluatePath(data, parsed.steps) } : parsed;
}
