'use client';

import { useState } from 'react';
import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
} from '@dnd-kit/core';
import { arrayMove, sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { Card, Col, Empty, Row, Tag } from 'antd';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition, FieldTypeKey } from '@/lib/fields/field.types';
import { FIELD_TYPES } from '@/lib/fields/registry';
import { useI18n } from '../i18n-provider';
import { Canvas, CANVAS_END } from './canvas';
import { applyCanvasIds, canvasIds, fieldId, insertField, isSectionId, moveToSection, removeField, renameField, updateField } from './definition-edits';
import { newField } from './field-factory';
import { FieldSettings } from './field-settings';
import { renameSelected, selectField, type FieldSelection } from './field-selection';
import { Palette, PALETTE_PREFIX } from './palette';
import { useEntityList } from './use-entity-list';

// A palette item lands where the pointer is; a field being sorted snaps to the nearest slot.
const collision: CollisionDetection = (args) => (String(args.active.id).startsWith(PALETTE_PREFIX) ? pointerWithin(args) : closestCenter(args));

/** The design tab: palette, canvas and the selected field's settings, in one drag-and-drop context. */
export function DesignerBoard({ def, published, onChange }: { def: EntityDefinition; published: EntityDefinition | null; onChange: (def: EntityDefinition) => void }) {
  const { t, text } = useI18n();
  const { entities } = useEntityList();
  const [selection, setSelection] = useState<FieldSelection>({ key: def.fields[0]?.key ?? null, showing: 0 });
  const selected = selection.key;
  const setSelected = (key: string | null) => setSelection((current) => selectField(current, key));
  const [dragging, setDragging] = useState<FieldTypeKey | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const publishedKeys = new Set((published?.fields ?? []).map((field) => field.key));
  const field = def.fields.find((candidate) => candidate.key === selected);

  function add(type: FieldTypeKey, overId?: string) {
    const created = newField(type, def.fields.map((f) => f.key));
    if (overId === undefined || overId === CANVAS_END) onChange(insertField(def, created, overId ? undefined : field?.key));
    else {
      const ids = canvasIds(def);
      const at = ids.indexOf(overId);
      ids.splice(isSectionId(overId) ? at + 1 : at, 0, fieldId(created.key));
      onChange(applyCanvasIds(def, ids, created));
    }
    setSelected(created.key);
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    setDragging(null);
    const activeId = String(active.id);
    if (!over) return;
    if (activeId.startsWith(PALETTE_PREFIX)) return add(activeId.slice(PALETTE_PREFIX.length) as FieldTypeKey, String(over.id));
    const ids = canvasIds(def);
    const to = over.id === CANVAS_END ? ids.length - 1 : ids.indexOf(String(over.id));
    if (to >= 0 && activeId !== over.id) onChange(applyCanvasIds(def, arrayMove(ids, ids.indexOf(activeId), to)));
  }

  function patch(part: Partial<FieldDefinition>) {
    if (!field) return;
    const next = updateField(def, field.key, part);
    onChange('section' in part ? moveToSection(next, field.key, part.section) : next);
  }

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragStart={({ active }) => {
        const id = String(active.id);
        setDragging(id.startsWith(PALETTE_PREFIX) ? (id.slice(PALETTE_PREFIX.length) as FieldTypeKey) : null);
      }}
      onDragCancel={() => setDragging(null)}
      onDragEnd={onDragEnd}
    >
      <Row gutter={16} wrap={false} style={{ alignItems: 'flex-start' }}>
        <Col flex="250px">
          <Palette onAdd={(type) => add(type)} />
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Canvas
            def={def}
            selected={selected}
            publishedKeys={publishedKeys}
            onSelect={setSelected}
            onRemove={(key) => {
              onChange(removeField(def, key));
              if (key === selected) setSelected(null);
            }}
            onChange={onChange}
          />
        </Col>
        <Col flex="380px">
          <Card size="small" title={t('designer.settings.title')} styles={{ body: { maxHeight: 'calc(100vh - 260px)', overflowY: 'auto' } }}>
            {field ? (
              <FieldSettings
                key={selection.showing}
                field={field}
                onChange={patch}
                onRename={(key) => {
                  onChange(renameField(def, field.key, key));
                  setSelection((current) => renameSelected(current, field.key, key));
                }}
                ctx={{
                  siblings: def.fields,
                  sections: def.sections ?? [],
                  lockedKeys: publishedKeys,
                  published: published?.fields.find((candidate) => candidate.key === field.key),
                  entities,
                  entityKey: def.key,
                }}
              />
            ) : (
              <Empty description={t('designer.settings.none')} />
            )}
          </Card>
        </Col>
      </Row>
      <DragOverlay>{dragging && <Tag color="blue" style={{ padding: '4px 10px', cursor: 'grabbing' }}>{text(FIELD_TYPES[dragging].label)}</Tag>}</DragOverlay>
    </DndContext>
  );
}
