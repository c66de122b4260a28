'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { Segmented } from 'antd';
import { AppstoreOutlined, DeleteOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';

export type EntityScreen = 'list' | 'kanban' | 'trash';

/** Switches between an entity's list, board and recycle bin, keeping the search and filter. */
export function EntityTabs({ def, current }: { def: EntityDefinition; current: EntityScreen }) {
  const { t } = useI18n();
  const router = useRouter();
  const params = useSearchParams();
  const hasLanes = def.fields.some((field) => field.type === 'select');

  function go(screen: EntityScreen) {
    const carried = new URLSearchParams();
    // The recycle bin has its own simple list; the list and board share what narrows them.
    if (screen !== 'trash' && current !== 'trash') {
      for (const key of ['q', 'filter']) if (params.has(key)) carried.set(key, params.get(key) ?? '');
    }
    const base = `/records/${def.key}${screen === 'list' ? '' : `/${screen}`}`;
    const search = carried.toString();
    router.push(search ? `${base}?${search}` : base);
  }

  return (
    <Segmented<EntityScreen>
      data-testid="entity-tabs"
      value={current}
      onChange={go}
      options={[
        { value: 'list', label: t('views.tabs.list'), icon: <UnorderedListOutlined /> },
        ...(hasLanes ? [{ value: 'kanban' as const, label: t('views.tabs.kanban'), icon: <AppstoreOutlined /> }] : []),
        { value: 'trash', label: t('views.tabs.trash'), icon: <DeleteOutlined /> },
      ]}
    />
  );
}
