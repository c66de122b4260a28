'use client';

import { useDraggable } from '@dnd-kit/core';
import { Button, Card, Typography } from 'antd';
import type { FieldTypeKey } from '@/lib/fields/field.types';
import { FIELD_TYPES } from '@/lib/fields/registry';
import { useI18n } from '../i18n-provider';

export const PALETTE_PREFIX = 'palette:';

function PaletteItem({ type, onAdd }: { type: FieldTypeKey; onAdd: (type: FieldTypeKey) => void }) {
  const { text } = useI18n();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: `${PALETTE_PREFIX}${type}` });
  // Keyboard users add with Enter on the button; only the pointer drags from the palette.
  const { onKeyDown: _keyboardDrag, ...pointer } = listeners ?? {};
  return (
    <Button
      ref={setNodeRef}
      {...attributes}
      {...pointer}
      block
      size="small"
      data-testid={`designer-palette-${type}`}
      onClick={() => onAdd(type)}
      style={{ justifyContent: 'flex-start', overflow: 'hidden', opacity: isDragging ? 0.4 : 1, touchAction: 'none' }}
    >
      {text(FIELD_TYPES[type].label)}
    </Button>
  );
}

/** Every field type, in registry order: click to add after the selected field, or drag onto the canvas. */
export function Palette({ onAdd }: { onAdd: (type: FieldTypeKey) => void }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('designer.palette.title')}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('designer.palette.hint')}
      </Typography.Paragraph>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 6 }}>
        {(Object.keys(FIELD_TYPES) as FieldTypeKey[]).map((type) => (
          <PaletteItem key={type} type={type} onAdd={onAdd} />
        ))}
      </div>
    </Card>
  );
}
