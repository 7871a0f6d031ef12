/**
 * Where the sandbox world lives and which keys its emulators accept.
 * Shared by the servers, the sandbox build of the extension, the demo and the tests,
 * so one environment variable moves all of them together.
 */
export interface SandboxConfig {
  host: string;
  tmsPort: number;
  lexwarePort: number;
  sevdeskPort: number;
  /** The three TMSs built unlike the demo (issue #14): Legacy "Altmann", Grid "CargoGrid", Frames "Kombi". */
  legacyPort: number;
  gridPort: number;
  framesPort: number;
  /** Kombi's second origin, serving the iframe detail pages in its "fremd" variant. */
  framesDetailPort: number;
  /** Host name in the second origin's URLs; defaults to `host` (same host, another port). */
  framesDetailHost: string;
  /** Mutation seed the three new TMSs start with (`SANDBOX_MUTATE`); null: unmutated. */
  mutate: number | null;
  lexwareKey: string;
  sevdeskKey: string;
}

/** Lexware keys are opaque strings; this one only has to be recognisable in logs. */
export const DEFAULT_LEXWARE_KEY = 'sandbox-lexware-7f3c9a2e51d84b06';
/** sevdesk tokens are 32 lowercase hex characters. */
export const DEFAULT_SEVDESK_KEY = '5f0c2b9e8d7a41c3b6e09f1a2d3c4b5e';

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a TCP port, got "${value}"`);
  return n;
}

function mutationSeed(value: string | undefined): number | null {
  if (value === undefined || value === '' || value === 'off') return null;
  if (!/^\d{1,10}$/.test(value) || Number(value) > 0x7fffffff) throw new Error(`SANDBOX_MUTATE must be a whole number from 0 to 2147483647 or "off", got "${value}"`);
  return Number(value);
}

export function sandboxConfig(env: Record<string, string | undefined> = process.env): SandboxConfig {
  return {
    host: env.SANDBOX_HOST || '127.0.0.1',
    tmsPort: port(env.SANDBOX_TMS_PORT, 4410, 'SANDBOX_TMS_PORT'),
    lexwarePort: port(env.SANDBOX_LEXWARE_PORT, 4411, 'SANDBOX_LEXWARE_PORT'),
    sevdeskPort: port(env.SANDBOX_SEVDESK_PORT, 4412, 'SANDBOX_SEVDESK_PORT'),
    legacyPort: port(env.SANDBOX_LEGACY_PORT, 4413, 'SANDBOX_LEGACY_PORT'),
    gridPort: port(env.SANDBOX_GRID_PORT, 4414, 'SANDBOX_GRID_PORT'),
    framesPort: port(env.SANDBOX_FRAMES_PORT, 4415, 'SANDBOX_FRAMES_PORT'),
    framesDetailPort: port(env.SANDBOX_FRAMES_DETAIL_PORT, 4416, 'SANDBOX_FRAMES_DETAIL_PORT'),
    framesDetailHost: env.SANDBOX_FRAMES_DETAIL_HOST || env.SANDBOX_HOST || '127.0.0.1',
    mutate: mutationSeed(env.SANDBOX_MUTATE),
    lexwareKey: env.SANDBOX_LEXWARE_KEY || DEFAULT_LEXWARE_KEY,
    sevdeskKey: env.SANDBOX_SEVDESK_KEY || DEFAULT_SEVDESK_KEY,
  };
}

export interface SandboxOrigins {
  tms: string;
  lexware: string;
  sevdesk: string;
}

export function sandboxOrigins(config: SandboxConfig = sandboxConfig()): SandboxOrigins {
  const origin = (p: number) => `http://${config.host}:${p}`;
  return { tms: origin(config.tmsPort), lexware: origin(config.lexwarePort), sevdesk: origin(config.sevdeskPort) };
}

/** The origins of the three TMSs built unlike the demo; only the sandbox build grants them. */
export interface SandboxTmsOrigins {
  legacy: string;
  grid: string;
  frames: string;
  framesDetail: string;
}

export function sandboxTmsOrigins(config: SandboxConfig = sandboxConfig()): SandboxTmsOrigins {
  const origin = (p: number, host = config.host) => `http://${host}:${p}`;
  return {
    legacy: origin(config.legacyPort),
    grid: origin(config.gridPort),
    frames: origin(config.framesPort),
    framesDetail: origin(config.framesDetailPort, config.framesDetailHost),
  };
}
