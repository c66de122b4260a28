import type { FieldDefinition, FieldTypeKey } from '@/lib/fields/field.types';
import { fieldType, isFieldTypeKey } from '@/lib/fields/registry';
import { isObject } from '@/lib/fields/settings-checks';
import { formulaResultField } from '@/lib/fields/types/formula';
import { moneyScale } from '@/lib/fields/types/money';

/*
 * Linked fill (数据联动): a field set `fillFrom: { relation, field }` takes the value of `field`
 * of the record picked in `relation` (a single relation in the same form, or in the same row of
 * a sub-table) at the moment it is picked. The value stays editable, and nothing is filled
 * again later: a record's stored values change only when someone picks or types.
 *
 * This module holds the setting's rules, shared by the definition checks (server) and the form
 * that applies them (browser): which fields can be filled, from which source fields, and the
 * value a pick puts in.
 */

/** What a filled field's type must be able to hold: these are filled, computed or composite types are not. */
const NOT_FILLABLE: FieldTypeKey[] = ['subtable', 'attachment'];

/** Texts of other kinds that read well in a plain text field. */
const TEXT_SOURCES: FieldTypeKey[] = ['text', 'textarea', 'phone', 'email', 'url', 'autonumber'];

/** The field as its values are stored: a formula as its result type, a rollup as a number, a number as a text. */
function storedAs(field: FieldDefinition): FieldDefinition {
  if (field.type === 'formula') return formulaResultField(field);
  if (field.type === 'rollup') return { ...field, type: 'number', precision: field.rollup?.precision ?? 2 };
  return field;
}

/** Whether a field's type can be filled from another record at all. */
export function canBeFilled(field: FieldDefinition): boolean {
  return isFieldTypeKey(field.type) && !fieldType(field.type).computed && !NOT_FILLABLE.includes(field.type);
}

/**
 * Why `source` (a field of the related entity) cannot fill `target`, or null when it can: the
 * value is copied as stored, so both must store values the same way (money in the same
 * currency and decimals, options the target has, records of the same entity).
 */
export function fillMismatch(target: FieldDefinition, sourceField: FieldDefinition): string | null {
  const source = storedAs(sourceField);
  const kind = (field: FieldDefinition) => `a ${field.type} field`;
  if (target.type === 'text' || target.type === 'textarea') {
    return TEXT_SOURCES.includes(source.type) || (sourceField.type === 'formula' && source.type === 'text') ? null : `${kind(sourceField)} cannot fill a text`;
  }
  if (source.type !== target.type) return `${kind(sourceField)} cannot fill ${kind(target)}`;
  switch (target.type) {
    case 'money': {
      const [to, from] = [target.currency ?? 'CNY', source.currency ?? 'CNY'];
      if (to !== from) return `the amount is in ${from}, this field in ${to}`;
      return moneyScale(source) === moneyScale(target) ? null : `the amount keeps ${moneyScale(source)} decimals, this field ${moneyScale(target)}`;
    }
    case 'select':
    case 'multiselect': {
      const own = new Set((target.options ?? []).map((option) => option.value));
      const missing = (source.options ?? []).map((option) => option.value).filter((value) => !own.has(value));
      return missing.length === 0 ? null : `the options ${missing.map((value) => `"${value}"`).join(', ')} of the source are not options here`;
    }
    case 'relation':
      if (source.relation?.entity !== target.relation?.entity) return `the source points to "${String(source.relation?.entity)}", this field to "${String(target.relation?.entity)}"`;
      return Boolean(source.relation?.many) === Boolean(target.relation?.many) ? null : 'one holds one record, the other several';
    default:
      return null;
  }
}

/** The relation a field is filled from, among the fields of its form (or of its sub-table row). */
export function fillRelationOf(field: FieldDefinition, scope: FieldDefinition[]): FieldDefinition | undefined {
  const setting = field.fillFrom as unknown;
  if (!isObject(setting)) return undefined;
  return scope.find((candidate) => candidate.key === setting.relation && candidate.type === 'relation' && candidate !== field);
}

/**
 * What is wrong with a field's fillFrom as far as its own form can tell (`scope`: the fields of
 * the form, or the columns of the sub-table the field is a column of).
 */
export function fillFromProblems(field: FieldDefinition, scope: FieldDefinition[], where: string): string[] {
  const setting = field.fillFrom as unknown;
  if (setting === undefined) return [];
  if (!isObject(setting) || typeof setting.relation !== 'string' || !setting.relation || typeof setting.field !== 'string' || !setting.field) {
    return [`${where}: fillFrom needs the relation it is filled from and the field of the related record`];
  }
  if (!canBeFilled(field)) return [`${where}: a ${field.type} field cannot be filled from a related record`];
  const relation = scope.find((candidate) => candidate.key === setting.relation);
  if (!relation || relation === field) return [`${where}: filled from "${setting.relation}", which is not another field of the same form (or of the same sub-table row)`];
  if (relation.type !== 'relation') return [`${where}: filled from "${setting.relation}", which is not a relation`];
  if (relation.relation?.many) return [`${where}: filled from "${setting.relation}", which holds several records; only a single relation can fill a field`];
  return [];
}

/**
 * What is wrong with a fillFrom once the related entity is known (`related`: undefined when it
 * does not exist): the source field must exist there and fit the field.
 */
export function fillSourceProblems(field: FieldDefinition, related: { key: string; fields: FieldDefinition[] } | undefined, where: string): string[] {
  const setting = field.fillFrom;
  if (!setting || !related) return [];
  const source = related.fields.find((candidate) => candidate.key === setting.field);
  if (!source) return [`${where}: filled from "${setting.field}", which is not a field of "${related.key}"`];
  const mismatch = fillMismatch(field, source);
  return mismatch ? [`${where}: cannot be filled from ${related.key}.${source.key}: ${mismatch}`] : [];
}

/** The value a pick puts in the field: the related record's value as stored (a copy), or undefined when it has none. */
export function filledValue(value: unknown): unknown {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
  return typeof value === 'object' ? structuredClone(value) : value;
}
