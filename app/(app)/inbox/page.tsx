'use client';

import { useState } from 'react';
import Link from 'next/link';
import useSWR from 'swr';
import dayjs from 'dayjs';
import { Card, Drawer, List, Space, Tabs, Tag, Typography } from 'antd';
import type { ApprovalView } from '@/lib/approvals/approval.types';
import { ApprovalCard, APPROVAL_COLORS } from '../../_components/automation/approval-panel';
import { useI18n } from '../../_components/i18n-provider';

type Box = 'waiting' | 'submitted' | 'done';

/** The to-do inbox: approvals waiting for me, those I submitted, those I decided. */
export default function InboxPage() {
  const { t } = useI18n();
  const [box, setBox] = useState<Box>('waiting');
  // The approval opened in the drawer; after a decision it shows the answer, even when it leaves this box.
  const [selected, setSelected] = useState<ApprovalView | null>(null);
  const { data, mutate } = useSWR<{ items: ApprovalView[] }>(`/api/approvals?box=${box}`, { refreshInterval: 20_000 });
  return (
    <Card title={t('inbox.title')}>
      <Tabs
        activeKey={box}
        onChange={(key) => setBox(key as Box)}
        items={(['waiting', 'submitted', 'done'] as Box[]).map((key) => ({ key, label: <span data-testid={`inbox-${key}`}>{t(`inbox.${key}`)}</span> }))}
      />
      <List
        loading={!data}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('inbox.empty') }}
        renderItem={(item) => (
          <List.Item
            data-testid="inbox-item"
            onClick={() => setSelected(item)}
            style={{ cursor: 'pointer' }}
            actions={[
              <Link key="record" prefetch={false} href={`/records/${item.entity}/${item.recordId}`} onClick={(event) => event.stopPropagation()}>
                {t('approvals.record')}
              </Link>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space>
                  <Typography.Text strong>{item.title}</Typography.Text>
                  <Tag color={APPROVAL_COLORS[item.status]}>{t(`approvals.status.${item.status}`)}</Tag>
                </Space>
              }
              description={`${t('approvals.submitter')}: ${item.submitter.name} · ${dayjs(item.createdAt).format('YYYY-MM-DD HH:mm')}`}
            />
          </List.Item>
        )}
      />
      <Drawer open={Boolean(selected)} onClose={() => setSelected(null)} size="large" title={t('approvals.title')}>
        {selected && (
          <ApprovalCard
            approval={selected}
            onChanged={(next) => {
              if (next) setSelected(next);
              void mutate();
            }}
          />
        )}
      </Drawer>
    </Card>
  );
}
