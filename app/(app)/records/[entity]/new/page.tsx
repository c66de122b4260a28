'use client';

import { use } from 'react';
import { Card } from 'antd';
import { RecordForm } from '../../../../_components/record-form';
import { useEntity } from '../../../../_components/use-entity';

export default function NewRecordPage({ params }: { params: Promise<{ entity: string }> }) {
  const { entity } = use(params);
  const { data: def } = useEntity(entity);
  return def ? <RecordForm def={def} /> : <Card loading />;
}
