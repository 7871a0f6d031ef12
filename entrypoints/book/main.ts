import App from './App.vue';
import { mountExtensionPage } from '@/composables/extension-page';
import '@/components/extension-page.css';
import '@/components/book/book.css';

mountExtensionPage(App, { title: 'book.title' });
