/**
 * The TMS adapters the extension ships: the one list the content script (page half) and the
 * background (write-back half) both ask. A TMS site names the adapter that serves it; an id
 * with no entry here is reported as 'adapter-missing', never skipped silently.
 *
 * Adding an adapter: its folder under utils/tms/ (page adapter, write-back, fixtures with
 * expected orders), its id in utils/domain/ids.ts, one entry here. The meta-test
 * (registry.test.ts) checks folders, ids and fixtures.
 */
import type { AdapterId } from '../domain/ids';
import type { TmsPageAdapter, TmsWriteBack } from './adapter';
import { demoTmsAdapter } from './demo/page-adapter';
import { createDemoWriteBack } from './demo/write-back';

export interface AdapterEntry {
  id: AdapterId;
  /** The folder under utils/tms/ that holds the adapter and its fixtures. */
  folder: string;
  page: TmsPageAdapter;
  writeBack: () => TmsWriteBack;
}

export const ADAPTERS: Readonly<Record<AdapterId, AdapterEntry>> = {
  'demo-tms': { id: 'demo-tms', folder: 'demo', page: demoTmsAdapter, writeBack: createDemoWriteBack },
};

export const ADAPTER_LIST: readonly AdapterEntry[] = Object.values(ADAPTERS);

/** The adapter registered under an id (from a site entry or a job), or undefined. */
export function adapterEntry(id: string): AdapterEntry | undefined {
  return Object.hasOwn(ADAPTERS, id) ? ADAPTERS[id as AdapterId] : undefined;
}
