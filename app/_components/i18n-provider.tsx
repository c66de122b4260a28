'use client';

import { createContext, useContext, useMemo } from 'react';
import { useRouter } from 'next/navigation';
import { LOCALE_COOKIE, pick, type Locale, type LocalizedText } from '@/lib/i18n/locale';
import { translator, type Translate } from '@/lib/i18n/messages';

interface I18n {
  locale: Locale;
  t: Translate;
  /** Picks the user's language from text an admin wrote in both. */
  text: (value: LocalizedText | string | undefined) => string;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  const router = useRouter();
  const value = useMemo<I18n>(
    () => ({
      locale,
      t: translator(locale),
      text: (text) => pick(text, locale),
      setLocale: (next) => {
        document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
        router.refresh();
      },
    }),
    [locale, router],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
