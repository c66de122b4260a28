import type { FieldDefinition, FieldType } from '@/lib/fields/field.types';
import { PRESENCE_OPERATORS, presenceFilter } from '@/lib/fields/filters';
import { fieldType } from '@/lib/fields/registry';
import { parseJsonText } from '@/lib/validation/safe-json';

/** Types a sub-table column may have (no nesting, no files, no document numbers). */
export const SUBTABLE_COLUMN_TYPES = ['text', 'textarea', 'number', 'money', 'percent', 'date', 'boolean', 'select', 'relation', 'user', 'formula'] as const;

function columns(field: FieldDefinition): FieldDefinition[] {
  return field.fields ?? [];
}

/** Rows with their own fields inside a record, e.g. an order's line items. */
export const subtableType: FieldType = {
  key: 'subtable',
  holdsSeveral: () => true,
  label: { 'zh-CN': '子表单', en: 'Sub-table' },
  settings: ['fields'],
  schema: (field) => ({
    type: 'array',
    maxItems: field.max ?? 1000,
    ...(field.min ? { minItems: field.min } : {}),
    items: {
      type: 'object',
      additionalProperties: false,
      required: columns(field).filter((column) => column.required && !fieldType(column.type).computed).map((column) => column.key),
      properties: Object.fromEntries(columns(field).map((column) => [column.key, fieldType(column.type).schema(column)])),
    },
  }),
  ui: (field) => ({
    'ui:options': { orderable: true, subtable: true },
    items: Object.fromEntries(columns(field).map((column) => [column.key, fieldType(column.type).ui(column)])),
  }),
  // Each cell is normalised by its column's type; rows left wholly empty are dropped.
  normalise: (value, field) => {
    if (!Array.isArray(value)) return value;
    const rows = value
      .map((row) => {
        if (typeof row !== 'object' || row === null || Array.isArray(row)) return row;
        const clean: Record<string, unknown> = {};
        for (const [key, raw] of Object.entries(row)) {
          const column = columns(field).find((candidate) => candidate.key === key);
          const type = column ? fieldType(column.type) : undefined;
          if (type?.computed) continue;
          const normalised = column && type?.normalise ? type.normalise(raw, column) : typeof raw === 'string' ? raw.trim() : raw;
          if (normalised !== '' && normalised !== null && normalised !== undefined) clean[key] = normalised;
        }
        return clean;
      })
      .filter((row) => typeof row !== 'object' || row === null || Object.keys(row).length > 0);
    return rows.length > 0 ? rows : undefined;
  },
  operators: PRESENCE_OPERATORS,
  filter: (field, op) => presenceFilter(field, op),
  sortable: false,
  aggregations: ['count'],
  toText: (value, field, ctx) => {
    if (!Array.isArray(value)) return '';
    return value
      .map((row: Record<string, unknown>) =>
        columns(field)
          .map((column) => fieldType(column.type).toText(row[column.key], column, { locale: ctx.locale }))
          .filter(Boolean)
          .join(' | '),
      )
      .join('; ');
  },
  fromText: (text) => {
    try {
      const rows: unknown = parseJsonText(text);
      return Array.isArray(rows) ? { ok: true, value: rows } : { ok: false, error: 'a sub-table is a JSON list of rows' };
    } catch {
      return { ok: false, error: 'a sub-table is a JSON list of rows' };
    }
  },
  toFormula: (value, field) =>
    Array.isArray(value)
      ? value.map((row: Record<string, unknown>) =>
          Object.fromEntries(columns(field).map((column) => [column.key, fieldType(column.type).toFormula?.(row[column.key], column) ?? null])),
        )
      : [],
  formulaKind: () => 'rows',
};
