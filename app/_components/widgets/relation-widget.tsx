'use client';

import type { WidgetProps } from '@rjsf/utils';
import { useRef } from 'react';
import { Select } from 'antd';
import { api, ApiError } from '@/lib/client/api-client';
import { fieldType } from '@/lib/fields/registry';
import type { Locale } from '@/lib/i18n/locale';
import type { RecordView } from '@/lib/records/record.types';
import { useI18n } from '../i18n-provider';
import { useEntity, type EntityForMe } from '../use-entity';
import { recordFormContext } from './form-context';
import { RemoteSelect, type RemoteChoice } from './remote-select';

interface RecordPage {
  items: RecordView[];
}

/**
 * A record's values of the picker's columns (relation.columns) as its type writes them (money
 * in its currency), for the fields the reader sees; empty ones are left out.
 */
function columnsText(record: RecordView, columns: string[], related: EntityForMe | undefined, locale: Locale): string | undefined {
  if (!related || columns.length === 0) return undefined;
  const parts = columns.flatMap((key) => {
    const field = related.fields.find((candidate) => candidate.key === key);
    if (!field) return [];
    const refName = record.refs?.[key]?.map((ref) => ref.name).join(', ');
    const shown = fieldType(field.type).toText(record.data[key], field, { locale, refName: refName || undefined });
    return shown ? [shown] : [];
  });
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/**
 * Picks one record of another entity (ui:options.entity), or several with ui:options.many
 * (the value is then a list of ids), by searching its list; shows each record's display value,
 * and in the dropdown the values of ui:options.columns (a product's SKU, price, unit).
 */
export function RelationWidget({ id, value, disabled, readonly, options, registry, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  const { t, locale } = useI18n();
  const entity = typeof options.entity === 'string' ? options.entity : '';
  const columns = Array.isArray(options.columns) ? (options.columns as string[]) : [];
  const { names } = recordFormContext(registry);
  // The related entity's fields (as the reader may see them) say how to write the columns' values.
  const { data: related } = useEntity(columns.length > 0 && entity ? entity : null);
  const found = useRef(new Map<string, RecordView>());
  if (!entity) return <Select id={id} disabled placeholder={t('form.noRelationTarget')} style={{ width: '100%' }} />;

  const base = `/api/records/${encodeURIComponent(entity)}`;
  const choice = (record: RecordView): RemoteChoice => {
    found.current.set(record.id, record);
    return { value: record.id, label: record.display || record.id };
  };
  return (
    <RemoteSelect
      id={id}
      value={value}
      many={Boolean(options.many)}
      disabled={disabled || readonly}
      placeholder={placeholder || t('form.searchRecords')}
      source={`record:${entity}`}
      knownNames={names}
      describe={columns.length > 0 ? (choiceId) => {
        const record = found.current.get(choiceId);
        return record && columnsText(record, columns, related, locale);
      } : undefined}
      search={async (q) => (await api<RecordPage>(`${base}?pageSize=20&q=${encodeURIComponent(q)}`)).items.map(choice)}
      resolve={(ids) =>
        Promise.all(
          ids.map((recordId) =>
            api<RecordView>(`${base}/${encodeURIComponent(recordId)}`)
              .then(choice)
              .catch((error: unknown) => {
                // A record deleted since it was picked still shows, as missing; other failures retry later.
                if (error instanceof ApiError && error.status === 404) return { value: recordId, label: t('form.recordMissing', { id: recordId }) };
                throw error;
              }),
          ),
        )
      }
      // The id tells the form a record was picked here (linked fill, record-form.tsx).
      onChange={(next) => onChange(next, undefined, id)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
