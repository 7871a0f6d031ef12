/**
 * Mutation mode shared by the sandbox TMSs (issue #14, A8): the same data under a different
 * skin — churned class names, reordered columns, extra wrapper elements, an extra column and
 * renamed ids — so a recipe-based reader can be checked for "still right or a named miss".
 * Everything derives from one number, so a failing run can be replayed exactly.
 */
import { Random } from '../tms/generate-seed';
import { json, type EmuRequest, type EmuResponse } from '../kit/http';

export interface Mutation {
  /** null: the TMS as built; a number: the seed of the churn. */
  readonly seed: number | null;
  /** A class name as this skin spells it. */
  cls(name: string): string;
  /** An element id as this skin spells it. */
  id(name: string): string;
  /** The same items in this skin's order (never the original order when mutated). */
  permute<T>(items: readonly T[]): T[];
  /** Wraps markup in `depth` meaningless `div`s (none when not mutated). */
  wrap(inner: string): string;
  /** Whether an extra column (and detail row) is shown. */
  readonly extraColumn: boolean;
}

/** FNV-1a, 32 bit, as base36: short, stable names for a seed and a word. */
export function shortHash(seed: number, text: string): string {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0');
}

export const NO_MUTATION: Mutation = {
  seed: null,
  cls: (name) => name,
  id: (name) => name,
  permute: (items) => [...items],
  wrap: (inner) => inner,
  extraColumn: false,
};

export function createMutation(seed: number): Mutation {
  const depth = 1 + (seed % 2);
  return {
    seed,
    cls: (name) => `m${shortHash(seed, name)}`,
    id: (name) => `${name}-${shortHash(seed, `id:${name}`).slice(0, 4)}`,
    permute<T>(items: readonly T[]): T[] {
      const out = [...items];
      // A fresh generator per call: the same list always comes out in the same order.
      const rnd = new Random(seed);
      for (let i = out.length - 1; i > 0; i--) {
        const j = rnd.int(0, i);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      // A shuffle can land on the original order; a mutation must actually move something.
      if (out.length > 1 && out.every((item, i) => item === items[i])) out.push(out.shift()!);
      return out;
    },
    wrap: (inner) => `${'<div>'.repeat(depth)}${inner}${'</div>'.repeat(depth)}`,
    extraColumn: true,
  };
}

/** `?mutate=<seed>` as a number from 0 to 2^31-1, or an error sentence. */
export function parseMutationSeed(value: string): number | string {
  if (!/^\d{1,10}$/.test(value) || Number(value) > 0x7fffffff) return `mutate must be a whole number from 0 to 2147483647 (got "${value}")`;
  return Number(value);
}

/**
 * The switch a TMS keeps: a seed from the environment or `POST /__sandbox/mutate`, which
 * `?mutate=<seed>` on a single request overrides (`?mutate=off` shows the unmutated TMS).
 */
export class MutationSwitch {
  constructor(private current: number | null = null) {}

  get seed(): number | null {
    return this.current;
  }

  set(seed: number | null): void {
    this.current = seed;
  }

  /** The mutation for a request, or an error sentence for a malformed `mutate` parameter. */
  forRequest(req: EmuRequest): Mutation | string {
    const param = req.query.get('mutate');
    if (param === 'off') return NO_MUTATION;
    if (param !== null) {
      const seed = parseMutationSeed(param);
      return typeof seed === 'string' ? seed : createMutation(seed);
    }
    return this.current === null ? NO_MUTATION : createMutation(this.current);
  }
}

/** `POST /__sandbox/mutate {"seed": 7}` turns mutation on for every page; `{"seed": null}` off. */
export function setMutation(mutation: MutationSwitch, body: unknown): EmuResponse {
  const seed = typeof body === 'object' && body !== null ? (body as { seed?: unknown }).seed : undefined;
  if (seed === null) {
    mutation.set(null);
    return json(200, { seed: null });
  }
  const parsed = typeof seed === 'number' ? parseMutationSeed(String(seed)) : 'send {"seed": <whole number>} or {"seed": null}';
  if (typeof parsed === 'string') return json(400, { message: parsed });
  mutation.set(parsed);
  return json(200, { seed: parsed });
}
