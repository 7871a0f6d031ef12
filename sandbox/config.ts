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

export function sandboxConfig(env: Record<string, string | undefined> = process.env): SandboxConfig {
  return {
    host: env.SANDBOX_HOST || '127.0.0.1',
    tmsPort: port(env.SANDBOX_TMS_PORT, 4410, 'SANDBOX_TMS_PORT'),
    lexwarePort: port(env.SANDBOX_LEXWARE_PORT, 4411, 'SANDBOX_LEXWARE_PORT'),
    sevdeskPort: port(env.SANDBOX_SEVDESK_PORT, 4412, 'SANDBOX_SEVDESK_PORT'),
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
