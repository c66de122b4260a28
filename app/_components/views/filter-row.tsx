'use client';

import { Button, InputNumber, Select, Space } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FilterCondition, FilterOperator } from '@/lib/fields/field.types';
import { operatorsFor } from '@/lib/fields/registry';
import { useI18n } from '../i18n-provider';
import { fieldOf, filterableFields, valueShape, type ValueShape } from './field-columns';
import { ValueInput } from './value-input';

/** The value a condition starts with when its operator takes a new shape. */
export function initialValue(shape: ValueShape): unknown {
  if (shape === 'range') return [null, null];
  if (shape === 'days') return 7;
  return undefined;
}

/** One "field, operator, value" line of the filter builder; `index` numbers its test ids. */
export function FilterRow({ def, condition, index, onChange, onRemove }: {
  def: EntityDefinition;
  condition: FilterCondition;
  index: number;
  onChange: (next: FilterCondition) => void;
  onRemove: () => void;
}) {
  const { t, text } = useI18n();
  const field = fieldOf(def, condition.field);
  const operators = field ? operatorsFor(field) : [];
  const shape = valueShape(condition.op);

  function setField(key: string) {
    const next = fieldOf(def, key);
    const op = next ? operatorsFor(next)[0] : condition.op;
    onChange({ field: key, op, value: initialValue(valueShape(op)) });
  }

  function setOp(op: FilterOperator) {
    const keep = valueShape(op) === shape;
    onChange({ ...condition, op, value: keep ? condition.value : initialValue(valueShape(op)) });
  }

  const range = Array.isArray(condition.value) ? condition.value : [null, null];
  return (
    <Space wrap align="start">
      <Select
        data-testid={`filter-field-${index}`}
        value={condition.field || undefined}
        placeholder={t('views.filter.field')}
        showSearch={{ optionFilterProp: 'label' }}
        options={filterableFields(def).map((candidate) => ({ value: candidate.key, label: text(candidate.label) }))}
        onChange={setField}
        style={{ width: 180 }}
      />
      <Select
        data-testid={`filter-op-${index}`}
        value={condition.op}
        options={operators.map((op) => ({ value: op, label: t(`views.op.${op}`) }))}
        onChange={setOp}
        style={{ width: 140 }}
      />
      {field && shape === 'single' && (
        <ValueInput key={field.key} field={field} purpose="filter" value={condition.value} onChange={(value) => onChange({ ...condition, value })} testId={`filter-value-${index}`} />
      )}
      {field && shape === 'list' && (
        <div style={{ minWidth: 220 }}>
          <ValueInput key={field.key} field={field} purpose="filter" multiple value={condition.value} onChange={(value) => onChange({ ...condition, value })} testId={`filter-value-${index}`} />
        </div>
      )}
      {field && shape === 'range' && (
        <Space data-testid={`filter-value-${index}`}>
          {[0, 1].map((edge) => (
            <ValueInput
              key={edge}
              field={field}
              purpose="filter"
              value={range[edge]}
              onChange={(value) => onChange({ ...condition, value: edge === 0 ? [value ?? null, range[1]] : [range[0], value ?? null] })}
              testId={`filter-value-${index}-${edge === 0 ? 'from' : 'to'}`}
            />
          ))}
        </Space>
      )}
      {shape === 'days' && (
        <InputNumber
          data-testid={`filter-value-${index}`}
          min={1}
          precision={0}
          value={typeof condition.value === 'number' ? condition.value : null}
          onChange={(value) => onChange({ ...condition, value: value ?? undefined })}
          suffix={t('views.filter.days')}
        />
      )}
      <Button type="text" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('common.delete')} />
    </Space>
  );
}
