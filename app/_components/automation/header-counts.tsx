'use client';

import Link from 'next/link';
import useSWR from 'swr';
import { Badge, Button, Tooltip } from 'antd';
import { BellOutlined, CheckSquareOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n-provider';

/** The header's bell (unread notifications) and to-do (approvals waiting for me), refreshed every 20 s; `compact` (a phone) drops the to-do's words. */
export function HeaderCounts({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const { data } = useSWR<{ notifications: number; approvals: number }>('/api/me/counts', { refreshInterval: 20_000 });
  const approvals = data?.approvals ?? 0;
  const notifications = data?.notifications ?? 0;
  return (
    <>
      <Tooltip title={t('header.inbox', { count: approvals })}>
        <Link href="/inbox" prefetch={false} data-testid="header-inbox">
          <Badge count={approvals} size="small" data-testid="header-inbox-count">
            <Button type="text" icon={<CheckSquareOutlined />} aria-label={t('nav.inbox')}>
              {compact ? null : t('nav.inbox')}
            </Button>
          </Badge>
        </Link>
      </Tooltip>
      <Tooltip title={t('header.notifications', { count: notifications })}>
        <Link href="/notifications" prefetch={false} data-testid="header-bell">
          <Badge count={notifications} size="small" data-testid="header-bell-count">
            <Button type="text" icon={<BellOutlined />} aria-label={t('nav.notifications')} />
          </Badge>
        </Link>
      </Tooltip>
    </>
  );
}
