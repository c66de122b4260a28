'use client';

import type { WidgetProps } from '@rjsf/utils';
import { Select } from 'antd';
import { api, ApiError } from '@/lib/client/api-client';
import type { RecordView } from '@/lib/records/record.types';
import { useI18n } from '../i18n-provider';
import { recordFormContext } from './form-context';
import { RemoteSelect, type RemoteChoice } from './remote-select';

interface RecordPage {
  items: RecordView[];
}

/**
 * Picks one record of another entity (ui:options.entity), or several with ui:options.many
 * (the value is then a list of ids), by searching its list; shows each record's display value.
 */
export function RelationWidget({ id, value, disabled, readonly, options, registry, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  const { t } = useI18n();
  const entity = typeof options.entity === 'string' ? options.entity : '';
  const { names } = recordFormContext(registry);
  if (!entity) return <Select id={id} disabled placeholder={t('form.noRelationTarget')} style={{ width: '100%' }} />;

  const base = `/api/records/${encodeURIComponent(entity)}`;
  const choice = (record: RecordView): RemoteChoice => ({ value: record.id, label: record.display || record.id });
  return (
    <RemoteSelect
      id={id}
      value={value}
      many={Boolean(options.many)}
      disabled={disabled || readonly}
      placeholder={placeholder || t('form.searchRecords')}
      source={`record:${entity}`}
      knownNames={names}
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
      onChange={onChange}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
