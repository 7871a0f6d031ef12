import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setRetrySleep } from '@/utils/messaging';

// Each test starts with empty storage and no listeners left over from the last one.
beforeEach(async () => {
  fakeBrowser.reset();
  // A message repeated after a (simulated) worker stop is repeated at once, not after seconds.
  setRetrySleep(() => Promise.resolve());
  // An empty IndexedDB and a book opened anew (Dexie keeps the factory it found at load).
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  // Imported here, not at the top: the background's modules must load after WXT's fake browser.
  (await import('@/entrypoints/background/services/book')).forgetInvoiceBook();
});
