'use client';

import { Alert, Button, Modal, Table, Tag } from 'antd';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';
import type { Impact, ImpactChange, ImpactChangeKind } from './designer-types';

const COLORS: Record<ImpactChangeKind, string> = { added: 'green', removed: 'red', retyped: 'orange', relabelled: 'blue', settings: 'gold' };

/** Shown when publishing would touch stored data: what changes, and how many records hold a value. */
export function PublishDialog({
  impact,
  def,
  published,
  busy,
  onConfirm,
  onCancel,
}: {
  impact: Impact | null;
  def: EntityDefinition;
  published: EntityDefinition | null;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t, text } = useI18n();
  // A removed field is only in the published definition.
  const labelOf = (key: string) => {
    const field = def.fields.find((f) => f.key === key) ?? published?.fields.find((f) => f.key === key);
    return field ? `${text(field.label) || key} (${key})` : key;
  };
  return (
    <Modal
      open={impact !== null}
      title={t('designer.publish.confirmTitle')}
      width={640}
      onCancel={onCancel}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" danger loading={busy} data-testid="designer-confirm-publish" onClick={onConfirm}>
          {t('designer.publish.confirm')}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('designer.publish.confirmText')} />
      <Table<ImpactChange>
        size="small"
        rowKey={(change) => `${change.field}:${change.change}`}
        pagination={false}
        dataSource={impact?.changes ?? []}
        data-testid="designer-impact"
        onRow={(change) => ({ 'data-testid': `designer-impact-${change.field}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('designer.impact.field'), dataIndex: 'field', render: labelOf },
          { title: t('designer.impact.change'), dataIndex: 'change', render: (change: ImpactChangeKind) => <Tag color={COLORS[change]}>{t(`designer.impact.${change}`)}</Tag> },
          { title: t('designer.impact.records'), dataIndex: 'records', align: 'right' },
        ]}
      />
    </Modal>
  );
}
