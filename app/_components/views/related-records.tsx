'use client';

import Link from 'next/link';
import useSWR from 'swr';
import { Card, Table } from 'antd';
import type { RecordView } from '@/lib/records/record.types';
import { useI18n } from '../i18n-provider';
import { useEntity } from '../use-entity';
import { useListColumns } from './list-columns';
import type { RelatedGroup } from './view-api';

function RelatedTable({ group, targetId }: { group: RelatedGroup; targetId: string }) {
  const { t, text } = useI18n();
  const { data: def } = useEntity(group.entity);
  const columns = useListColumns(def, (def?.listView.columns ?? []).filter((key) => key !== group.field), [], undefined);
  // The full list of these records is the other entity's list filtered on the pointing field.
  const filter = JSON.stringify({ match: 'all', conditions: [{ field: group.field, op: 'anyOf', value: [targetId] }] });
  return (
    <Card
      size="small"
      title={`${text(def?.label ?? group.entityLabel) || group.entity} · ${text(group.label)}`}
      extra={<Link prefetch={false} href={`/records/${group.entity}?filter=${encodeURIComponent(filter)}`}>{t('views.detail.relatedAll', { total: group.total })}</Link>}
      style={{ marginTop: 16 }}
      data-testid={`related-${group.entity}`}
    >
      <Table<RecordView>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={group.items}
        locale={{ emptyText: t('common.empty') }}
        columns={columns}
      />
    </Card>
  );
}

/** Records of other entities that point at this one, e.g. a customer's tasks and orders. */
export function RelatedRecords({ entityKey, id }: { entityKey: string; id: string }) {
  // Automations add related records in the background, so the lists keep themselves fresh.
  const { data } = useSWR<RelatedGroup[]>(`/api/records/${entityKey}/${id}/related`, { refreshInterval: 3000 });
  return (
    <>
      {(data ?? []).map((group) => (
        <RelatedTable key={`${group.entity}.${group.field}`} group={group} targetId={id} />
      ))}
    </>
  );
}
