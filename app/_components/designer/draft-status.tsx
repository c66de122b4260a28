'use client';

import useSWR from 'swr';
import { Tag } from 'antd';
import { useI18n } from '../i18n-provider';
import type { DraftResponse } from './designer-types';

/** Whether an entity has an unpublished draft, and how many problems stop it from being published. */
export function DraftStatus({ entityKey }: { entityKey: string }) {
  const { t } = useI18n();
  const { data } = useSWR<DraftResponse>(`/api/entities/${encodeURIComponent(entityKey)}/draft`);
  if (!data?.draft) return <span data-testid={`designer-draft-${entityKey}`}>—</span>;
  return (
    <span data-testid={`designer-draft-${entityKey}`}>
      <Tag color="gold">{t('designer.status.draft')}</Tag>
      {data.problems.length > 0 && <Tag color="red">{t('designer.problems.title', { count: data.problems.length })}</Tag>}
    </span>
  );
}
