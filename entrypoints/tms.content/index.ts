import { defineContentScript } from 'wxt/utils/define-content-script';
import { startTmsPage } from './page';
import { demoTmsAdapter } from '@/utils/tms/demo/page-adapter';

export default defineContentScript({
  // Registered at run time for the TMS sites the user grants; the sandbox build declares it
  // for the demo TMS in wxt.config.ts.
  matches: [],
  registration: 'runtime',
  // The panel's CSS is inlined into its shadow roots: no web-accessible resource needed.
  cssInjectionMode: 'manual',
  main(ctx) {
    startTmsPage(ctx, [demoTmsAdapter]);
  },
});
