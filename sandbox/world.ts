/**
 * Starts the whole sandbox world: demo TMS, Lexware Office emulator, sevdesk emulator, and the
 * three TMSs built unlike the demo (Legacy, Grid, Frames with its second origin).
 */
import { sandboxConfig, sandboxTmsOrigins, type SandboxConfig } from './config';
import { startEmulator, type RunningServer } from './kit/http';
import { createDemoTms, loadSeed } from './tms/server';
import { createLexwareEmulator } from './lexware/server';
import { createSevdeskEmulator } from './sevdesk/server';
import { createLegacyTms } from './tms-legacy/server';
import { createGridTms } from './tms-grid/server';
import { createKombiTms } from './tms-frames/server';

export interface SandboxWorld {
  tms: RunningServer;
  lexware: RunningServer;
  sevdesk: RunningServer;
  legacy: RunningServer;
  grid: RunningServer;
  frames: RunningServer;
  framesDetail: RunningServer;
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
    const legacy = await startEmulator(createLegacyTms({ mutate: config.mutate }), config.legacyPort, config.host);
    started.push(legacy);
    const grid = await startEmulator(createGridTms({ mutate: config.mutate }), config.gridPort, config.host);
    started.push(grid);
    const framesDetailOrigin = sandboxTmsOrigins(config).framesDetail;
    const kombi = createKombiTms({ detailOrigin: () => framesDetailOrigin, mutate: config.mutate });
    const framesDetail = await startEmulator(kombi.detail, config.framesDetailPort, config.host);
    started.push(framesDetail);
    const frames = await startEmulator(kombi.top, config.framesPort, config.host);
    started.push(frames);
    return { tms, lexware, sevdesk, legacy, grid, frames, framesDetail, close: () => Promise.all(started.map((s) => s.close())).then(() => undefined) };
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
}
