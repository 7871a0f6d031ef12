/**
 * The sandbox build for CPU profiles (bench/profile.ts): as bench/wxt.config.ts, but not
 * minified, so profiles name the product's functions. Never used for the benchmark's figures.
 */
import { defineConfig } from 'wxt';
import base from '../wxt.config';

const baseVite = base.vite;

export default defineConfig({
  ...base,
  outDir: '.output/bench-profile',
  vite: async (env) => ({ ...(typeof baseVite === 'function' ? await baseVite(env) : {}), build: { minify: false } }),
});
