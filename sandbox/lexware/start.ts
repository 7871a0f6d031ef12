/** Runs the Lexware emulator alone: `npx tsx sandbox/lexware/start.ts` (port and key from sandbox/config.ts). */
import { startEmulator } from '../kit/http';
import { sandboxConfig } from '../config';
import { createLexwareEmulator } from './server';

const config = sandboxConfig();
const server = await startEmulator(createLexwareEmulator({ apiKey: config.lexwareKey }), config.lexwarePort, config.host);
console.info(`[lexware] emulator listening on ${server.url} (API under /v1, Bearer ${config.lexwareKey})`);
