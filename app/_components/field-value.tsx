'use client';

import Link from 'next/link';
import dayjs from 'dayjs';
import { Tag, Typography } from 'antd';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { RecordView } from '@/lib/records/record.types';
import { useI18n } from './i18n-provider';

/** How one field of a record reads in lists and detail pages. */
export function FieldValue({ def, field, record }: { def: EntityDefinition; field: string; record: RecordView }) {
  const { text } = useI18n();
  if (field === 'createdAt' || field === 'updatedAt') return <>{dayjs(record[field]).format('YYYY-MM-DD HH:mm')}</>;
  const value = record.data[field];
  if (value === undefined || value === null || value === '') return <Typography.Text type="secondary">—</Typography.Text>;
  const presentation = def.fields[field];
  const schema = def.schema.properties?.[field];
  if (presentation?.relation) {
    return <Link href={`/records/${presentation.relation.entity}/${String(value)}`}>{record.refs?.[field] || String(value)}</Link>;
  }
  if (presentation?.options) {
    const option = presentation.options[String(value)];
    return <Tag>{option ? text(option) : String(value)}</Tag>;
  }
  if (schema?.format === 'date-time') return <>{dayjs(String(value)).format('YYYY-MM-DD HH:mm')}</>;
  if (schema?.format === 'email') return <a href={`mailto:${String(value)}`}>{String(value)}</a>;
  if (typeof value === 'boolean') return <>{value ? '✓' : '✗'}</>;
  return <span style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</span>;
}

/** The label of a column: a field's label, or the name of a system column. */
export function useFieldLabel(def: EntityDefinition | undefined) {
  const { t, text } = useI18n();
  return (field: string): string => {
    if (field === 'createdAt') return t('record.createdAt');
    if (field === 'updatedAt') return t('record.updatedAt');
    return text(def?.fields[field]?.label) || field;
  };
}
