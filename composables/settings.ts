import { defineStore } from 'pinia';
import { ref } from 'vue';
import { DEFAULT_SETTINGS, settingsItem, type Settings } from '@/utils/storage';

/** Settings for trusted extension pages (options, popup); content scripts never see storage. */
export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings>(structuredClone(DEFAULT_SETTINGS));
  const loaded = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);

  async function load() {
    settings.value = await settingsItem.get();
    loaded.value = true;
  }

  async function save(next: Settings) {
    saving.value = true;
    error.value = null;
    try {
      await settingsItem.set(next);
      settings.value = await settingsItem.get();
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      saving.value = false;
    }
  }

  return { settings, loaded, saving, error, load, save };
});
