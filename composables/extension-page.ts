/**
 * Mounts one of the extension's own pages (options, invoice book): Pinia, the i18n plugin and
 * the settings store, with the page's language following the settings (also when the user
 * switches it while the page is open).
 */
import { createApp, watch, type Component } from 'vue';
import { createPinia } from 'pinia';
import { browser } from 'wxt/browser';
import { createI18n } from './i18n';
import { useSettingsStore } from './settings';
import { resolveLocale, type MessageKey } from '@/utils/i18n/translate';

export function mountExtensionPage(root: Component, options: { title?: MessageKey } = {}): void {
  const app = createApp(root);
  const pinia = createPinia();
  app.use(pinia);
  const i18n = createI18n();
  app.use(i18n);

  const settings = useSettingsStore(pinia);
  const follow = (language: typeof settings.settings.language) => {
    i18n.locale.value = resolveLocale(language, browser.i18n.getUILanguage());
    document.documentElement.lang = i18n.locale.value;
    if (options.title) document.title = `${i18n.t.value(options.title)} · Frachtbeleg`;
  };
  void settings.load().then(() => follow(settings.settings.language));
  watch(() => settings.settings.language, follow);
  app.mount('#app');
}
