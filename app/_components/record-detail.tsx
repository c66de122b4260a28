'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import useSWR from 'swr';
import { Alert, App, Button, Card, Dropdown, Popconfirm, Space, Tabs, Typography } from 'antd';
import { AuditOutlined, DeleteOutlined, EditOutlined, HistoryOutlined, LockOutlined, PrinterOutlined, ProfileOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { RecordView } from '@/lib/records/record.types';
import { ApprovalPanel, type RecordApprovals } from './automation/approval-panel';
import { useI18n } from './i18n-provider';
import { RecordActions } from './record-actions';
import { useEntity } from './use-entity';
import { HistoryTimeline } from './views/history-timeline';
import { RecordSections, RetiredFields } from './views/record-sections';
import { RelatedRecords } from './views/related-records';
import { useMe } from './views/use-me';

export function RecordDetail({ entityKey, id }: { entityKey: string; id: string }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const me = useMe();
  const { data: def } = useEntity(entityKey);
  const { data: record, error, mutate } = useSWR<RecordView>(`/api/records/${entityKey}/${id}`);
  const { data: approvals, mutate: mutateApprovals } = useSWR<RecordApprovals>(`/api/records/${entityKey}/${id}/approvals`, { refreshInterval: 15_000 });

  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  if (!def || !record) return <Card loading />;

  // The server says what this person may do with this record (lib/permissions).
  const mayEdit = !record.deletedAt && record.can?.update === true;
  const mayDelete = !record.deletedAt && record.can?.delete === true;
  // Held by a pending approval: nobody edits it, except an admin who overrides (recorded).
  const locked = Boolean(approvals?.locked);
  const isAdmin = me?.admin === true;

  async function remove() {
    try {
      await api(`/api/records/${entityKey}/${id}`, { method: 'DELETE' });
      message.success(t('views.detail.movedToTrash'));
      router.push(`/records/${entityKey}`);
    } catch (failure) {
      message.error((failure as Error).message);
    }
  }

  return (
    <Card
      title={
        <span>
          {text(def.label)}: <span data-testid="record-title">{record.display}</span>
        </span>
      }
      extra={
        <Space>
          <RecordActions def={def} record={record} me={me} onDone={() => void mutate()} />
          {(def.printTemplates?.length ?? 0) > 0 && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: def.printTemplates!.map((template) => ({ key: template.key, label: <span data-testid={`record-print-${template.key}`}>{text(template.label)}</span> })),
                onClick: ({ key }) => router.push(`/print/${entityKey}/${id}?template=${encodeURIComponent(key)}`),
              }}
            >
              <Button icon={<PrinterOutlined />} data-testid="record-print">
                {t('print.button')}
              </Button>
            </Dropdown>
          )}
          <Link prefetch={false} href={`/records/${entityKey}/${id}/edit`} onClick={(event) => (locked || !mayEdit) && event.preventDefault()}>
            <Button icon={locked ? <LockOutlined /> : <EditOutlined />} data-testid="record-edit" disabled={!mayEdit || locked}>
              {t('common.edit')}
            </Button>
          </Link>
          {locked && isAdmin && mayEdit && (
            <Popconfirm title={t('approvals.overrideConfirm')} onConfirm={() => router.push(`/records/${entityKey}/${id}/edit?overrideLock=1`)} okText={t('common.yes')} cancelText={t('common.no')}>
              <Button danger data-testid="record-edit-override">
                {t('approvals.overrideEdit')}
              </Button>
            </Popconfirm>
          )}
          {mayDelete && (
            <Popconfirm title={t('views.detail.confirmDelete')} onConfirm={() => void remove()} okText={t('common.yes')} cancelText={t('common.no')}>
              <Button danger icon={<DeleteOutlined />} data-testid="record-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      {record.deletedAt && <Alert type="warning" showIcon title={t('views.detail.inTrash')} style={{ marginBottom: 16 }} />}
      {locked && <Alert type="info" showIcon icon={<LockOutlined />} title={t('approvals.lockedHint')} style={{ marginBottom: 16 }} data-testid="record-locked" />}
      <Tabs
        items={[
          {
            key: 'details',
            label: t('record.details'),
            icon: <ProfileOutlined />,
            children: (
              <>
                <RecordSections def={def} record={record} />
                <RetiredFields record={record} />
                <RelatedRecords entityKey={entityKey} id={id} />
              </>
            ),
          },
          {
            key: 'approvals',
            label: <span data-testid="record-approvals">{t('approvals.panel')}{approvals?.items.length ? ` (${approvals.items.length})` : ''}</span>,
            icon: <AuditOutlined />,
            children: (
              <ApprovalPanel
                data={approvals}
                onChanged={() => {
                  void mutateApprovals();
                  void mutate();
                }}
              />
            ),
          },
          {
            key: 'history',
            label: <span data-testid="record-history">{t('views.history.title')}</span>,
            icon: <HistoryOutlined />,
            children: <HistoryTimeline def={def} id={id} />,
          },
        ]}
      />
    </Card>
  );
}
