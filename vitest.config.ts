import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Two projects: the extension (happy-dom, WXT's fake browser, Vue SFCs) and the sandbox
// servers (plain Node). End-to-end tests live in tests/e2e and run under Playwright.
// `npm test` runs these beside the end-to-end tests at a lower CPU priority, so a test can
// wait for the CPU for a while: 20 s instead of 5 s before a test counts as hung. Set per
// project, as the pool is: inline projects don't inherit the root's test options.
const patience = { testTimeout: 20_000, hookTimeout: 20_000 };

export default defineConfig({
  test: {
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
