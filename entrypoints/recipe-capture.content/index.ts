import { defineContentScript } from 'wxt/utils/define-content-script';
import { installPageCapture } from '@/utils/tms/recipe/capture-page';

/**
 * The capture script (recipes.md § 3.6): in the page's own world, before the TMS's scripts,
 * so it sees the TMS's first API answers. Registered at run time by the background, only for
 * sites whose recipe captures (tms-sites.ts); read-only, see capture-page.ts.
 */
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    installPageCapture(window);
  },
});
