'use client';

import Link from 'next/link';
import useSWR from 'swr';
import { Alert, Button, Empty, Spin, Table, Typography } from 'antd';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';

interface InvalidRecords {
  items: { id: string; display: string; errors: Record<string, string[]> }[];
  total: number;
  checked: number;
}

/**
 * Records the published definition no longer accepts (after a field was retyped or its limits
 * tightened): listed so an admin can fix them, never hidden.
 */
export function InvalidRecordsList({ def }: { def: EntityDefinition }) {
  const { t, text } = useI18n();
  const { data, error, isLoading, mutate } = useSWR<InvalidRecords>(`/api/entities/${def.key}/invalid-records`);
  if (error) return <Alert type="error" showIcon title={(error as Error).message} />;
  if (isLoading || !data) return <Spin />;
  const label = (key: string) => text(def.fields.find((field) => field.key === key)?.label) || key;
  return (
    <div data-testid="designer-invalid-records">
      <Typography.Paragraph>
        {t('designer.invalid.summary', { total: data.total, checked: data.checked })}{' '}
        <Button size="small" onClick={() => void mutate()}>
          {t('designer.invalid.recheck')}
        </Button>
      </Typography.Paragraph>
      {data.total === 0 ? (
        <Empty description={t('designer.invalid.none')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          dataSource={data.items}
          columns={[
            { title: t('designer.invalid.record'), render: (_: unknown, row) => <Link prefetch={false} href={`/records/${def.key}/${row.id}/edit`}>{row.display || row.id}</Link> },
            {
              title: t('designer.invalid.problems'),
              render: (_: unknown, row) => Object.entries(row.errors).map(([field, messages]) => <div key={field}>{`${label(field)}: ${messages.join(' ')}`}</div>),
            },
          ]}
        />
      )}
    </div>
  );
}
