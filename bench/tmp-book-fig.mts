import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildExtension, extensionIdOf, launch, freePorts, SANDBOX_PORT_VARIABLES } from './setup';
import { measureBook } from './book-figures';

const free = await freePorts(SANDBOX_PORT_VARIABLES.length);
SANDBOX_PORT_VARIABLES.forEach((name, i) => (process.env[name] = String(free[i])));
if (!process.env.SKIP_BUILD) await buildExtension({ ...process.env });
console.info('built');
const tmp = mkdtempSync(path.join(tmpdir(), 'bookfig-'));
const context = await launch(tmp, true);
const id = await extensionIdOf(context);
const run = await measureBook(context, id, 5, console.info);
for (const f of run.figures) console.info(`${f.budget === null ? 'INFO' : f.ms <= f.budget ? 'PASS' : 'FAIL'} ${f.name.padEnd(70)} ${f.ms.toFixed(1)} ms ${f.budget ?? ''} ${f.note ?? ''}`);
await context.close();
