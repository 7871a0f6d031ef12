/**
 * `npm run sandbox`: the demo TMS, both billing emulators and the Legacy, Grid and Frames TMSs on their own origins.
 * Ports, host, keys and the seed come from the environment (see README, "Sandbox world").
 */
import { sandboxConfig, sandboxTmsOrigins } from './config';
import { startSandboxWorld } from './world';

async function main() {
  const config = sandboxConfig();
  const seedPath = process.env.SANDBOX_SEED || undefined;
  const world = await startSandboxWorld({ config, ...(seedPath ? { seedPath } : {}) });
  const tmsOrigins = sandboxTmsOrigins(config);
  console.info(
    [
      'Sandbox world is running:',
      `  Demo TMS              ${world.tms.url}/orders${seedPath ? `   (seed: ${seedPath})` : ''}`,
      `  Lexware Office API    ${world.lexware.url}/v1   (API key: ${config.lexwareKey})`,
      `  sevdesk API           ${world.sevdesk.url}/api/v1   (API token: ${config.sevdeskKey})`,
      `  Legacy TMS "Altmann"  ${world.legacy.url}/auftraege   (user dispo, password altmann)`,
      `  Grid TMS "CargoGrid"  ${world.grid.url}/`,
      `  Frames TMS "Kombi"    ${world.frames.url}/kombi   (detail frames also from ${tmsOrigins.framesDetail})`,
      ...(config.mutate === null ? [] : [`  Mutation mode on for Legacy, Grid and Frames: seed ${config.mutate}`]),
      'Inspection API under /__sandbox/ on each. Press Ctrl-C to stop.',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`\n${signal}: stopping the sandbox world…`);
    world.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
