'use client';

import Link from 'next/link';
import { Button, Result } from 'antd';
import { useI18n } from './i18n-provider';

/** The page a role may not open: said plainly, with the way home. */
export function NoPermission() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title={t('noPermission.title')}
      subTitle={t('noPermission.subtitle')}
      data-testid="no-permission"
      extra={
        <Link href="/" prefetch={false}>
          <Button type="primary">{t('noPermission.home')}</Button>
        </Link>
      }
    />
  );
}
