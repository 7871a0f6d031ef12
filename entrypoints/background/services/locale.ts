import { browser } from 'wxt/browser';
import { resolveLocale, type Locale } from '@/utils/i18n/translate';
import { settingsItem } from '@/utils/storage';

/** The UI language for every context: the setting, or the browser's language. */
export async function currentLocale(): Promise<Locale> {
  const settings = await settingsItem.get();
  return resolveLocale(settings.language, browser.i18n.getUILanguage());
}
