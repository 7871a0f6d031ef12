import { onMounted, onUnmounted, ref } from 'vue';
import { linksItem, type Links } from '@/utils/storage';
import { buildLinksFile, countLinks, linksFileName, mergeLinks } from '@/utils/linking/transfer';

export type LinkCounts = ReturnType<typeof countLinks>;

const countsOf = (links: Links): LinkCounts => countLinks(links);

/**
 * The stored customer links as the options page moves them between PCs: how many there are
 * (kept current while the page is open), the export file, and the all-or-nothing import.
 */
export function useLinkFile() {
  const counts = ref<LinkCounts | null>(null);

  async function refresh() {
    counts.value = countsOf(await linksItem.get());
  }

  let unwatch: (() => void) | undefined;
  onMounted(async () => {
    // Links made meanwhile in the popup or a preview show up here too.
    unwatch = linksItem.watch((links) => (counts.value = countsOf(links)));
    await refresh();
  });
  onUnmounted(() => unwatch?.());

  /** Every stored link as a dated JSON file. */
  async function exportFile(now: Date): Promise<{ name: string; text: string; count: number }> {
    const links = await linksItem.get();
    return {
      name: linksFileName(now),
      text: `${JSON.stringify(buildLinksFile(links, now), null, 2)}\n`,
      count: countLinks(links).total,
    };
  }

  /**
   * Stores imported links in one validated write: either every one is stored or none. An
   * imported link replaces the link of the same customer; returns how many it replaced.
   */
  async function importLinks(imported: Links): Promise<{ replaced: number }> {
    let replaced = 0;
    await linksItem.update((current) => {
      const merged = mergeLinks(current, imported);
      replaced = merged.replaced;
      return merged.links;
    });
    return { replaced };
  }

  return { counts, refresh, exportFile, importLinks };
}
