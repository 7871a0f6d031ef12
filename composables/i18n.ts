import { computed, inject, ref, type InjectionKey, type Ref } from 'vue';
import { createTranslator, intlLocale, type Locale, type Translate } from '@/utils/i18n/translate';

export interface I18n {
  locale: Ref<Locale>;
  t: Ref<Translate>;
  /** BCP 47 tag for Intl formatting. */
  intl: Ref<string>;
}

const key: InjectionKey<I18n> = Symbol('i18n');

export function createI18n(initial: Locale = 'en'): I18n & { install: (app: { provide: (k: symbol, v: unknown) => void }) => void } {
  const locale = ref<Locale>(initial);
  const i18n: I18n = {
    locale,
    t: computed(() => createTranslator(locale.value)),
    intl: computed(() => intlLocale(locale.value)),
  };
  return { ...i18n, install: (app) => app.provide(key as symbol, i18n) };
}

export function useI18n(): I18n {
  const i18n = inject(key);
  if (!i18n) throw new Error('useI18n() needs createI18n() installed on the app');
  return i18n;
}
