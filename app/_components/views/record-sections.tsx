'use client';

import dayjs from 'dayjs';
import { Card, Descriptions, Grid, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import type { RecordView } from '@/lib/records/record.types';
import { FieldValue, valueText } from '../field-value';
import { useI18n } from '../i18n-provider';

// Wide values get a whole row of their own.
const WIDE = new Set(['subtable', 'textarea', 'address', 'attachment']);

/** Shown when it has no condition, or when the field it depends on holds one of the listed values. */
function isVisible(field: FieldDefinition, record: RecordView): boolean {
  if (field.hidden) return false;
  const rule = field.visibleWhen;
  if (!rule) return true;
  const value = record.data[rule.field];
  return (Array.isArray(value) ? value : [value]).some((item) => rule.in.includes(item as string | number | boolean));
}

function Group({ title, def, fields, record }: { title?: string; def: EntityDefinition; fields: FieldDefinition[]; record: RecordView }) {
  const { text } = useI18n();
  // On a phone each label sits above its value, so a value has the screen's whole width.
  const narrow = Grid.useBreakpoint().md === false;
  if (fields.length === 0) return null;
  const items: DescriptionsProps['items'] = fields.map((field) => ({
    key: field.key,
    label: text(field.label),
    span: WIDE.has(field.type) ? 'filled' : undefined,
    children: <FieldValue def={def} field={field.key} record={record} />,
  }));
  return <Descriptions title={title} column={{ xs: 1, md: 2 }} layout={narrow ? 'vertical' : 'horizontal'} bordered size="small" items={items} style={{ marginBottom: 16 }} />;
}

/** A record's fields in the entity's sections; fields without a (known) section come first. */
export function RecordSections({ def, record }: { def: EntityDefinition; record: RecordView }) {
  const { t, text } = useI18n();
  const visible = def.fields.filter((field) => isVisible(field, record));
  const sections = def.sections ?? [];
  const loose = visible.filter((field) => !sections.some((section) => section.key === field.section));
  const owner = record.refs?.ownerId?.map((ref) => ref.name).join(', ') || record.ownerId;
  return (
    <>
      <Group def={def} fields={loose} record={record} />
      {sections.map((section) => (
        <Group key={section.key} title={text(section.label)} def={def} fields={visible.filter((field) => field.section === section.key)} record={record} />
      ))}
      <Descriptions
        column={{ xs: 1, md: 3 }}
        size="small"
        items={[
          { key: 'owner', label: t('record.owner'), children: owner || '—' },
          { key: 'createdAt', label: t('record.createdAt'), children: dayjs(record.createdAt).format('YYYY-MM-DD HH:mm') },
          { key: 'updatedAt', label: t('record.updatedAt'), children: dayjs(record.updatedAt).format('YYYY-MM-DD HH:mm') },
        ]}
      />
    </>
  );
}

/** Values of fields an admin removed or retyped: kept with the record, read-only, shown as text. */
export function RetiredFields({ record }: { record: RecordView }) {
  const { t, locale } = useI18n();
  const entries = Object.entries(record.retired ?? {}).filter(([, value]) => value !== undefined && value !== null);
  if (entries.length === 0) return null;
  return (
    <Card size="small" title={t('views.detail.retired')} style={{ marginTop: 16 }} data-testid="record-retired">
      <Typography.Paragraph type="secondary">{t('views.detail.retiredHelp')}</Typography.Paragraph>
      <Descriptions
        column={1}
        size="small"
        items={entries.map(([key, value]) => ({ key, label: key, children: valueText(undefined, value, locale) }))}
      />
    </Card>
  );
}
