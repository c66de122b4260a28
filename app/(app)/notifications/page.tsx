'use client';

import { useState } from 'react';
import Link from 'next/link';
import useSWR, { useSWRConfig } from 'swr';
import dayjs from 'dayjs';
import { App, Button, Card, List, Segmented, Space, Switch, Tag, Typography } from 'antd';
import { api } from '@/lib/client/api-client';
import type { NotificationView } from '@/lib/notifications/notification.types';
import { useI18n } from '../../_components/i18n-provider';

/** The notification centre: newest first, unread marked, each linking to its record; email opt-in. */
export default function NotificationsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { mutate: refresh } = useSWRConfig();
  const [filter, setFilter] = useState<'unread' | 'all'>('unread');
  const { data, mutate } = useSWR<{ items: NotificationView[] }>(`/api/notifications${filter === 'unread' ? '?unread=1' : ''}`);
  const { data: settings, mutate: mutateSettings } = useSWR<{ emailNotifications: boolean; mailConfigured: boolean }>('/api/me/settings');

  async function markRead(ids?: string[]) {
    await api('/api/notifications/read', { method: 'POST', body: ids ? { ids } : {} });
    await mutate();
    await refresh('/api/me/counts');
  }

  async function setEmail(emailNotifications: boolean) {
    try {
      await mutateSettings(await api('/api/me/settings', { method: 'PUT', body: { emailNotifications } }), false);
      message.success(t('common.saved'));
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  return (
    <Card
      title={t('notifications.title')}
      extra={
        <Space wrap>
          <Segmented
            value={filter}
            onChange={(value) => setFilter(value as 'unread' | 'all')}
            options={[
              { value: 'unread', label: t('notifications.unread') },
              { value: 'all', label: t('notifications.all') },
            ]}
          />
          <Button onClick={() => void markRead()} data-testid="notifications-read-all">
            {t('notifications.markAllRead')}
          </Button>
        </Space>
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Switch checked={settings?.emailNotifications ?? false} disabled={!settings?.mailConfigured} onChange={(checked) => void setEmail(checked)} data-testid="notifications-email" />
        <Typography.Text>{t('notifications.email')}</Typography.Text>
        {settings && !settings.mailConfigured && <Typography.Text type="secondary">{t('notifications.emailUnavailable')}</Typography.Text>}
      </Space>
      <List
        loading={!data}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('notifications.empty') }}
        renderItem={(item) => (
          <List.Item
            data-testid="notification"
            actions={[
              item.link ? (
                <Link key="open" prefetch={false} href={`/records/${item.link.entity}/${item.link.recordId}`} onClick={() => void markRead([item.id])}>
                  {t('notifications.open')}
                </Link>
              ) : null,
              !item.read ? (
                <Button key="read" type="link" size="small" onClick={() => void markRead([item.id])}>
                  {t('notifications.markRead')}
                </Button>
              ) : null,
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space>
                  {!item.read && <Tag color="blue">{t('notifications.unread')}</Tag>}
                  <Typography.Text strong={!item.read}>{item.title}</Typography.Text>
                </Space>
              }
              description={
                <Space orientation="vertical" size={0}>
                  {item.message && <Typography.Text>{item.message}</Typography.Text>}
                  <Typography.Text type="secondary">{dayjs(item.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
