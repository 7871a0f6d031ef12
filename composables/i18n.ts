import { computed, inject, ref, shallowRef, type InjectionKey, type Ref } from 'vue';
import { createTranslator, flattenCatalog, intlLocale, translatorFrom, type FlatTexts, type Locale, type Translate } from '@/utils/i18n/translate';
import { ACTION_TEXTS } from '@/utils/i18n/action-texts';

export interface I18n {
  locale: Ref<Locale>;
  t: Ref<Translate>;
  /** BCP 47 tag for Intl formatting. */
  intl: Ref<string>;
}

type Installable<T> = T & { install: (app: { provide: (k: symbol, v: unknown) => void }) => void };

const key: InjectionKey<I18n> = Symbol('i18n');

function installable<T extends I18n>(i18n: T): Installable<T> {
  return Object.assign(i18n, { install: (app: { provide: (k: symbol, v: unknown) => void }) => app.provide(key as symbol, i18n) });
}

/** For extension pages: all texts bundled. */
export function createI18n(initial: Locale = 'en'): Installable<I18n> {
  const locale = ref<Locale>(initial);
  return installable({
    locale,
    t: computed(() => createTranslator(locale.value)),
    intl: computed(() => intlLocale(locale.value)),
  });
}

/**
 * For the content script, which bundles only the action texts: the rest arrives from the
 * background in the user's language (`setTexts`), so TMS tabs do not carry both catalogs.
 */
export function createRemoteI18n(initial: Locale): Installable<I18n & { setTexts: (locale: Locale, texts: FlatTexts) => void }> {
  const locale = ref<Locale>(initial);
  const texts = shallowRef<FlatTexts>({});
  const actions = computed(() => flattenCatalog({ action: ACTION_TEXTS[locale.value] }));
  return installable({
    locale,
    t: computed(() => translatorFrom(locale.value, texts.value, actions.value)),
    intl: computed(() => intlLocale(locale.value)),
    setTexts(next: Locale, received: FlatTexts) {
      locale.value = next;
      texts.value = received;
    },
  });
}

export function useI18n(): I18n {
  const i18n = inject(key);
  if (!i18n) throw new Error('useI18n() needs an i18n installed on the app');
  return i18n;
}
