'use client';

import { use } from 'react';
import { useSearchParams } from 'next/navigation';
import useSWR from 'swr';
import { Card } from 'antd';
import type { RecordView } from '@/lib/records/record.types';
import { RecordForm } from '../../../../../_components/record-form';
import { useEntity } from '../../../../../_components/use-entity';

export default function EditRecordPage({ params }: { params: Promise<{ entity: string; id: string }> }) {
  const { entity, id } = use(params);
  const overrideLock = useSearchParams().get('overrideLock') === '1';
  const { data: def } = useEntity(entity);
  const { data: record } = useSWR<RecordView>(`/api/records/${entity}/${id}`, { revalidateIfStale: true });
  return def && record ? <RecordForm def={def} record={record} overrideLock={overrideLock} /> : <Card loading />;
}
