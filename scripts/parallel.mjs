#!/usr/bin/env node
/**
 * Runs npm scripts side by side and fails if any fails: `node scripts/parallel.mjs lint build:sandbox`.
 * `npm test` uses it for the single-threaded steps (type check, lint, the sandbox build), which
 * one after another left a core idle for minutes on CI's two cores. Each line is prefixed with
 * its script's name; a script's exit code is reported when it ends.
 */
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: node scripts/parallel.mjs <npm script> [<npm script> …]');
  process.exit(2);
}

function run(name) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const prefix = (stream, out) => {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) out.write(`[${name}] ${line}\n`);
      });
      stream.on('end', () => rest && out.write(`[${name}] ${rest}\n`));
    };
    prefix(child.stdout, process.stdout);
    prefix(child.stderr, process.stderr);
    child.on('close', (code, signal) => {
      process.stdout.write(`[${name}] ${code === 0 ? 'done' : `failed (${signal ?? `exit code ${code}`})`}\n`);
      resolve(code === 0);
    });
  });
}

const results = await Promise.all(scripts.map(run));
process.exit(results.every(Boolean) ? 0 : 1);
