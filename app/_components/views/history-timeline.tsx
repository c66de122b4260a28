'use client';

import useSWR from 'swr';
import dayjs from 'dayjs';
import { Empty, Spin, Timeline, Typography } from 'antd';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { useFieldLabel, valueText } from '../field-value';
import { useI18n } from '../i18n-provider';
import { fieldOf } from './field-columns';
import type { HistoryAction, HistoryEntry } from './view-api';

const COLORS: Record<HistoryAction, string> = { create: 'green', update: 'blue', delete: 'red', restore: 'green', purge: 'red' };

/** Who changed what and when, newest first; values read as the registry writes them. */
export function HistoryTimeline({ def, id }: { def: EntityDefinition; id: string }) {
  const { t, locale } = useI18n();
  const label = useFieldLabel(def);
  const { data, error, isLoading } = useSWR<HistoryEntry[]>(`/api/records/${def.key}/${id}/history`);
  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  if (isLoading) return <Spin />;
  if (!data || data.length === 0) return <Empty description={t('common.empty')} />;

  // A field an admin has since removed has no definition: its values show as plain text.
  const show = (field: string, value: unknown, names: Record<string, string> = {}) => {
    const ids = (Array.isArray(value) ? value : [value]).filter((id): id is string => typeof id === 'string' && id in names);
    if (ids.length > 0) return ids.map((id) => names[id]).join(', ');
    return valueText(fieldOf(def, field), value, locale) || '∅';
  };
  return (
    <Timeline
      items={data.map((entry) => ({
        key: `${entry.version}-${entry.action}`,
        color: COLORS[entry.action] ?? 'gray',
        content: (
          <div data-testid="history-entry">
            <Typography.Text strong>{entry.actor?.name}</Typography.Text> {t(`views.history.${entry.action}`)}{' '}
            <Typography.Text type="secondary">{dayjs(entry.at).format('YYYY-MM-DD HH:mm:ss')}</Typography.Text>
            {entry.action === 'update' && (
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                {entry.changes.map((change) => (
                  <li key={change.field}>
                    {label(change.field)}: <Typography.Text delete>{show(change.field, change.before, entry.names)}</Typography.Text> → {show(change.field, change.after, entry.names)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ),
      }))}
    />
  );
}
