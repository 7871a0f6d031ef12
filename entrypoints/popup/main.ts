import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createI18n } from '@/composables/i18n';
import '@/components/popup/popup.css';

const app = createApp(App);
app.use(createPinia());
app.use(createI18n());
app.mount('#app');
