'use client';

import { useEffect, useState } from 'react';
import { Select } from 'antd';
import type { WidgetProps } from '@rjsf/utils';
import { api } from '@/lib/client/api-client';
import type { RecordPage } from '@/lib/records/record.service';
import type { RecordView } from '@/lib/records/record.types';
import { useI18n } from './i18n-provider';

type Option = { value: string; label: string };

/** Picks a record of another entity by searching its list API; shows the target's display field. */
export function RelationWidget({ id, value, disabled, readonly, options, onChange, onBlur, placeholder }: WidgetProps) {
  const { t } = useI18n();
  const entity = String(options.entity);
  const [choices, setChoices] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);

  async function search(q: string) {
    setLoading(true);
    try {
      const page = await api<RecordPage>(`/api/records/${entity}?pageSize=20&q=${encodeURIComponent(q)}`);
      setChoices(page.items.map((item) => ({ value: item.id, label: item.display || item.id })));
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void search('');
    if (typeof value === 'string' && value) {
      api<RecordView>(`/api/records/${entity}/${value}`)
        .then((record) => setChoices((prev) => (prev.some((o) => o.value === record.id) ? prev : [{ value: record.id, label: record.display }, ...prev])))
        .catch(() => undefined);
    }
    // Only on mount: later searches come from typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entity]);

  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
      allowClear
      value={value || undefined}
      disabled={disabled || readonly}
      loading={loading}
      placeholder={placeholder || t('common.search')}
      options={choices}
      notFoundContent={t('common.empty')}
      onChange={(next) => onChange(next ?? undefined)}
      onBlur={() => onBlur(id, value)}
      style={{ width: '100%' }}
    />
  );
}
