'use client';

import Link from 'next/link';
import dayjs from 'dayjs';
import { Card, Descriptions, Grid, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleTwoTone, CloseCircleOutlined, PaperClipOutlined } from '@ant-design/icons';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition, FieldTypeKey } from '@/lib/fields/field.types';
import { fieldType } from '@/lib/fields/registry';
import type { AttachmentRef } from '@/lib/fields/types/attachment';
import { pick, type Locale } from '@/lib/i18n/locale';
import type { RecordView, RefItem } from '@/lib/records/record.types';
import { useI18n } from './i18n-provider';
import { fieldOf, isNumericField } from './views/field-columns';

type Refs = Record<string, RefItem[]>;
interface ValueProps {
  field: FieldDefinition;
  value: unknown;
  refs: Refs;
  /** Key of the value's refs: the field key, or "items.product" inside a sub-table. */
  path: string;
  locale: Locale;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const nameOf = (refs: RefItem[] | undefined, id: unknown) => refs?.find((ref) => ref.id === id)?.name ?? String(id);

/** The registry's text of a value; old values of a retyped field may not fit, so never throw. */
export function valueText(field: FieldDefinition | undefined, value: unknown, locale: Locale): string {
  if (value === undefined || value === null) return '';
  if (field) {
    try {
      return fieldType(field.type).toText(value, field, { locale });
    } catch {
      // fall through to the plain text below
    }
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function OptionTags({ field, value, locale }: ValueProps) {
  return (
    <Space size={[0, 4]} wrap>
      {list(value).map((item) => {
        const option = field.options?.find((candidate) => candidate.value === item);
        return (
          <Tag key={String(item)} color={option?.color}>
            {valueText({ ...field, type: 'select' }, item, locale)}
          </Tag>
        );
      })}
    </Space>
  );
}

/** A sub-table's rows: a table, or on a narrow screen (a phone) one card per row with every column labelled. */
function SubTable({ field, value, refs, path, locale }: ValueProps) {
  const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  const narrow = Grid.useBreakpoint().md === false;
  const columns = field.fields ?? [];
  const cell = (column: FieldDefinition, row: Record<string, unknown>) => <TypedValue field={column} value={row[column.key]} refs={refs} path={`${path}.${column.key}`} locale={locale} />;
  if (narrow) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }} data-testid={`subtable-cards-${field.key}`}>
        {rows.map((row, index) => (
          <Card key={index} size="small" data-testid="subtable-card">
            <Descriptions size="small" column={1} items={columns.map((column) => ({ key: column.key, label: pick(column.label, locale) || column.key, children: cell(column, row) }))} />
          </Card>
        ))}
      </Space>
    );
  }
  return (
    <Table<Record<string, unknown>>
      size="small"
      pagination={false}
      rowKey={(_, index) => String(index)}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      columns={columns.map((column) => ({
        key: column.key,
        title: pick(column.label, locale) || column.key,
        align: isNumericField(column) ? 'right' : undefined,
        render: (_: unknown, row) => cell(column, row),
      }))}
    />
  );
}

/** Types that read better than their text; every other type shows the registry's toText. */
const RENDERERS: Partial<Record<FieldTypeKey, (props: ValueProps) => React.ReactNode>> = {
  select: OptionTags,
  multiselect: OptionTags,
  relation: ({ field, value, refs, path }) => (
    <Space size={[8, 0]} wrap>
      {list(value).map((id) => (
        <Link key={String(id)} prefetch={false} href={`/records/${field.relation?.entity}/${String(id)}`}>
          {nameOf(refs[path], id)}
        </Link>
      ))}
    </Space>
  ),
  user: ({ value, refs, path }) => <>{list(value).map((id) => nameOf(refs[path], id)).join(', ')}</>,
  attachment: ({ value }) => (
    <Space orientation="vertical" size={0}>
      {(list(value) as AttachmentRef[]).map((file) => (
        <a key={file.id} href={`/api/attachments/${file.id}`} download={file.name}>
          <PaperClipOutlined /> {file.name}
        </a>
      ))}
    </Space>
  ),
  boolean: ({ field, value, locale }) => (
    <span>
      {value === true ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleOutlined style={{ color: '#999' }} />} {valueText(field, value, locale)}
    </span>
  ),
  subtable: SubTable,
  email: ({ value }) => <a href={`mailto:${String(value)}`}>{String(value)}</a>,
  phone: ({ value }) => <a href={`tel:${String(value)}`}>{String(value)}</a>,
  url: ({ value }) => (
    <a href={String(value)} target="_blank" rel="noopener noreferrer">
      {String(value)}
    </a>
  ),
  textarea: ({ value }) => <span style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</span>,
};

function TypedValue(props: ValueProps) {
  const { field, value, locale } = props;
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  const Render = RENDERERS[field.type];
  if (Render) return <Render {...props} />;
  const text = valueText(field, value, locale);
  return isNumericField(field) ? <span style={{ fontVariantNumeric: 'tabular-nums' }}>{text}</span> : <>{text}</>;
}

/** How one field (or system column) of a record reads in lists and detail pages. */
export function FieldValue({ def, field, record }: { def: EntityDefinition; field: string; record: RecordView }) {
  const { locale } = useI18n();
  if (field === 'createdAt' || field === 'updatedAt') return <>{dayjs(record[field]).format('YYYY-MM-DD HH:mm')}</>;
  const definition = fieldOf(def, field);
  const value = record.data[field];
  if (!definition) return <>{valueText(undefined, value, locale) || '—'}</>;
  return <TypedValue field={definition} value={value} refs={record.refs ?? {}} path={field} locale={locale} />;
}

/** The label of a column: a field's label, or the name of a system column. */
export function useFieldLabel(def: EntityDefinition | undefined) {
  const { t, text } = useI18n();
  return (field: string): string => {
    if (field === 'createdAt') return t('record.createdAt');
    if (field === 'updatedAt') return t('record.updatedAt');
    const definition = def ? fieldOf(def, field) : undefined;
    return text(definition?.label) || field;
  };
}
