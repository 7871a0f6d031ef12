/**
 * The billing providers the extension knows: the one list from which names, picklists, API
 * hosts, key-help links and the manifest's host permissions are derived. Pure data: the
 * options page, the popup and wxt.config.ts read it without pulling in any provider's code
 * (the background's factories live in entrypoints/background/handlers/providers.ts).
 *
 * Adding a provider: its folder under utils/billing/, its id in utils/domain/ids.ts, one
 * entry here (the compiler then asks for its factory). The meta-test (registry.test.ts)
 * checks folders, golden payloads and key-help links.
 */
import type { ProviderId } from '../domain/ids';

export interface Endpoints {
  api: string;
  /** The web app, for deep links. */
  app: string;
}

export interface ProviderEntry {
  id: ProviderId;
  /** The product's own name, shown as is in both languages. */
  name: string;
  production: Endpoints;
  /** Where the sandbox emulator serves the same API, given its origin. */
  sandbox: (origin: string) => Endpoints;
  /** Further host names of the system (former brands, web app): never a TMS site. */
  otherHosts: readonly string[];
  /** Where the user creates or finds an API key, given the web app's origin. */
  keyHelpUrl: (app: string) => string;
  /** The system's rate limit, shared by every call (one token bucket per provider). */
  rateLimit: { capacity: number; refillPerSecond: number };
}

export const PROVIDERS: Readonly<Record<ProviderId, ProviderEntry>> = {
  lexware: {
    id: 'lexware',
    name: 'Lexware Office',
    production: { api: 'https://api.lexware.io/v1', app: 'https://app.lexware.de' },
    sandbox: (origin) => ({ api: `${origin}/v1`, app: origin }),
    otherHosts: ['api.lexoffice.io', 'app.lexoffice.de'],
    keyHelpUrl: (app) => `${app}/addons/public-api`,
    // 2 requests/s is the documented limit; the docs warn that a client running exactly at it
    // gets 429s. 1.95 is the "≥ 95 % of the limit": the few 429s it meets (the server's
    // clock and ours drift apart) are waited out and repeated unchanged, never shown.
    rateLimit: { capacity: 2, refillPerSecond: 1.95 },
  },
  sevdesk: {
    id: 'sevdesk',
    name: 'sevdesk',
    production: { api: 'https://my.sevdesk.de/api/v1', app: 'https://my.sevdesk.de' },
    sandbox: (origin) => ({ api: `${origin}/api/v1`, app: origin }),
    otherHosts: [],
    // The API documentation's authentication section says where the token is found.
    keyHelpUrl: () => 'https://api.sevdesk.de/#section/Authentication-and-Authorization',
    rateLimit: { capacity: 5, refillPerSecond: 5 },
  },
};

export const PROVIDER_LIST: readonly ProviderEntry[] = Object.values(PROVIDERS);

/** Display names by id ("Lexware Office", "sevdesk"). */
export const PROVIDER_NAMES = Object.fromEntries(PROVIDER_LIST.map((p) => [p.id, p.name])) as Readonly<Record<ProviderId, string>>;

/** Host names of every billing system: a TMS site may not be one of them. */
export const BILLING_HOSTS: ReadonlySet<string> = new Set(
  PROVIDER_LIST.flatMap((p) => [new URL(p.production.api).hostname, new URL(p.production.app).hostname, ...p.otherHosts]),
);

/** The production build's host permissions: each provider's API origin. */
export const PRODUCTION_HOST_PERMISSIONS: readonly string[] = [...new Set(PROVIDER_LIST.map((p) => `${new URL(p.production.api).origin}/*`))];
