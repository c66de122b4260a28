'use client';

import Link from 'next/link';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import { Badge, Card, Space, Tag, Typography } from 'antd';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { RecordView } from '@/lib/records/record.types';
import type { KanbanLane as Lane } from '@/lib/views/view.types';
import { FieldValue, useFieldLabel } from '../field-value';
import { useI18n } from '../i18n-provider';

/** Test ids and droppable ids name the empty lane "null". */
export const laneKey = (value: string | null) => value ?? 'null';

export function KanbanCardBody({ def, record, columns }: { def: EntityDefinition; record: RecordView; columns: string[] }) {
  const label = useFieldLabel(def);
  return (
    <Card size="small" style={{ marginBottom: 8 }}>
      <Link prefetch={false} href={`/records/${def.key}/${record.id}`}>
        <Typography.Text strong>{record.display || record.id}</Typography.Text>
      </Link>
      {columns.map((key) => (
        <div key={key} style={{ fontSize: 12, marginTop: 4 }}>
          <Typography.Text type="secondary">{label(key)}: </Typography.Text>
          <FieldValue def={def} field={key} record={record} />
        </div>
      ))}
    </Card>
  );
}

function DraggableCard(props: { def: EntityDefinition; record: RecordView; columns: string[] }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: props.record.id, data: { record: props.record } });
  // The DragOverlay draws the moving card; the original stays put, faded, as a placeholder.
  return (
    <div ref={setNodeRef} {...attributes} {...listeners} style={{ opacity: isDragging ? 0.4 : 1, cursor: 'grab' }} data-testid={`kanban-card-${props.record.id}`}>
      <KanbanCardBody {...props} />
    </div>
  );
}

export function KanbanLane({ def, field, lane, columns }: { def: EntityDefinition; field: string; lane: Lane; columns: string[] }) {
  const { t, text } = useI18n();
  const option = def.fields.find((candidate) => candidate.key === field)?.options?.find((candidate) => candidate.value === lane.value);
  // A lane only an action leads to takes no drops: the board says which action to use instead.
  const action = option?.onlyByAction ? def.actions?.find((candidate) => candidate.key === option.onlyByAction) : undefined;
  const actionName = option?.onlyByAction ? (action ? text(action.label) : option.onlyByAction) : null;
  const { setNodeRef, isOver } = useDroppable({ id: laneKey(lane.value), data: { value: lane.value, onlyByAction: actionName } });
  const title = lane.value === null ? t('views.kanban.noValue') : option ? text(option.label) : lane.value;
  return (
    <div
      ref={setNodeRef}
      data-testid={`kanban-lane-${laneKey(lane.value)}`}
      style={{
        width: 280,
        flex: '0 0 280px',
        background: isOver ? '#e6f0fc' : '#f5f6f8',
        borderRadius: 8,
        padding: 8,
        maxHeight: '70vh',
        overflowY: 'auto',
      }}
    >
      <Space style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
        <Space size={4}>
          <Tag color={lane.value === null ? undefined : option?.color}>{title}</Tag>
          {actionName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`kanban-lane-${laneKey(lane.value)}-action-only`}>
              {t('rules.onlyByActionTag', { action: actionName })}
            </Typography.Text>
          )}
        </Space>
        <Badge count={lane.total} showZero color="#999" overflowCount={99999} />
      </Space>
      {lane.items.map((record) => (
        <DraggableCard key={record.id} def={def} record={record} columns={columns} />
      ))}
      {lane.total > lane.items.length && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('views.kanban.more', { count: lane.total - lane.items.length })}
        </Typography.Text>
      )}
    </div>
  );
}
