import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { fieldType } from '@/lib/fields/registry';
import { AppError } from '@/lib/errors/app-error';
import { OPEN_MASK, type FieldMask } from '@/lib/permissions/field-mask';
import type { DedupeRule, ImportableField } from '@/lib/imports/import.types';

/**
 * Fields a column can fill: everything people type (not formulas, numbers the server gives, or
 * files) that the importer may change (their field mask, lib/permissions): a hidden field is
 * not even named, so an import never tells what it holds.
 */
export function importableFields(def: EntityDefinition, mask: FieldMask = OPEN_MASK): FieldDefinition[] {
  return def.fields.filter((field) => !fieldType(field.type).computed && field.type !== 'attachment' && !mask.readOnly.has(field.key));
}

/** Fields rows may be matched on: importable ones and the read-only ones the importer sees, never hidden ones. */
function matchableFields(def: EntityDefinition, mask: FieldMask): FieldDefinition[] {
  return def.fields.filter((field) => !fieldType(field.type).computed && field.type !== 'attachment' && !mask.hidden.has(field.key));
}

export function importableFieldList(def: EntityDefinition, mask: FieldMask = OPEN_MASK): ImportableField[] {
  return importableFields(def, mask).map((field) => ({
    key: field.key,
    label: field.label,
    type: field.type,
    required: Boolean(field.required),
    unique: Boolean(field.unique),
  }));
}

/** A header as compared: full-width folded to half-width, case and all spaces ignored. */
export function headerKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s_\-*:：]+/g, '');
}

/** Each column's field, by the field's key or its label in either language; a field is used once. */
export function autoMapping(columns: string[], def: EntityDefinition, mask: FieldMask = OPEN_MASK): (string | null)[] {
  const byName = new Map<string, string>();
  for (const field of importableFields(def, mask)) {
    for (const name of [field.label.en, field.label['zh-CN']]) if (name && !byName.has(headerKey(name))) byName.set(headerKey(name), field.key);
  }
  // A key wins over another field's label.
  for (const field of importableFields(def, mask)) byName.set(headerKey(field.key), field.key);
  const used = new Set<string>();
  return columns.map((column) => {
    const key = byName.get(headerKey(column));
    if (!key || used.has(key)) return null;
    used.add(key);
    return key;
  });
}

/** The default rule: match on the entity's unique fields and skip rows that match. */
export function defaultDedupe(def: EntityDefinition, mask: FieldMask = OPEN_MASK): DedupeRule {
  return { fields: matchableFields(def, mask).filter((field) => field.unique).map((field) => field.key), mode: 'skip' };
}

function bad(messageKey: ConstructorParameters<typeof AppError>[2], params: Record<string, string | number> = {}): AppError {
  return new AppError('invalid', 'bad_request', messageKey, params);
}

/** A mapping sent by the client, checked: one entry per column, importable fields, none twice. */
export function checkedMapping(value: unknown, columns: string[], def: EntityDefinition, mask: FieldMask = OPEN_MASK): (string | null)[] {
  if (!Array.isArray(value) || value.length !== columns.length) throw bad('imports.error.mapping', { count: columns.length });
  const keys = new Set(importableFields(def, mask).map((field) => field.key));
  const used = new Set<string>();
  return value.map((entry, index) => {
    if (entry === null || entry === '') return null;
    if (typeof entry !== 'string' || !keys.has(entry)) throw bad('imports.error.mappingField', { column: columns[index], field: String(entry) });
    if (used.has(entry)) throw bad('imports.error.mappingTwice', { field: entry });
    used.add(entry);
    return entry;
  });
}

export function checkedDedupe(value: unknown, current: DedupeRule, def: EntityDefinition, mask: FieldMask = OPEN_MASK): DedupeRule {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('imports.error.dedupeMode');
  const input = value as { fields?: unknown; mode?: unknown };
  const mode = input.mode ?? current.mode;
  if (mode !== 'skip' && mode !== 'update' && mode !== 'create') throw bad('imports.error.dedupeMode');
  const fields = input.fields ?? current.fields;
  const keys = new Set(matchableFields(def, mask).map((field) => field.key));
  if (!Array.isArray(fields)) throw bad('imports.error.dedupeField', { field: String(fields) });
  for (const field of fields) if (typeof field !== 'string' || !keys.has(field)) throw bad('imports.error.dedupeField', { field: String(field) });
  return { fields: [...new Set(fields as string[])], mode };
}
