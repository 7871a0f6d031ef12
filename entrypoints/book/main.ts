import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { browser } from 'wxt/browser';
import App from './App.vue';
import { createI18n } from '@/composables/i18n';
import { useSettingsStore } from '@/composables/settings';
import { resolveLocale } from '@/utils/i18n/translate';
import '@/components/extension-page.css';
import '@/components/book/book.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const i18n = createI18n();
app.use(i18n);

const settings = useSettingsStore(pinia);
void settings.load().then(() => {
  i18n.locale.value = resolveLocale(settings.settings.language, browser.i18n.getUILanguage());
  document.documentElement.lang = i18n.locale.value;
  document.title = `${i18n.t.value('book.title')} · Frachtbeleg`;
});
app.mount('#app');
