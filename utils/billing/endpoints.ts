/**
 * Where each billing system lives in this build. The sandbox build points at the local
 * emulators; the production build has no trace of them (the flag is null there and the
 * branch folds away).
 */
import type { ProviderId } from '../domain/ids';
import { SANDBOX } from '../sandbox-flag';
import { PROVIDER_LIST, type Endpoints } from './registry';

export type { Endpoints };

export const ENDPOINTS = Object.fromEntries(
  PROVIDER_LIST.map((p) => {
    // A provider without an emulator talks to its real host even in the sandbox build.
    const emulator = SANDBOX ? (SANDBOX as unknown as Partial<Record<string, string>>)[p.id] : undefined;
    return [p.id, emulator ? p.sandbox(emulator) : p.production];
  }),
) as Readonly<Record<ProviderId, Endpoints>>;

/** Where the user finds the provider's API key, in this build. */
export const keyHelpUrl = (id: ProviderId): string => PROVIDER_LIST.find((p) => p.id === id)!.keyHelpUrl(ENDPOINTS[id].app);
