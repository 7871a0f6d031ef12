import { defineConfig } from '@playwright/test';
import { sandboxConfig, sandboxOrigins } from './sandbox/config';

const origins = sandboxOrigins(sandboxConfig());

// One worker: the tests share the sandbox world and reset it between tests.
export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'npx tsx sandbox/main.ts',
    url: `${origins.tms}/__sandbox/requests`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
