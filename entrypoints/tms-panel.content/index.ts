/**
 * The invoice panel's script: injected by the background (`loadPanel`) into a TMS tab when the
 * main content script first needs the panel, never registered for a site. It only installs
 * itself; the main script starts it with the page it already watches.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { installTmsPanel, tmsPanelModule } from '@/utils/tms/panel-handle';
import { startPanel } from './panel';

export default defineContentScript({
  matches: [],
  registration: 'runtime',
  cssInjectionMode: 'manual',
  main() {
    // A second injection into the same page keeps the first.
    if (!tmsPanelModule()) installTmsPanel({ start: startPanel });
  },
});
