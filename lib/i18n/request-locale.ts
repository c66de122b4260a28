import { cookies, headers } from 'next/headers';
import { LOCALE_COOKIE, resolveLocale, type Locale } from '@/lib/i18n/locale';

/** The locale of the page being rendered: the language switch's cookie, else the browser's. */
export async function requestLocale(): Promise<Locale> {
  const cookieLocale = (await cookies()).get(LOCALE_COOKIE)?.value;
  return resolveLocale(cookieLocale, (await headers()).get('accept-language'));
}
