'use client';

import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, Popconfirm, Popover, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import type { SectionDefinition } from '@/lib/entities/entity.types';
import type { LocalizedText } from '@/lib/i18n/locale';
import { useI18n } from '../i18n-provider';
import { sectionId } from './definition-edits';
import { LocalizedInput } from './localized-input';

/** A section header: not draggable itself, but a drop target, so fields dragged below it join it. */
export function CanvasSection({
  section,
  onRelabel,
  onMove,
  onRemove,
}: {
  section: SectionDefinition;
  onRelabel: (label: LocalizedText) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t, text } = useI18n();
  const { setNodeRef, transform, transition } = useSortable({ id: sectionId(section.key), disabled: { draggable: true, droppable: false } });
  return (
    <div
      ref={setNodeRef}
      data-testid={`designer-section-${section.key}`}
      style={{
        transform: CSS.Transform.toString(transform),
        transition,
        display: 'flex',
        alignItems: 'center',
        margin: '16px 0 8px',
        paddingBottom: 4,
        borderBottom: '2px solid #1d6fdc',
      }}
    >
      <Typography.Text strong style={{ flex: 1 }}>
        {text(section.label) || section.key}
      </Typography.Text>
      <Space size={0}>
        <Popover
          trigger="click"
          title={t('designer.section.rename')}
          content={
            <div style={{ width: 260 }}>
              <LocalizedInput value={section.label} onChange={onRelabel} testid={`designer-section-label-${section.key}`} />
            </div>
          }
        >
          <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('designer.section.rename')} data-testid={`designer-section-rename-${section.key}`} />
        </Popover>
        <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={t('designer.moveUp')} onClick={() => onMove(-1)} />
        <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label={t('designer.moveDown')} onClick={() => onMove(1)} />
        <Popconfirm
          title={t('designer.section.confirmRemove')}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          onConfirm={onRemove}
        >
          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid={`designer-section-remove-${section.key}`} />
        </Popconfirm>
      </Space>
    </div>
  );
}
