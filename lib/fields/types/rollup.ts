import type { FieldType } from '@/lib/fields/field.types';
import { Decimal } from '@/lib/fields/decimal';
import { numberType } from '@/lib/fields/types/number';

/**
 * A number summed (counted, min, max) from the records of another entity that match this one,
 * e.g. a stock line's quantity on hand from its movements. The server stores it and the worker
 * recomputes it after every write to a source record (lib/records/rollups.ts); client input is
 * ignored. Filters, sorting and charts treat it as a number.
 */
export const rollupType: FieldType = {
  key: 'rollup',
  label: { 'zh-CN': '汇总', en: 'Rollup' },
  settings: ['rollup'],
  computed: true,
  schema: () => ({ type: 'number', readOnly: true }),
  ui: (field) => ({ 'ui:widget': 'decimal', 'ui:readonly': true, 'ui:options': { precision: field.rollup?.precision ?? 2 } }),
  operators: numberType.operators,
  filter: (field, op, value, ctx) => numberType.filter({ ...field, precision: field.rollup?.precision ?? 2 }, op, value, ctx),
  sortable: true,
  groupable: false,
  aggregations: ['count', 'sum', 'avg', 'min', 'max', 'distinct'],
  numeric: (field) => ({ kind: 'number', precision: field.rollup?.precision ?? 2 }),
  indexed: false,
  toText: (value, field, ctx) => numberType.toText(value, { ...field, precision: field.rollup?.precision ?? 2 }, ctx),
  fromText: (text, field) => numberType.fromText(text, { ...field, precision: field.rollup?.precision ?? 2 }),
  toFormula: (value) => (typeof value === 'number' ? new Decimal(value) : null),
};
