/** Starts the whole sandbox world: demo TMS, Lexware Office emulator, sevdesk emulator. */
import { sandboxConfig, type SandboxConfig } from './config';
import { startEmulator, type RunningServer } from './kit/http';
import { createDemoTms, loadSeed } from './tms/server';
import { createLexwareEmulator } from './lexware/server';
import { createSevdeskEmulator } from './sevdesk/server';

export interface SandboxWorld {
  tms: RunningServer;
  lexware: RunningServer;
  sevdesk: RunningServer;
  close(): Promise<void>;
}

export async function startSandboxWorld(options: { config?: SandboxConfig; seedPath?: string } = {}): Promise<SandboxWorld> {
  const config = options.config ?? sandboxConfig();
  const seed = loadSeed(options.seedPath);
  const started: RunningServer[] = [];
  try {
    const tms = await startEmulator(createDemoTms({ seed }), config.tmsPort, config.host);
    started.push(tms);
    const lexware = await startEmulator(createLexwareEmulator({ apiKey: config.lexwareKey }), config.lexwarePort, config.host);
    started.push(lexware);
    const sevdesk = await startEmulator(createSevdeskEmulator({ apiKey: config.sevdeskKey }), config.sevdeskPort, config.host);
    started.push(sevdesk);
    return { tms, lexware, sevdesk, close: () => Promise.all(started.map((s) => s.close())).then(() => undefined) };
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
}
