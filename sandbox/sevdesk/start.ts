/** Runs the sevdesk emulator alone: `npx tsx sandbox/sevdesk/start.ts` (port and key from sandbox/config.ts). */
import { startEmulator } from '../kit/http';
import { sandboxConfig } from '../config';
import { createSevdeskEmulator } from './server';

const config = sandboxConfig();
const version = process.env.SANDBOX_SEVDESK_BOOKKEEPING === '1.0' ? '1.0' : '2.0';
const server = await startEmulator(createSevdeskEmulator({ apiKey: config.sevdeskKey, bookkeepingVersion: version }), config.sevdeskPort, config.host);
console.info(`[sevdesk] emulator listening on ${server.url} (API under /api/v1, Authorization: ${config.sevdeskKey}, bookkeeping ${version})`);
