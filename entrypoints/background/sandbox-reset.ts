/**
 * Sandbox builds only: puts the extension back to the state of a fresh install, so the E2E
 * suite can share one browser per test file instead of starting Chromium for every test.
 * The test fixture calls it from the service worker, then stops the worker, so that what
 * the old worker held in memory goes with it. Production builds never reach this module:
 * its only caller sits behind `__SANDBOX__`.
 */
import { browser } from 'wxt/browser';
import { seedSandboxSite } from './handlers/tms-sites';

/** The name the E2E fixture calls on the worker's global object. */
export const SANDBOX_RESET_GLOBAL = '__frachtbelegResetForTests';
/** The name the E2E suite calls to run the automatic drafts' alarm pass at once. */
export const AUTO_DRAFTS_TEST_GLOBAL = '__frachtbelegAutoDraftsNow';

export async function resetToFreshInstall(tmsOrigin: string): Promise<void> {
  await Promise.all([browser.storage.local.clear(), browser.storage.session.clear(), browser.storage.sync.clear()]);
  await browser.alarms.clearAll();
  if ((await browser.scripting.getRegisteredContentScripts()).length > 0) await browser.scripting.unregisterContentScripts();
  await browser.action.setBadgeText({ text: '' });
  await Promise.all((await indexedDB.databases()).map((db) => (db.name ? deleteDatabase(db.name) : undefined)));
  await seedSandboxSite(tmsOrigin);
}

/** Resolves once the database is gone. Dexie closes its own connection on "versionchange". */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
  });
}
