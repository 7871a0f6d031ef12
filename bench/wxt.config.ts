/**
 * The sandbox build for the benchmark: the project's own configuration, written to its own
 * directory (.output/bench/chrome-mv3-sandbox) so a benchmark never replaces the build the
 * end-to-end tests use. The sandbox ports come from the environment, as for every build.
 */
import { defineConfig } from 'wxt';
import base from '../wxt.config';

export default defineConfig({ ...base, outDir: '.output/bench' });
