import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

const FRAMEWORK = { group: ['vue', 'pinia'], message: 'utils/ is framework-free core.' };
const ROOMS_ABOVE = {
  group: ['@/entrypoints/*', '../entrypoints/*', '../../entrypoints/*', '@/components/*', '@/composables/*'],
  message: 'utils/ must not import from entrypoints, components or composables.',
};
const BROWSER = { group: ['wxt', 'wxt/*', 'webextension-polyfill', '@webext-core/*', '@wxt-dev/*'], message: 'utils/domain is pure: no browser code.' };
const BILLING_OR_TMS = {
  group: ['../billing', '../billing/*', '../tms', '../tms/*', '@/utils/billing', '@/utils/billing/*', '@/utils/tms', '@/utils/tms/*'],
  message: 'utils/domain imports nothing from billing or tms; they import from it.',
};
const STORAGE_OR_MESSAGING = {
  group: ['../storage', '../messaging', '@/utils/storage', '@/utils/messaging'],
  message: 'utils/domain owns the shapes; storage and messaging use them, not the other way round.',
};
const restrict = (files, patterns, paths = []) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns, paths }] },
});

/** The layer rules of architecture.md, so the next violation fails lint. */
function layerRules() {
  return [
    restrict(['utils/**/*.ts'], [FRAMEWORK, ROOMS_ABOVE]),
    restrict(['utils/domain/**/*.ts'], [FRAMEWORK, ROOMS_ABOVE, BROWSER, BILLING_OR_TMS, STORAGE_OR_MESSAGING]),
    restrict(['utils/messaging.ts'], [FRAMEWORK, ROOMS_ABOVE], [{ name: './storage', message: 'messaging and storage never import each other.' }]),
    restrict(['utils/storage.ts'], [FRAMEWORK, ROOMS_ABOVE], [{ name: './messaging', message: 'messaging and storage never import each other.' }]),
    // Components show state and emit intents: billing systems are reached through the
    // background, storage through composables (a type from utils/storage is fine). The
    // typescript-eslint rule is the core rule plus `allowTypeImports`.
    {
      files: ['components/**/*.vue', 'components/**/*.ts'],
      ignores: ['**/*.test.ts'],
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            patterns: [
              { group: ['@/utils/billing/*', '!@/utils/billing/registry'], message: 'Components never import billing code; ask a composable (names and help links: composables/providers).' },
              { group: ['@/utils/storage', '**/utils/storage'], allowTypeImports: true, message: 'Components never read or write storage; go through a composable (composables/). Type-only imports are fine.' },
            ],
          },
        ],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'demo-screenshots/**', 'bench-results/**', '.tmp/**', 'sandbox/tms/public/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Page text is untrusted: it is rendered as text, never as HTML.
      'vue/no-v-html': 'error',
      'vue/no-v-text-v-html-on-component': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'no-console': ['error', { allow: ['info', 'warn', 'error'] }],
    },
  },
  // The layers (see README "How it is built"): dependencies point down only. One block per
  // folder, each listing every restriction that applies there (a later block for the same
  // files would replace the rule's options, not add to them).
  ...layerRules(),
);
