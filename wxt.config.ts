import { defineConfig } from 'wxt';
import { sandboxConfig, sandboxOrigins } from './sandbox/config';

/** The real billing hosts. The production build may talk to these and nothing else. */
const PRODUCTION_HOSTS = ['https://api.lexware.io/*', 'https://my.sevdesk.de/*'];

// `wxt build --mode sandbox` points every billing URL at the local emulators and lets the
// content script run on the demo TMS. Every other mode is a production build.
export default defineConfig({
  modules: ['@wxt-dev/module-vue', '@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: ({ mode, browser }) => {
    const sandbox = mode === 'sandbox' ? sandboxOrigins(sandboxConfig()) : null;
    return {
      ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'frachtbeleg@frachtbeleg.app', strict_min_version: '115.0' } } } : {}),
      name: '__MSG_extName__',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      permissions: ['storage', 'alarms'],
      host_permissions: sandbox
        ? [`${sandbox.tms}/*`, `${sandbox.lexware}/*`, `${sandbox.sevdesk}/*`]
        : PRODUCTION_HOSTS,
      content_security_policy: {
        extension_pages: "script-src 'self'; object-src 'self'; base-uri 'none'; frame-ancestors 'none'",
      },
    };
  },
  vite: (env) => ({
    define: {
      __SANDBOX__: JSON.stringify(env.mode === 'sandbox' ? sandboxOrigins(sandboxConfig()) : null),
    },
  }),
  hooks: {
    'build:manifestGenerated': (wxt, manifest) => {
      // The content script is registered at run time for the sites the user grants. The
      // sandbox build also declares it for the demo TMS so the demo works without setup.
      if (wxt.config.mode !== 'sandbox') return;
      const { tms } = sandboxOrigins(sandboxConfig());
      manifest.content_scripts = [{ matches: [`${tms}/*`], js: ['content-scripts/tms.js'], run_at: 'document_idle' }];
    },
  },
  zip: {
    excludeSources: ['test-results/**', 'playwright-report/**', 'demo-screenshots/**', 'bench-results/**', '**/*.log', '.tmp/**', 'coverage/**'],
  },
});
