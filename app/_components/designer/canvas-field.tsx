'use client';

import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, EyeInvisibleOutlined, HolderOutlined, LockOutlined } from '@ant-design/icons';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { fieldType } from '@/lib/fields/registry';
import { useI18n } from '../i18n-provider';
import { fieldId } from './definition-edits';
import { testId } from './test-id';

export function CanvasField({
  field,
  selected,
  published,
  onSelect,
  onRemove,
}: {
  field: FieldDefinition;
  selected: boolean;
  published: boolean;
  onSelect: () => void;
  onRemove: () => void;
}) {
  const { t, text } = useI18n();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: fieldId(field.key) });
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      data-testid={`designer-field-${field.key}`}
      aria-pressed={selected}
      onClick={onSelect}
      style={{
        transform: CSS.Transform.toString(transform),
        transition,
        opacity: isDragging ? 0.5 : 1,
        display: 'flex',
        alignItems: 'center',
        gap: 8,
        padding: '8px 10px',
        marginBottom: 6,
        background: '#fff',
        border: `1px ${selected ? 'solid #1d6fdc' : 'solid #e5e5e5'}`,
        boxShadow: selected ? '0 0 0 2px rgba(29,111,220,0.15)' : undefined,
        borderRadius: 6,
        cursor: 'grab',
        touchAction: 'none',
      }}
    >
      <HolderOutlined style={{ color: '#999' }} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong ellipsis>
          {text(field.label) || field.key}
          {field.required && <span style={{ color: '#ff4d4f' }}> *</span>}
        </Typography.Text>
        <div>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
            {field.key}
          </Typography.Text>
          {published && <LockOutlined title={t('designer.field.keyLocked')} style={{ color: '#999', fontSize: 12 }} />}
        </div>
      </div>
      <Space size={4} wrap={false}>
        <Tag>{text(fieldType(field.type).label)}</Tag>
        {field.hidden && <EyeInvisibleOutlined title={t('designer.setting.hidden')} />}
        {field.visibleWhen && <Tag color="purple">{t('designer.field.conditional')}</Tag>}
      </Space>
      <span onClick={(event) => event.stopPropagation()} onPointerDown={(event) => event.stopPropagation()}>
        <Popconfirm
          title={t('designer.field.confirmRemove', { field: text(field.label) || field.key })}
          description={published ? t('designer.field.removePublished') : undefined}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, ...testId('designer-confirm-remove') }}
          onConfirm={onRemove}
        >
          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid={`designer-remove-${field.key}`} />
        </Popconfirm>
      </span>
    </div>
  );
}
