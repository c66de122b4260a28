'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import useSWR from 'swr';
import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { Alert, App, Card, Empty, Input, Select, Space, Typography } from 'antd';
import { api } from '@/lib/client/api-client';
import type { RecordView } from '@/lib/records/record.types';
import type { SavedView } from '@/lib/views/view.types';
import { useI18n } from '../i18n-provider';
import { useEntity } from '../use-entity';
import { EntityTabs } from './entity-tabs';
import { FilterBuilder } from './filter-builder';
import { KanbanCardBody, KanbanLane } from './kanban-lane';
import { KanbanMoveDialog, type PendingMove } from './kanban-move-dialog';
import { fieldsMissingAfterMove, moveCard } from './kanban-moves';
import { apiParams, useListQuery, viewPatch, viewQueryString } from './use-list-query';
import { SavedViewsMenu } from './saved-views-menu';
import type { KanbanPage } from './view-api';

/** Records as cards in one lane per option of a single-select field; dragging a card sets that field. */
export function KanbanBoard({ entityKey }: { entityKey: string }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const { data: def, error: defError } = useEntity(entityKey);
  const { query, update, reset } = useListQuery(def);
  const [dragging, setDragging] = useState<RecordView | null>(null);
  const [pending, setPending] = useState<PendingMove | null>(null);
  // A small move before a drag starts, so that clicking a card's link still opens it.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));

  const laneFields = def?.fields.filter((field) => field.type === 'select') ?? [];
  const field = [query.field, def?.kanbanField, laneFields[0]?.key].find((key) => key && laneFields.some((candidate) => candidate.key === key));
  const params = def && field ? apiParams(query, { field, limit: '50' }) : null;
  params?.delete('page');
  params?.delete('pageSize');
  params?.delete('sort');
  const { data, error, mutate } = useSWR<KanbanPage>(params ? `/api/records/${entityKey}/kanban?${params}` : null);

  if (defError) return <Typography.Text type="danger">{defError.message}</Typography.Text>;
  if (!def) return <Card loading />;

  const columns = query.columns.filter((key) => key !== def.displayField && key !== field).slice(0, 3);

  async function onDragEnd(event: DragEndEvent) {
    setDragging(null);
    const record = event.active.data.current?.record as RecordView | undefined;
    if (!data || !record || !event.over || !field) return;
    const to = (event.over.data.current?.value ?? null) as string | null;
    if ((record.data[field] ?? null) === to) return;
    const onlyByAction = event.over.data.current?.onlyByAction as string | null | undefined;
    if (onlyByAction) {
      const option = def?.fields.find((candidate) => candidate.key === field)?.options?.find((candidate) => candidate.value === to);
      message.warning(t('rules.onlyByActionLane', { action: onlyByAction, value: option ? text(option.label) : String(to) }));
      return;
    }
    try {
      // A lane may need fields the record lacks (a lost reason): ask for exactly those, and
      // move it only with them, in one write. The card carries a list's values, so the record
      // is read whole first.
      const stored = await api<RecordView>(`/api/records/${entityKey}/${record.id}`);
      const missing = fieldsMissingAfterMove(def!, stored.data, field, to);
      if (missing.length > 0) {
        const option = def!.fields.find((candidate) => candidate.key === field)?.options?.find((candidate) => candidate.value === to);
        setPending({ record: stored, field, to, laneLabel: option ? text(option.label) : (to ?? t('views.kanban.noValue')), missing });
        return;
      }
      // Shown moved at once; on refusal (a required field missing, 409 stale) SWR puts it back.
      await mutate(
        async () => {
          const saved = await api<RecordView>(`/api/records/${entityKey}/${record.id}`, { method: 'PATCH', body: { [field]: to }, headers: { 'if-match': String(record.version) } });
          if (saved.warnings?.length) message.warning(t('record.savedWithWarnings', { warnings: saved.warnings.join(' ') }), 10);
          return undefined;
        },
        { optimisticData: moveCard(data, record.id, to), rollbackOnError: true, populateCache: false, revalidate: true },
      );
    } catch (failure) {
      // A refused move says why (a status that cannot go there, a required field missing), naming the fields.
      message.error((failure as Error).message);
    }
  }

  function applyView(view: SavedView | undefined) {
    if (!view) return reset();
    if (view.kind === 'table') return router.push(`/records/${entityKey}?${viewQueryString(view)}`);
    update(viewPatch(view));
  }

  return (
    <Card title={`${text(def.label)} · ${t('views.kanban.title')}`} extra={<EntityTabs def={def} current="kanban" />}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <SavedViewsMenu
            entity={entityKey}
            selected={query.view}
            onSelect={applyView}
            settings={{ kind: 'kanban', kanbanField: field, filter: query.filter, q: query.q || undefined, columns: query.columns, sort: query.sort, pageSize: query.pageSize }}
          />
          <Space wrap>
            <Input.Search key={query.q} defaultValue={query.q} placeholder={t('common.search')} allowClear onSearch={(q) => update({ q })} style={{ width: 220 }} data-testid="list-search" />
            <Select
              data-testid="kanban-field"
              value={field}
              prefix={t('views.kanban.laneField')}
              options={laneFields.map((candidate) => ({ value: candidate.key, label: text(candidate.label) }))}
              onChange={(key: string) => update({ field: key })}
              style={{ minWidth: 200 }}
            />
          </Space>
        </Space>
        <FilterBuilder def={def} value={query.filter} onApply={(filter) => update({ filter })} />
        {error && <Alert type="error" showIcon title={error.message} data-testid="list-error" />}
        {!field && <Empty description={t('views.kanban.noField')} />}
        {data && (
          <DndContext
            sensors={sensors}
            onDragStart={(event) => setDragging((event.active.data.current?.record as RecordView) ?? null)}
            onDragCancel={() => setDragging(null)}
            onDragEnd={(event) => void onDragEnd(event)}
          >
            <div style={{ display: 'flex', gap: 12, overflowX: 'auto', paddingBottom: 8 }}>
              {data.lanes.map((lane) => (
                <KanbanLane key={lane.value ?? 'null'} def={def} field={data.field} lane={lane} columns={columns} />
              ))}
            </div>
            <DragOverlay>{dragging && <KanbanCardBody def={def} record={dragging} columns={columns} />}</DragOverlay>
          </DndContext>
        )}
        {pending && (
          <KanbanMoveDialog
            def={def}
            move={pending}
            onCancel={() => setPending(null)}
            onDone={() => {
              setPending(null);
              void mutate();
            }}
          />
        )}
      </Space>
    </Card>
  );
}
