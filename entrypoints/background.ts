import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';

export default defineBackground(() => {
  browser.runtime.onMessage.addListener((msg) => {
    return Promise.resolve({ ok: true, got: msg });
  });
});
