import { defineContentScript } from 'wxt/utils/define-content-script';

export default defineContentScript({
  matches: [],
  registration: 'runtime',
  cssInjectionMode: 'ui',
  main() {
    console.info('tms content script');
  },
});
