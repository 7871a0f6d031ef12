/**
 * Figure 7: the JavaScript each entry point loads, gzipped (zlib level 9, per file, as a
 * server or store would compress them). An entry point counts its own file plus every chunk
 * it loads: the scripts and module preloads of its HTML page, and the static imports of
 * those chunks, followed transitively. Deterministic: one measurement is the figure.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PANEL_SCRIPT } from '../utils/tms/panel-handle';

export interface EntrySize {
  entry: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The file's static imports (`import … from "./x.js"`, `import "./x.js"`), relative to the build root. */
function imports(dir: string, file: string): string[] {
  const code = readFileSync(path.join(dir, file), 'utf8');
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:\bimport|\bfrom)\s*["']([^"']+\.js)["']/g)) {
    const spec = match[1]!;
    found.add(spec.startsWith('/') ? spec.slice(1) : path.posix.join(path.posix.dirname(file), spec));
  }
  return [...found];
}

function closure(dir: string, roots: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...imports(dir, file));
  }
  return [...seen];
}

function htmlScripts(dir: string, page: string): string[] {
  const html = readFileSync(path.join(dir, page), 'utf8');
  const out: string[] = [];
  for (const match of html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)) out.push(match[1]!.replace(/^\//, ''));
  return out;
}

/** The content script every TMS page load runs (the budgeted one); the panel is injected on first need. */
export const MAIN_CONTENT_SCRIPT = 'content-scripts/tms.js';

export function measureBundle(dir: string): EntrySize[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    background?: { service_worker?: string };
    content_scripts?: { js?: string[] }[];
    action?: { default_popup?: string };
    options_ui?: { page?: string };
  };
  const entries: { entry: string; roots: string[] }[] = [];
  // Declared in the manifest, or registered at run time (then only found in the build).
  const contentScripts = new Set((manifest.content_scripts ?? []).flatMap((c) => c.js ?? []));
  if (existsSync(path.join(dir, 'content-scripts'))) for (const file of readdirSync(path.join(dir, 'content-scripts'))) if (file.endsWith('.js')) contentScripts.add(`content-scripts/${file}`);
  for (const js of contentScripts) entries.push({ entry: js === PANEL_SCRIPT ? `TMS panel, injected on first need (${js})` : `content script (${js})`, roots: [js] });
  if (manifest.background?.service_worker) entries.push({ entry: `background (${manifest.background.service_worker})`, roots: [manifest.background.service_worker] });
  if (manifest.action?.default_popup) entries.push({ entry: `popup (${manifest.action.default_popup})`, roots: htmlScripts(dir, manifest.action.default_popup) });
  if (manifest.options_ui?.page) entries.push({ entry: `options (${manifest.options_ui.page})`, roots: htmlScripts(dir, manifest.options_ui.page) });
  // Extension pages no manifest field names (the invoice book opens in a tab of its own).
  for (const page of ['book.html']) if (existsSync(path.join(dir, page))) entries.push({ entry: `page (${page})`, roots: htmlScripts(dir, page) });
  return entries.map(({ entry, roots }) => {
    const files = closure(dir, roots);
    return {
      entry,
      files,
      rawBytes: files.reduce((total, f) => total + readFileSync(path.join(dir, f)).length, 0),
      gzipBytes: files.reduce((total, f) => total + gz(path.join(dir, f)), 0),
    };
  });
}
