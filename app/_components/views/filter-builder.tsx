'use client';

import { useEffect, useState } from 'react';
import { Badge, Button, Radio, Space, Tag, Typography } from 'antd';
import { FilterOutlined, PlusOutlined } from '@ant-design/icons';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FilterGroup } from '@/lib/fields/field.types';
import { operatorsFor } from '@/lib/fields/registry';
import { useI18n } from '../i18n-provider';
import { filterableFields, valueShape } from './field-columns';
import { FilterRow, initialValue } from './filter-row';

/**
 * Edits a draft of the filter; nothing is fetched until Apply, so half-typed conditions never
 * reach the server. The server checks the values and its 400 message is shown by the list.
 */
export function FilterBuilder({ def, value, onApply }: { def: EntityDefinition; value: FilterGroup; onApply: (group: FilterGroup) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<FilterGroup>(value);
  const applied = JSON.stringify(value);
  // The URL changes on back/forward and when a saved view is picked: start over from it.
  useEffect(() => setDraft(JSON.parse(applied) as FilterGroup), [applied]);

  function add() {
    const field = filterableFields(def)[0];
    if (!field) return;
    const op = operatorsFor(field)[0];
    setDraft((prev) => ({ ...prev, conditions: [...prev.conditions, { field: field.key, op, value: initialValue(valueShape(op)) }] }));
  }

  const dirty = JSON.stringify(draft) !== applied;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="small">
      <Space wrap>
        <Badge count={value.conditions.length + (value.groups?.length ?? 0)} size="small">
          <FilterOutlined />
        </Badge>
        <Typography.Text>{t('views.filter.match')}</Typography.Text>
        <Radio.Group
          size="small"
          value={draft.match}
          onChange={(event) => setDraft((prev) => ({ ...prev, match: event.target.value as FilterGroup['match'] }))}
          options={[
            { value: 'all', label: t('views.filter.all') },
            { value: 'any', label: t('views.filter.any') },
          ]}
          optionType="button"
        />
        <Button size="small" icon={<PlusOutlined />} onClick={add} data-testid="filter-add">
          {t('views.filter.add')}
        </Button>
        <Button size="small" type={dirty ? 'primary' : 'default'} onClick={() => onApply(draft)} data-testid="filter-apply">
          {t('views.filter.apply')}
        </Button>
        {(draft.groups?.length ?? 0) > 0 && (
          <Tag closable onClose={() => setDraft((prev) => ({ match: prev.match, conditions: prev.conditions }))} data-testid="filter-groups">
            {t('views.filter.groups', { count: draft.groups!.length, conditions: draft.groups!.map((group) => group.conditions.map((condition) => condition.field).join(group.match === 'any' ? ' | ' : ' & ')).join('; ') })}
          </Tag>
        )}
        {value.conditions.length + (value.groups?.length ?? 0) > 0 && (
          <Button size="small" type="link" onClick={() => onApply({ match: 'all', conditions: [] })}>
            {t('views.filter.clear')}
          </Button>
        )}
      </Space>
      {draft.conditions.map((condition, index) => (
        <FilterRow
          key={index}
          def={def}
          condition={condition}
          index={index}
          onChange={(next) => setDraft((prev) => ({ ...prev, conditions: prev.conditions.map((old, at) => (at === index ? next : old)) }))}
          onRemove={() => setDraft((prev) => ({ ...prev, conditions: prev.conditions.filter((_, at) => at !== index) }))}
        />
      ))}
    </Space>
  );
}
