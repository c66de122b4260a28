'use client';

import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Button, Card, Empty } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';
import { CanvasField } from './canvas-field';
import { CanvasSection } from './canvas-section';
import { addSection, canvasIds, isSectionId, keyOfId, moveSection, relabelSection, removeSection } from './definition-edits';

export const CANVAS_END = 'canvas-end';

/** Below the last field: a palette item dropped here is appended. */
function DropZone() {
  const { t } = useI18n();
  const { setNodeRef, isOver } = useDroppable({ id: CANVAS_END });
  return (
    <div
      ref={setNodeRef}
      data-testid="designer-canvas-end"
      style={{ border: `1px dashed ${isOver ? '#1d6fdc' : '#d9d9d9'}`, borderRadius: 6, padding: 16, textAlign: 'center', color: '#999', marginTop: 8 }}
    >
      {t('designer.canvas.dropHere')}
    </div>
  );
}

/** The form's fields in order, grouped by section; the DndContext lives in the board around it. */
export function Canvas({
  def,
  selected,
  publishedKeys,
  onSelect,
  onRemove,
  onChange,
}: {
  def: EntityDefinition;
  selected: string | null;
  publishedKeys: Set<string>;
  onSelect: (key: string) => void;
  onRemove: (key: string) => void;
  onChange: (def: EntityDefinition) => void;
}) {
  const { t } = useI18n();
  const ids = canvasIds(def);
  const byKey = new Map(def.fields.map((field) => [field.key, field]));
  const sections = new Map((def.sections ?? []).map((section) => [section.key, section]));
  return (
    <Card
      size="small"
      title={t('designer.canvas.title')}
      extra={
        <Button size="small" icon={<PlusOutlined />} data-testid="designer-add-section" onClick={() => onChange(addSection(def))}>
          {t('designer.section.add')}
        </Button>
      }
      styles={{ body: { background: '#fafafa', minHeight: 300 } }}
      data-testid="designer-canvas"
    >
      {def.fields.length === 0 && <Empty description={t('designer.canvas.empty')} />}
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        {ids.map((id) => {
          const key = keyOfId(id);
          if (isSectionId(id)) {
            const section = sections.get(key)!;
            return (
              <CanvasSection
                key={id}
                section={section}
                onRelabel={(label) => onChange(relabelSection(def, key, label))}
                onMove={(delta) => onChange(moveSection(def, key, delta))}
                onRemove={() => onChange(removeSection(def, key))}
              />
            );
          }
          const field = byKey.get(key)!;
          return (
            <CanvasField
              key={id}
              field={field}
              selected={selected === key}
              published={publishedKeys.has(key)}
              onSelect={() => onSelect(key)}
              onRemove={() => onRemove(key)}
            />
          );
        })}
      </SortableContext>
      <DropZone />
    </Card>
  );
}
