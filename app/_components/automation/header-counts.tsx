'use client';

import Link from 'next/link';
import useSWR from 'swr';
import { Badge, Button, Tooltip } from 'antd';
import { BellOutlined, CheckSquareOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n-provider';

/** The header's bell (unread notifications) and to-do (approvals waiting for me), refreshed every 20 s. */
export function HeaderCounts() {
  const { t } = useI18n();
  const { data } = useSWR<{ notifications: number; approvals: number }>('/api/me/counts', { refreshInterval: 20_000 });
  const approvals = data?.approvals ?? 0;
  const notifications = data?.notifications ?? 0;
  return (
    <>
      <Tooltip title={t('header.inbox', { count: approvals })}>
        <Link href="/inbox" data-testid="header-inbox">
          <Badge count={approvals} size="small" data-testid="header-inbox-count">
            <Button type="text" icon={<CheckSquareOutlined />} aria-label={t('nav.inbox')}>
              {t('nav.inbox')}
            </Button>
          </Badge>
        </Link>
      </Tooltip>
      <Tooltip title={t('header.notifications', { count: notifications })}>
        <Link href="/notifications" data-testid="header-bell">
          <Badge count={notifications} size="small" data-testid="header-bell-count">
            <Button type="text" icon={<BellOutlined />} aria-label={t('nav.notifications')} />
          </Badge>
        </Link>
      </Tooltip>
    </>
  );
}
