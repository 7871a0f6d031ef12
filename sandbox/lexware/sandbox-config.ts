/** `POST /__sandbox/config`: changes the emulator's behaviour at run time (tests, demos). */
import type { LexwareSettings } from './context';

const KEYS = new Set(['rateLimit', 'contactSyncDelayMs', 'latencyMs']);

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Checks settings given to the constructor or the config route; returns a message when they are unusable. */
export function settingsProblem(settings: Partial<LexwareSettings>): string | undefined {
  const { rateLimit, contactSyncDelayMs, latencyMs } = settings;
  if (rateLimit !== undefined && rateLimit !== false) {
    if (typeof rateLimit !== 'object' || rateLimit === null || !positive(rateLimit.capacity) || !positive(rateLimit.refillPerSecond)) {
      return 'rateLimit must be false or {capacity, refillPerSecond} with positive numbers';
    }
  }
  if (contactSyncDelayMs !== undefined && (typeof contactSyncDelayMs !== 'number' || !Number.isFinite(contactSyncDelayMs) || contactSyncDelayMs < 0)) {
    return 'contactSyncDelayMs must be a non-negative number';
  }
  if (latencyMs !== undefined && (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > 60_000)) {
    return 'latencyMs must be a number from 0 to 60000';
  }
  return undefined;
}

/** Parses a config body into a settings patch, or a message naming what is wrong. */
export function parseSettingsPatch(body: unknown): Partial<LexwareSettings> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'config must be a JSON object';
  const unknown = Object.keys(body).filter((k) => !KEYS.has(k));
  if (unknown.length > 0) return `unknown setting(s): ${unknown.join(', ')}`;
  const patch = body as Partial<LexwareSettings>;
  const problem = settingsProblem(patch);
  if (problem) return problem;
  return {
    ...(patch.rateLimit !== undefined ? { rateLimit: patch.rateLimit === false ? false : { capacity: patch.rateLimit.capacity, refillPerSecond: patch.rateLimit.refillPerSecond } } : {}),
    ...(patch.contactSyncDelayMs !== undefined ? { contactSyncDelayMs: patch.contactSyncDelayMs } : {}),
    ...(patch.latencyMs !== undefined ? { latencyMs: patch.latencyMs } : {}),
  };
}
