/**
 * Sandbox builds only: puts the extension back to the state of a fresh install, so the E2E
 * suite can share one browser per test file instead of starting Chromium for every test.
 * The test fixture calls it from the service worker, then stops the worker, so that what
 * the old worker held in memory goes with it. Production builds never reach this module:
 * its only caller sits behind `__SANDBOX__`.
 */
import { browser } from 'wxt/browser';
import type { EInvoiceSettings } from '@/utils/domain/settings';
import { pendingApiKeyItem, settingsItem } from '@/utils/storage';
import { saveApiKey } from './handlers/api-keys';
import { seedSandboxSite } from './handlers/tms-sites';

/** The name the E2E fixture calls on the worker's global object. */
export const SANDBOX_RESET_GLOBAL = '__frachtbelegResetForTests';
/** The name the E2E suite calls to connect Lexware Office without the options page (see below). */
export const CONNECT_TEST_GLOBAL = '__frachtbelegConnectForTests';
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

/**
 * What the E2E suite's `connect()` does in the options page for Lexware Office, in one call
 * and the same way: the key handed over as the options page hands it (`pendingApiKey`, then
 * `saveApiKey`, which tests it against the emulator before keeping it), and the company data
 * for e-invoices stored as the options' form stores it. The suite's own options-page tests
 * still go through the page; the other tests save 2 s each.
 */
export async function connectForTests(apiKey: string, seller: NonNullable<EInvoiceSettings['seller']>): Promise<string> {
  await pendingApiKeyItem.set({ provider: 'lexware', apiKey });
  const saved = await saveApiKey({ provider: 'lexware' });
  if (!saved.ok) throw new Error(`the key was refused: ${saved.error.message}`);
  const settings = await settingsItem.get();
  await settingsItem.set({ ...settings, invoice: { ...settings.invoice, eInvoice: { issue: settings.invoice.eInvoice?.issue ?? true, seller } } });
  return saved.companyName;
}
