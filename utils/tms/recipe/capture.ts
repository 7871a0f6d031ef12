/**
 * The recipe engine's side of capture (recipes.md § 3.6), in the isolated world of a TMS tab:
 * it sends the capture script the recipe's URL patterns, checks every envelope that comes
 * back (the page can forge them: shape, size, same origin and a pattern of this recipe, else
 * dropped) and keeps the captured items per rule, by the rule's `key` path, at most 5,000 per
 * rule (the oldest go first).
 *
 * The page's Authorization header (`captured` auth) is held here, in this tab's memory only:
 * never stored, never sent to the background, never logged. It leaves only as the header of
 * the recipe's own requests to the TMS (fetch sources, HTTP write-back run in this tab).
 */
import * as v from 'valibot';
import type { Recipe } from './schema';
import { jsonValues } from './read-fields';
import { CAPTURED_EVENT, CAPTURE_CHANNEL, MAX_AUTHORIZATION_CHARS, MAX_CAPTURED_CHARS, MAX_CAPTURE_URL_CHARS, capturePatternMatches } from './capture-pattern';

export const MAX_CAPTURED_ITEMS = 5_000;

export { CAPTURED_EVENT };

type CaptureRule = NonNullable<NonNullable<Recipe['sources']>['capture']>[number];

/** What the recipe adapter reads of the captured data (adapter.ts). */
export interface CapturedData {
  /** Whether the capture script answered in this tab (not on Firefox below 128, nor on a site registered before the recipe captured). */
  running(): boolean;
  /** The item of a rule by its key. */
  item(rule: string, key: string): unknown;
  /** The key of the item of `rule` whose value at `path` is `value` (a row's visible number joined to the TMS's id). */
  keyWhere(rule: string, path: string, value: string): string | null;
  /** The page's own Authorization header, as last seen; null before the page made a signed-in request. */
  authorization(): string | null;
}

const Url = v.pipe(v.string(), v.maxLength(MAX_CAPTURE_URL_CHARS), v.url());
export const CaptureEnvelopeSchema = v.variant('kind', [
  v.strictObject({ channel: v.literal(CAPTURE_CHANNEL), kind: v.literal('answer'), url: Url, body: v.pipe(v.string(), v.maxLength(MAX_CAPTURED_CHARS)) }),
  v.strictObject({
    channel: v.literal(CAPTURE_CHANNEL),
    kind: v.literal('auth'),
    url: Url,
    // A header value: visible ASCII and spaces only ("Bearer eyJ…").
    authorization: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_AUTHORIZATION_CHARS), v.regex(/^[\x20-\x7e]+$/)),
  }),
  v.strictObject({ channel: v.literal(CAPTURE_CHANNEL), kind: v.literal('ready') }),
  // Our own message to the capture script comes back to our listener too: recognised, ignored.
  v.strictObject({ channel: v.literal(CAPTURE_CHANNEL), kind: v.literal('config'), patterns: v.array(v.string()), auth: v.boolean() }),
]);
export type CaptureEnvelope = v.InferOutput<typeof CaptureEnvelopeSchema>;

/** The captured items of one recipe, by rule and key. Pure: fed envelopes, asked for items. */
export class CaptureStore implements CapturedData {
  private readonly items = new Map<string, Map<string, unknown>>();
  /** Per rule and path: value → key, rebuilt when the rule's items changed. */
  private readonly joins = new Map<string, { version: number; index: Map<string, string> }>();
  private readonly versions = new Map<string, number>();
  private answered = false;
  private token: string | null = null;

  constructor(
    private readonly recipe: Recipe,
    private readonly pageOrigin: string,
  ) {}

  /** Takes one envelope as it came off the window; returns whether it changed what is kept. */
  accept(data: unknown): boolean {
    // Checked cheaply before valibot walks a 5 MB string.
    if (typeof data !== 'object' || data === null || (data as { channel?: unknown }).channel !== CAPTURE_CHANNEL) return false;
    const parsed = v.safeParse(CaptureEnvelopeSchema, data);
    if (!parsed.success) return false;
    const envelope = parsed.output;
    if (envelope.kind === 'ready') return !this.answered && (this.answered = true);
    if (envelope.kind === 'config') return false;
    const url = new URL(envelope.url);
    if (url.origin !== this.pageOrigin) return false;
    if (envelope.kind === 'auth') {
      if (this.recipe.sources?.auth?.mode !== 'captured' || this.token === envelope.authorization) return false;
      this.token = envelope.authorization;
      return true;
    }
    let changed = false;
    let body: unknown;
    for (const rule of this.recipe.sources?.capture ?? []) {
      if (!capturePatternMatches(rule.url, url, this.pageOrigin)) continue;
      if (body === undefined) {
        try {
          body = JSON.parse(envelope.body) as unknown;
        } catch {
          return false;
        }
      }
      changed = this.keep(rule, body) || changed;
    }
    return changed;
  }

  private keep(rule: CaptureRule, body: unknown): boolean {
    let kept = this.items.get(rule.id);
    if (!kept) this.items.set(rule.id, (kept = new Map()));
    let added = 0;
    for (const item of jsonValues(body, rule.items).slice(0, MAX_CAPTURED_ITEMS)) {
      if (typeof item !== 'object' || item === null) continue;
      const key = jsonValues(item, rule.key)[0];
      if (!((typeof key === 'string' && key !== '' && key.length <= 200) || (typeof key === 'number' && Number.isFinite(key)))) continue;
      const id = String(key);
      // Newest last: an item seen again moves to the back, the oldest leave first.
      kept.delete(id);
      kept.set(id, item);
      added++;
    }
    for (const id of kept.keys()) {
      if (kept.size <= MAX_CAPTURED_ITEMS) break;
      kept.delete(id);
    }
    if (added > 0) this.versions.set(rule.id, (this.versions.get(rule.id) ?? 0) + 1);
    return added > 0;
  }

  running(): boolean {
    return this.answered;
  }

  item(rule: string, key: string): unknown {
    return this.items.get(rule)?.get(key);
  }

  keyWhere(rule: string, path: string, value: string): string | null {
    const version = this.versions.get(rule) ?? 0;
    const name = `${rule}\n${path}`;
    let join = this.joins.get(name);
    if (!join || join.version !== version) {
      const index = new Map<string, string>();
      for (const [key, item] of this.items.get(rule) ?? []) {
        const seen = jsonValues(item, path)[0];
        if (typeof seen === 'string' || typeof seen === 'number') index.set(String(seen).trim(), key);
      }
      this.joins.set(name, (join = { version, index }));
    }
    return join.index.get(value.trim()) ?? null;
  }

  authorization(): string | null {
    return this.token;
  }

  /** Items kept for a rule (health, tests). */
  count(rule: string): number {
    return this.items.get(rule)?.size ?? 0;
  }
}

/** Whether a recipe needs the capture script at all. */
export const recipeCaptures = (recipe: Recipe): boolean => (recipe.sources?.capture?.length ?? 0) > 0 || recipe.sources?.auth?.mode === 'captured';

type EngineWindow = Pick<Window, 'addEventListener' | 'removeEventListener' | 'postMessage' | 'dispatchEvent' | 'location'>;

/**
 * Starts capture for a recipe in this tab: listens for envelopes from the page's own window
 * (never a frame's), sends the capture script the patterns, and says on the window when new
 * items arrived. Returns the store and a stop function.
 */
export function startCapture(win: EngineWindow, recipe: Recipe): { store: CaptureStore; stop(): void } {
  const store = new CaptureStore(recipe, win.location.origin);
  const listener = (event: MessageEvent) => {
    if (event.source !== (win as unknown)) return;
    if (store.accept(event.data)) win.dispatchEvent(new Event(CAPTURED_EVENT));
  };
  win.addEventListener('message', listener);
  win.postMessage({ channel: CAPTURE_CHANNEL, kind: 'config', patterns: (recipe.sources?.capture ?? []).map((c) => c.url), auth: recipe.sources?.auth?.mode === 'captured' }, win.location.origin);
  return { store, stop: () => win.removeEventListener('message', listener) };
}
