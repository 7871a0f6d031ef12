/**
 * A fresh `npm ci` is quiet and correct on the Node versions the README promises: every
 * installed package supports the documented minimum, and every install script is either
 * approved or denied on purpose (npm 11 blocks and warns about the rest).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import semver from 'semver';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const pkg = read('package.json') as { engines: { node: string }; allowScripts?: Record<string, boolean> };
const lock = read('package-lock.json') as { packages: Record<string, { version?: string; engines?: { node?: string } | string[]; hasInstallScript?: boolean }> };
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('a fresh install', () => {
  const minimum = semver.minVersion(pkg.engines.node)!.version;

  it('names one minimum Node version in package.json and the README', () => {
    expect(minimum).toBe('20.19.0');
    expect(readme).toContain(`Node.js ${minimum.replace(/\.0$/, '')} or later`);
  });

  it('installs no package that wants a newer Node than the documented minimum', () => {
    const unsupported = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.engines && !Array.isArray(p.engines) && p.engines.node)
      // npm skips an optional package whose engines don't fit (rollup lists one such): only what is installed counts.
      .filter(([path]) => existsSync(new URL(`../../${path}/package.json`, import.meta.url)))
      .filter(([, p]) => !semver.satisfies(minimum, (p.engines as { node: string }).node, { includePrerelease: true }))
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    expect(unsupported).toEqual([]);
  });

  it('decides on every install script (approved or denied), so npm ci has nothing to warn about', () => {
    const undecided = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''))
      .filter((name) => pkg.allowScripts?.[name] === undefined);
    expect(undecided).toEqual([]);
  });
});
