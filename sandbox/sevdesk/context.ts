/**
 * What every resource module needs: the store, the account's settings, and the resolver
 * that `embed=` uses to expand `{id, objectName}` references into whole objects.
 */
import type { SevClientData } from './sev-client';
import type { Store } from './store';

export type BookkeepingVersion = '1.0' | '2.0';

export interface Reference {
  id: string;
  objectName: string;
}

export type Resolver = (ref: Reference) => unknown;

export interface Context {
  store: Store;
  version: BookkeepingVersion;
  now: () => Date;
  resolve: Resolver;
  /** The own company's data (sandbox-controlled; see sev-client.ts). */
  sevClient: () => SevClientData;
}

export const ref = (id: string, objectName: string): Reference => ({ id, objectName });

/** sevdesk answers booleans as "0"/"1" strings, like its other scalars. */
export const flag = (value: boolean): '0' | '1' => (value ? '1' : '0');

function isReference(value: unknown): value is Reference {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Reference).id === 'string' &&
    typeof (value as Reference).objectName === 'string' &&
    Object.keys(value).length === 2
  );
}

/** Replaces the named `{id, objectName}` fields by the objects they point to, where known. */
export function applyEmbed<T extends Record<string, unknown>>(object: T, embed: ReadonlySet<string>, resolve: Resolver): T {
  if (embed.size === 0) return object;
  const out: Record<string, unknown> = { ...object };
  for (const name of embed) {
    const value = out[name];
    if (isReference(value)) out[name] = resolve(value) ?? value;
  }
  return out as T;
}
