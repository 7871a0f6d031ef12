import { browser } from 'wxt/browser';

/**
 * Closes storage.local to content scripts, so no web page's process can read API keys or
 * customer data. Chromium supports this; Firefox does not (see README, "Security").
 */
export async function restrictStorageToTrustedContexts(): Promise<void> {
  const local = browser.storage.local as typeof browser.storage.local & {
    setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }) => Promise<void>;
  };
  if (typeof local.setAccessLevel !== 'function') return;
  try {
    await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch (error) {
    console.error('[frachtbeleg] could not restrict storage access', error instanceof Error ? error.message : error);
  }
}
