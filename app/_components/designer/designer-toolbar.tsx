'use client';

import Link from 'next/link';
import { Alert, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined, PrinterOutlined, SaveOutlined } from '@ant-design/icons';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';

/** Title, state (published version, draft, unsaved) and the save / publish / discard actions. */
export function DesignerToolbar({
  def,
  published,
  hasDraft,
  dirty,
  busy,
  onSave,
  onPublish,
  onDiscard,
}: {
  def: EntityDefinition;
  published: EntityDefinition | null;
  hasDraft: boolean;
  dirty: boolean;
  busy: 'save' | 'publish' | 'discard' | null;
  onSave: () => void;
  onPublish: () => void;
  onDiscard: () => void;
}) {
  const { t, text } = useI18n();
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', marginBottom: 12 }}>
      <Link prefetch={false} href="/admin/entities">
        <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} />
      </Link>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {text(def.label) || t('designer.entity.untitled')}
      </Typography.Title>
      {def.key && <Typography.Text code>{def.key}</Typography.Text>}
      <Space size={4} wrap>
        {published ? (
          <Tag color="green" data-testid="designer-published-version">
            {t('designer.status.published', { version: published.version })}
          </Tag>
        ) : (
          <Tag data-testid="designer-published-version">{t('designer.status.unpublished')}</Tag>
        )}
        {hasDraft && <Tag color="gold" data-testid="designer-draft-tag">{t('designer.status.draft')}</Tag>}
        {dirty && <Tag color="red" data-testid="designer-dirty">{t('designer.status.unsaved')}</Tag>}
      </Space>
      <Space style={{ marginInlineStart: 'auto' }}>
        {published && (
          <Link prefetch={false} href={`/admin/entities/${encodeURIComponent(published.key)}/print`}>
            <Button icon={<PrinterOutlined />} data-testid="designer-print-templates">
              {t('print.editor.open')}
            </Button>
          </Link>
        )}
        <Popconfirm
          title={t('designer.discard.confirm')}
          description={published ? t('designer.discard.toPublished', { version: published.version }) : t('designer.discard.newEntity')}
          okText={t('designer.discard.ok')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={onDiscard}
          disabled={!hasDraft && !dirty}
        >
          <Button danger disabled={!hasDraft && !dirty} loading={busy === 'discard'} data-testid="designer-discard">
            {t('designer.discard.button')}
          </Button>
        </Popconfirm>
        <Button icon={<SaveOutlined />} loading={busy === 'save'} disabled={busy !== null} data-testid="designer-save" onClick={onSave}>
          {t('designer.save')}
        </Button>
        <Button type="primary" icon={<CloudUploadOutlined />} loading={busy === 'publish'} disabled={busy !== null} data-testid="designer-publish" onClick={onPublish}>
          {t('designer.publish.button')}
        </Button>
      </Space>
    </div>
  );
}

/** What the server found wrong with the stored draft; publishing is refused until the list is empty. */
export function ProblemsList({ problems }: { problems: string[] }) {
  const { t } = useI18n();
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="designer-problems"
      title={t('designer.problems.title', { count: problems.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {problems.map((problem, index) => (
            <li key={index}>{problem}</li>
          ))}
        </ul>
      }
    />
  );
}
