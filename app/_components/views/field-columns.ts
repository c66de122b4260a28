import type { EntityDefinition, SortSpec } from '@/lib/entities/entity.types';
import type { FieldDefinition, FilterOperator } from '@/lib/fields/field.types';
import { fieldType, operatorsFor } from '@/lib/fields/registry';

/** Columns every record has besides its fields (sortable on the server). */
export const SYSTEM_COLUMNS = ['createdAt', 'updatedAt'] as const;

export function fieldOf(def: EntityDefinition, key: string): FieldDefinition | undefined {
  return def.fields.find((field) => field.key === key);
}

export function isSystemColumn(key: string): boolean {
  return (SYSTEM_COLUMNS as readonly string[]).includes(key);
}

/** What a list may show: visible fields, then the system columns. */
export function listableColumns(def: EntityDefinition): string[] {
  return [...def.fields.filter((field) => !field.hidden).map((field) => field.key), ...SYSTEM_COLUMNS];
}

export function isSortable(def: EntityDefinition, key: string): boolean {
  if (isSystemColumn(key)) return true;
  const field = fieldOf(def, key);
  return Boolean(field && fieldType(field.type).sortable);
}

export function filterableFields(def: EntityDefinition): FieldDefinition[] {
  return def.fields.filter((field) => !field.hidden && operatorsFor(field).length > 0);
}

/** Fields a bulk edit can set to one value for many records. */
const BULK_EXCLUDED = new Set(['subtable', 'attachment', 'address']);
export function bulkEditableFields(def: EntityDefinition): FieldDefinition[] {
  return def.fields.filter((field) => !field.hidden && !field.readOnly && !fieldType(field.type).computed && !BULK_EXCLUDED.has(field.type));
}

/** Numbers read best right-aligned; a formula follows its result. */
export function isNumericField(field: FieldDefinition | undefined): boolean {
  if (!field) return false;
  if (field.type === 'formula') return field.formula?.result !== 'text';
  return field.type === 'number' || field.type === 'money' || field.type === 'percent';
}

/** The kinds of value input an operator needs. */
export type ValueShape = 'none' | 'single' | 'range' | 'days' | 'list';
const SHAPES: Partial<Record<FilterOperator, ValueShape>> = {
  empty: 'none',
  notEmpty: 'none',
  isTrue: 'none',
  isFalse: 'none',
  isMe: 'none',
  between: 'range',
  lastNDays: 'days',
  nextNDays: 'days',
  anyOf: 'list',
  noneOf: 'list',
  allOf: 'list',
};
export function valueShape(op: FilterOperator): ValueShape {
  return SHAPES[op] ?? 'single';
}

/** `a:asc,b:desc`, the form the list API takes. */
export function formatSort(sort: SortSpec[]): string {
  return sort.map((spec) => `${spec.field}:${spec.direction}`).join(',');
}

export function parseSort(text: string): SortSpec[] {
  return text
    .split(',')
    .map((part) => part.split(':'))
    .filter(([field, direction]) => field && (direction === 'asc' || direction === 'desc'))
    .map(([field, direction]) => ({ field, direction: direction as SortSpec['direction'] }));
}
