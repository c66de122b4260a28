'use client';

import { useState } from 'react';
import useSWR from 'swr';
import dayjs from 'dayjs';
import { Button, Card, DatePicker, Select, Space, Table, Typography } from 'antd';
import { AUDIT_ACTIONS, type AuditEventView } from '@/lib/audit/audit.types';
import type { PublicUser } from '@/lib/users/user.types';
import { useI18n } from '../../../_components/i18n-provider';

const GROUPS = [...new Set(AUDIT_ACTIONS.map((action) => action.split('.')[0]))];

/** Who did what, when and from where: sign-ins, changes to people and permissions, tokens, exports, imports, templates. */
export default function AuditPage() {
  const { t } = useI18n();
  const [action, setAction] = useState<string>();
  const [actorId, setActorId] = useState<string>();
  const [range, setRange] = useState<[dayjs.Dayjs | null, dayjs.Dayjs | null] | null>(null);
  const [before, setBefore] = useState<string[]>([]);
  const params = new URLSearchParams({
    ...(action ? { action } : {}),
    ...(actorId ? { actorId } : {}),
    ...(range?.[0] ? { from: range[0].startOf('day').toISOString() } : {}),
    ...(range?.[1] ? { to: range[1].endOf('day').toISOString() } : {}),
    ...(before.length > 0 ? { before: before[before.length - 1] } : {}),
  });
  const { data, isLoading } = useSWR<{ items: AuditEventView[]; next: string | null }>(`/api/audit?${params}`, { keepPreviousData: true });
  const { data: users } = useSWR<{ items: PublicUser[] }>('/api/users');
  const reset = () => setBefore([]);
  const groupLabel = (group: string) => t(`audit.group.${group}` as Parameters<typeof t>[0]);

  return (
    <Card title={t('audit.title')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          style={{ width: 220 }}
          placeholder={t('audit.allActions')}
          data-testid="audit-action"
          value={action}
          onChange={(value) => { setAction(value); reset(); }}
          options={GROUPS.map((group) => ({ label: groupLabel(group), options: [{ value: group, label: `${groupLabel(group)} (*)` }, ...AUDIT_ACTIONS.filter((item) => item.startsWith(`${group}.`)).map((item) => ({ value: item, label: item }))] }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 240 }}
          placeholder={t('audit.actor')}
          value={actorId}
          onChange={(value) => { setActorId(value); reset(); }}
          options={(users?.items ?? []).map((user) => ({ value: user.id, label: `${user.name} <${user.email}>` }))}
        />
        <DatePicker.RangePicker value={range} onChange={(value) => { setRange(value as [dayjs.Dayjs | null, dayjs.Dayjs | null] | null); reset(); }} />
      </Space>
      <Table<AuditEventView>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', width: 170, render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss') },
          { title: t('audit.actor'), dataIndex: 'actorName', render: (name: string, event) => name || (event.details?.email as string) || '—' },
          { title: t('audit.action'), dataIndex: 'action', render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
          { title: t('audit.target'), dataIndex: 'target', render: (target: AuditEventView['target']) => (target ? `${target.kind} ${target.name ?? target.id}` : '—') },
          { title: t('audit.address'), dataIndex: 'address', render: (address: string | null, event) => <span title={event.userAgent ?? ''}>{address ?? '—'}</span> },
          {
            title: t('audit.details'),
            dataIndex: 'details',
            render: (details: AuditEventView['details']) =>
              details ? (
                <Typography.Text type="secondary" ellipsis={{ tooltip: JSON.stringify(details, null, 2) }} style={{ maxWidth: 360, display: 'inline-block' }}>
                  {JSON.stringify(details)}
                </Typography.Text>
              ) : null,
          },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        {before.length > 0 && <Button onClick={() => setBefore(before.slice(0, -1))}>{t('common.back')}</Button>}
        {data?.next && (
          <Button data-testid="audit-more" onClick={() => setBefore([...before, data.next!])}>
            {t('audit.more')}
          </Button>
        )}
      </Space>
    </Card>
  );
}
