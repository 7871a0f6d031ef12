import App from './App.vue';
import { mountExtensionPage } from '@/composables/extension-page';
import '@/components/extension-page.css';

mountExtensionPage(App);
