import { defineConfig, type WxtViteConfig } from 'wxt';
import { sandboxConfig, sandboxOrigins, sandboxTmsOrigins } from './sandbox/config';
// The real billing hosts, from the provider registry: the production build may talk to these and nothing else.
import { PRODUCTION_HOST_PERMISSIONS } from './utils/billing/registry';

/**
 * WXT sets process.env.NODE_ENV to the mode's name ("sandbox") in content-script builds.
 * The sandbox build is a production build pointed elsewhere; without this, Vue and Pinia
 * would ship their development and devtools code in it.
 */
type VitePlugin = Extract<NonNullable<WxtViteConfig['plugins']>[number], { name: string }>;

function productionNodeEnv(): VitePlugin {
  return {
    name: 'frachtbeleg:production-node-env',
    enforce: 'post',
    config: () => ({ define: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
  };
}


// `wxt build --mode sandbox` points every billing URL at the local emulators and lets the
// content script run on the demo TMS. Every other mode is a production build.
export default defineConfig({
  modules: ['@wxt-dev/module-vue', '@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: ({ mode, browser }) => {
    const sandbox = mode === 'sandbox' ? sandboxOrigins(sandboxConfig()) : null;
    // The TMSs built unlike the demo (issue #14) are granted in the sandbox build only.
    const sandboxTms = mode === 'sandbox' ? Object.values(sandboxTmsOrigins(sandboxConfig())).map((o) => `${o}/*`) : [];
    return {
      ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'frachtbeleg@frachtbeleg.app', strict_min_version: '115.0' } } } : {}),
      name: '__MSG_extName__',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      // scripting: register the content script for the TMS sites the user adds.
      permissions: ['storage', 'alarms', 'scripting'],
      // Asked for only when the user wants a notification about orders the automatic drafts
      // left for them (options); without it the badge and the run report still say so.
      optional_permissions: ['notifications'],
      // Each TMS site is granted one by one, when the user adds it in the options.
      optional_host_permissions: ['https://*/*', 'http://*/*'],
      host_permissions: sandbox
        ? [...Object.values(sandbox).map((origin) => `${origin}/*`), ...sandboxTms]
        : [...PRODUCTION_HOST_PERMISSIONS],
      content_security_policy: {
        extension_pages: "script-src 'self'; object-src 'self'; base-uri 'none'; frame-ancestors 'none'",
      },
    };
  },
  vite: (env) => ({
    define: {
      __SANDBOX__: JSON.stringify(env.mode === 'sandbox' ? sandboxOrigins(sandboxConfig()) : null),
      // Every component uses <script setup>: the Options API is dead weight.
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    plugins: env.command === 'build' ? [productionNodeEnv()] : [],
  }),
  hooks: {
    'vite:build:extendConfig': (entrypoints, viteConfig) => {
      // Extension pages and the background use webextension-polyfill. The content script runs
      // in every TMS tab, where page cost counts; Chrome's MV3 and Firefox's native APIs are
      // promise-based, so it uses them directly and saves the polyfill's weight.
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const alias = viteConfig.resolve?.alias;
      if (alias && !Array.isArray(alias)) delete (alias as Record<string, string>)['wxt/browser'];
    },
  },
  zip: {
    excludeSources: ['test-results/**', 'playwright-report/**', 'demo-screenshots/**', 'bench-results/**', '**/*.log', '.tmp/**', 'coverage/**'],
  },
});
