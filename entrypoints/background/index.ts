import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { handle } from '@/utils/messaging';
import { getPanelContext, getStatus } from '@/utils/background/status';
import { restrictStorageToTrustedContexts } from '@/utils/background/storage-access';

export default defineBackground(() => {
  // Listeners are registered synchronously, first thing: a worker woken by a message must
  // find its handler in place (see README, "Service worker").
  handle('ping', () => ({ version: browser.runtime.getManifest().version, sandbox: __SANDBOX__ !== null }));
  handle('getPanelContext', () => getPanelContext());
  handle('getStatus', () => getStatus());

  void restrictStorageToTrustedContexts();
});
