import { onMounted, onUnmounted, ref } from 'vue';
import { storage } from 'wxt/utils/storage';
import { deleteQuarantined, QUARANTINE_KEY, readQuarantine, type QuarantineEntry } from '@/utils/storage';

/**
 * Stored entries that could not be read (kept aside raw, never overwritten): what the
 * options page shows, downloads and deletes. Secrets are listed redacted and never
 * downloaded.
 */
export function useQuarantine() {
  const entries = ref<QuarantineEntry[]>([]);
  let unwatch: (() => void) | undefined;

  async function load() {
    entries.value = await readQuarantine();
  }

  onMounted(() => {
    void load();
    unwatch = storage.watch(QUARANTINE_KEY, () => void load());
  });
  onUnmounted(() => unwatch?.());

  /** The entries as a JSON file (what they were, where they came from, why they failed). */
  function downloadFile(): { name: string; text: string } {
    const list = entries.value.filter((e) => !e.redacted).map(({ key, path, raw, reason, at }) => ({ key, path, raw, reason, at }));
    const day = new Date().toISOString().slice(0, 10);
    return { name: `frachtbeleg-unreadable-entries-${day}.json`, text: JSON.stringify(list, null, 2) };
  }

  async function remove() {
    await deleteQuarantined(entries.value.map((e) => e.id));
    await load();
  }

  return { entries, load, downloadFile, remove };
}
