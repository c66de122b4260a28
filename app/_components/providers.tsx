'use client';

import { App, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { SWRConfig } from 'swr';
import { fetcher } from '@/lib/client/api-client';
import type { Locale } from '@/lib/i18n/locale';
import { I18nProvider } from './i18n-provider';

export function Providers({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1d6fdc', borderRadius: 6 } }}>
      <App>
        <SWRConfig value={{ fetcher, revalidateOnFocus: false }}>
          <I18nProvider locale={locale}>{children}</I18nProvider>
        </SWRConfig>
      </App>
    </ConfigProvider>
  );
}
