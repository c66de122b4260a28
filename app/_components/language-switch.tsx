'use client';

import { Select } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import type { Locale } from '@/lib/i18n/locale';
import { useI18n } from './i18n-provider';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Select<Locale>
      aria-label={t('nav.language')}
      data-testid="language-switch"
      value={locale}
      onChange={setLocale}
      suffixIcon={<GlobalOutlined />}
      style={{ width: 120 }}
      options={[
        { value: 'zh-CN', label: '简体中文' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}
