import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Two projects: the extension (happy-dom, WXT's fake browser, Vue SFCs) and the sandbox
// servers (plain Node). End-to-end tests live in tests/e2e and run under Playwright.
// A test on a loaded two-core machine can wait for the CPU for a while: 20 s instead of 5 s
// before it counts as hung. Set per project, as the pool is: inline projects don't inherit
// the root's test options.
const patience = { testTimeout: 20_000, hookTimeout: 20_000 };

export default defineConfig({
  test: {
    // vitest's default is one worker less than the cores: on CI's two cores, one. Two there
    // took 250 s instead of 330 s for the whole suite (the main thread mostly waits).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        // WxtVitest does not apply the Vue module's vite plugin, so vue() is added here.
        plugins: [WxtVitest(), vue()],
        define: { __SANDBOX__: 'null' },
        test: {
          name: 'extension',
          ...patience,
          // Worker threads rather than child processes: about a fifth less time for the whole
          // suite on two cores (326 s against 396 s), each file still isolated.
          pool: 'threads',
          environment: 'happy-dom',
          include: ['utils/**/*.test.ts', 'components/**/*.test.ts', 'composables/**/*.test.ts', 'entrypoints/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          setupFiles: ['tests/setup/extension.ts'],
          restoreMocks: true,
        },
      },
      {
        test: {
          name: 'sandbox',
          ...patience,
          pool: 'threads',
          environment: 'node',
          include: ['sandbox/**/*.test.ts', 'tests/sandbox/**/*.test.ts', 'tests/tooling/**/*.test.ts'],
        },
      },
    ],
  },
});
