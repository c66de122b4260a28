import type { FieldDefinition, FieldType } from '@/lib/fields/field.types';
import { Decimal } from '@/lib/fields/decimal';
import { numberType, plainNumber } from '@/lib/fields/types/number';
import { isObject, wholeProblem } from '@/lib/fields/settings-checks';

const ROLLUP_FNS = ['sum', 'count', 'min', 'max'];

function rollupProblems(field: FieldDefinition, where: string): string[] {
  const settings = field.rollup as unknown;
  if (!isObject(settings) || typeof settings.entity !== 'string' || !settings.entity) return [`${where}: needs the entity it reads`];
  const problems: string[] = [];
  if (typeof settings.fn !== 'string' || !ROLLUP_FNS.includes(settings.fn)) problems.push(`${where}: fn must be one of ${ROLLUP_FNS.join(', ')}`);
  if (settings.fn !== 'count' && (typeof settings.field !== 'string' || !settings.field)) problems.push(`${where}: needs the source field to ${String(settings.fn)}`);
  const pairs = isObject(settings.match) ? Object.entries(settings.match) : [];
  if (pairs.length === 0) problems.push(`${where}: needs at least one match (source field → this entity's field)`);
  for (const [source, target] of pairs) {
    if (!source || typeof target !== 'string' || !target) problems.push(`${where}: match pairs need a source field and a field of this entity`);
  }
  if (settings.where !== undefined && !isObject(settings.where)) problems.push(`${where}: where must map source fields to values`);
  problems.push(...wholeProblem(where, 'precision', settings.precision, 0, 10));
  return problems;
}

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
  toPlainText: (value, field) => plainNumber(value, field.rollup?.precision ?? 2),
  fromText: (text, field) => numberType.fromText(text, { ...field, precision: field.rollup?.precision ?? 2 }),
  toFormula: (value) => (typeof value === 'number' ? new Decimal(value) : null),
  formulaKind: () => 'number',
  settingsProblems: (field, where) => rollupProblems(field, where),
};
