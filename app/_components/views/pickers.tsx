'use client';

import { useEffect, useRef, useState } from 'react';
import { Select } from 'antd';
import { api } from '@/lib/client/api-client';
import type { RecordView } from '@/lib/records/record.types';
import { useI18n } from '../i18n-provider';
import type { RecordPage, UserRef } from './view-api';

type Option = { value: string; label: string };
type Value = string | string[] | undefined;

interface PickerProps {
  value: Value;
  onChange: (value: Value) => void;
  multiple?: boolean;
  testId?: string;
}

const ids = (value: Value) => (Array.isArray(value) ? value : value ? [value] : []);

/** A searchable select whose options come from the server, keeping the names of chosen ids. */
function SearchPicker({ value, onChange, multiple, testId, search, resolve }: PickerProps & {
  search: (q: string) => Promise<Option[]>;
  resolve: (ids: string[]) => Promise<Option[]>;
}) {
  const { t } = useI18n();
  const [found, setFound] = useState<Option[]>([]);
  const [known, setKnown] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  async function run(q: string) {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const options = await search(q);
      // Answers can arrive out of order while someone types; only the last one counts.
      if (ticket === latest.current) setFound(options);
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }

  useEffect(() => {
    void run('');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const options = [...known.filter((option) => !found.some((other) => other.value === option.value)), ...found];
  const missing = ids(value).filter((id) => !options.some((option) => option.value === id));
  const missingKey = missing.join(',');
  useEffect(() => {
    // A value restored from a shared link has ids only: fetch the names it lacks.
    if (!missingKey) return;
    resolve(missingKey.split(',')).then((more) => setKnown((prev) => [...prev, ...more]), () => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [missingKey]);
  return (
    <Select
      data-testid={testId}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: (q) => void run(q) }}
      allowClear
      value={multiple ? ids(value) : (value as string | undefined)}
      loading={loading}
      placeholder={t('common.search')}
      options={options}
      notFoundContent={t('common.empty')}
      onChange={(next: Value, chosen) => {
        const picked = (Array.isArray(chosen) ? chosen : chosen ? [chosen] : []) as Option[];
        setKnown((prev) => [...prev, ...picked.filter((option) => !prev.some((other) => other.value === option.value))]);
        onChange(next ?? undefined);
      }}
      style={{ minWidth: 200, width: '100%' }}
    />
  );
}

export function RecordPicker({ entity, ...props }: PickerProps & { entity: string }) {
  const toOption = (record: RecordView) => ({ value: record.id, label: record.display || record.id });
  return (
    <SearchPicker
      {...props}
      search={async (q) => (await api<RecordPage>(`/api/records/${entity}?pageSize=20&q=${encodeURIComponent(q)}`)).items.map(toOption)}
      resolve={async (wanted) => {
        const records = await Promise.all(wanted.slice(0, 20).map((id) => api<RecordView>(`/api/records/${entity}/${id}`).catch(() => null)));
        return records.filter((record): record is RecordView => record !== null).map(toOption);
      }}
    />
  );
}

export function UserPicker(props: PickerProps) {
  const toOption = (user: UserRef) => ({ value: user.id, label: user.name || user.email });
  return (
    <SearchPicker
      {...props}
      search={async (q) => (await api<UserRef[]>(`/api/users/lookup?q=${encodeURIComponent(q)}`)).map(toOption)}
      resolve={async (wanted) => (await api<UserRef[]>(`/api/users/lookup?ids=${wanted.map(encodeURIComponent).join(',')}`)).map(toOption)}
    />
  );
}
