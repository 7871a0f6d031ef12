import type { ResponseOf } from '@/utils/messaging';
import { secretsItem, settingsItem } from '@/utils/storage';
import { currentLocale } from '../services/locale';
import { panelTexts } from '@/utils/i18n/translate';

export async function connectionState(): Promise<ResponseOf<'getStatus'>['connection']> {
  const [settings, secrets] = await Promise.all([settingsItem.get(), secretsItem.get()]);
  return { provider: settings.provider, configured: secrets[settings.provider] !== undefined };
}

export async function getStatus(): Promise<ResponseOf<'getStatus'>> {
  return { locale: await currentLocale(), connection: await connectionState() };
}

export async function getPanelContext(): Promise<ResponseOf<'getPanelContext'>> {
  const [locale, connection, settings] = await Promise.all([currentLocale(), connectionState(), settingsItem.get()]);
  return { locale, connection, unitName: settings.invoice.unitName, texts: panelTexts(locale) };
}
