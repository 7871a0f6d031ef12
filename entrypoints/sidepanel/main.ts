import App from './App.vue';
import { mountExtensionPage } from '@/composables/extension-page';
import '@/components/builder/side-panel.css';

// The side panel draws the builder of one tab (popup: "Teach Frachtbeleg this TMS").
mountExtensionPage(App, { title: 'builderSidePanel.title' });
