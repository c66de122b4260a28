import { ACTION_KEY_PATTERN, ENTITY_KEY_PATTERN, FIELD_KEY_PATTERN, SYSTEM_SORT_FIELDS, type EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { fieldType, isFieldTypeKey } from '@/lib/fields/registry';
import { SUBTABLE_COLUMN_TYPES } from '@/lib/fields/types/subtable';
import { compileFormula, formulaDependencies, type CompiledFormula } from '@/lib/formulas';
import { isReservedKey } from '@/lib/validation/safe-json';

const ROLE_KEY = /^[a-z][a-z0-9_]{0,47}$/;

const DISPLAY_TYPES = new Set(['text', 'autonumber', 'email', 'phone', 'formula']);

function fieldProblems(field: FieldDefinition, where: string): string[] {
  const problems: string[] = [];
  if (!FIELD_KEY_PATTERN.test(field.key ?? '')) problems.push(`${where}: key "${field.key}" must match ${FIELD_KEY_PATTERN}`);
  // A key every object has (constructor, toString…) would shadow what code calls on a record's values.
  else if (isReservedKey(field.key)) problems.push(`${where}: key "${field.key}" is reserved`);
  if (!isFieldTypeKey(field.type)) return [...problems, `${where}: unknown type "${field.type}"`];
  if (!field.label?.['zh-CN'] && !field.label?.en) problems.push(`${where}: needs a label`);
  const type = fieldType(field.type);
  if (field.unique && !type.settings.includes('unique')) problems.push(`${where}: a ${field.type} field cannot be unique`);
  if (field.pattern) {
    try {
      new RegExp(field.pattern, 'u');
    } catch {
      problems.push(`${where}: pattern is not a valid regular expression`);
    }
  }
  if (field.type === 'select' || field.type === 'multiselect') {
    const values = (field.options ?? []).map((option) => option.value);
    if (values.length === 0) problems.push(`${where}: needs at least one option`);
    if (new Set(values).size !== values.length || values.some((value) => !value)) problems.push(`${where}: option values must be unique and not empty`);
  }
  if (field.transitions !== undefined) problems.push(...transitionProblems(field, where));
  if (field.type === 'relation' && !field.relation?.entity) problems.push(`${where}: needs the entity it points to`);
  if (field.type === 'formula' && !field.formula?.expression?.trim()) problems.push(`${where}: needs an expression`);
  if (field.type === 'autonumber') {
    const settings = field.autonumber;
    if (!settings || !Number.isInteger(settings.digits) || settings.digits < 1 || settings.digits > 12) problems.push(`${where}: needs 1 to 12 digits`);
    if (settings && !/^[A-Za-z0-9_-]{0,20}$/.test(settings.prefix ?? '')) problems.push(`${where}: prefix may hold letters, digits, "-" and "_" only`);
  }
  if (field.type === 'rollup') problems.push(...rollupProblems(field, where));
  if (field.type === 'subtable') {
    const columns = field.fields ?? [];
    if (columns.length === 0) problems.push(`${where}: needs at least one column`);
    const keys = columns.map((column) => column.key);
    if (new Set(keys).size !== keys.length) problems.push(`${where}: column keys must be unique`);
    for (const column of columns) {
      if (column.visibleTo !== undefined) problems.push(`${where}.${column.key}: only fields, not sub-table columns, can be visible to some roles`);
      if (!(SUBTABLE_COLUMN_TYPES as readonly string[]).includes(column.type)) problems.push(`${where}.${column.key}: a sub-table column cannot be a ${column.type}`);
      else problems.push(...fieldProblems(column, `${where}.${column.key}`));
    }
    problems.push(...formulaProblems(columns, where, () => true));
  }
  return problems;
}

const ROLLUP_FNS = ['sum', 'count', 'min', 'max'];

function rollupProblems(field: FieldDefinition, where: string): string[] {
  const settings = field.rollup;
  if (!settings?.entity) return [`${where}: needs the entity it reads`];
  const problems: string[] = [];
  if (!ROLLUP_FNS.includes(settings.fn)) problems.push(`${where}: fn must be one of ${ROLLUP_FNS.join(', ')}`);
  if (settings.fn !== 'count' && !settings.field) problems.push(`${where}: needs the source field to ${settings.fn}`);
  const pairs = Object.entries(settings.match ?? {});
  if (pairs.length === 0) problems.push(`${where}: needs at least one match (source field → this entity's field)`);
  for (const [source, target] of pairs) {
    if (!source || typeof target !== 'string' || !target) problems.push(`${where}: match pairs need a source field and a field of this entity`);
  }
  return problems;
}

/** A select's transitions name its own options, from and to. */
function transitionProblems(field: FieldDefinition, where: string): string[] {
  if (field.type !== 'select') return [`${where}: only a single select can have transitions`];
  const transitions = field.transitions;
  if (typeof transitions !== 'object' || transitions === null || Array.isArray(transitions)) return [`${where}: transitions must map option values to lists of option values`];
  const values = new Set((field.options ?? []).map((option) => option.value));
  const problems: string[] = [];
  for (const [from, targets] of Object.entries(transitions)) {
    if (!values.has(from)) problems.push(`${where}: transitions start from "${from}", which is not an option`);
    if (!Array.isArray(targets)) {
      problems.push(`${where}: transitions from "${from}" must be a list of option values`);
      continue;
    }
    for (const to of targets) if (!values.has(to)) problems.push(`${where}: transitions lead from "${from}" to "${String(to)}", which is not an option`);
  }
  return problems;
}

/** The fields a rollup matches on exist in this entity (or are id / ownerId). */
function rollupTargetProblems(fields: FieldDefinition[], byKey: Map<string, FieldDefinition>): string[] {
  const problems: string[] = [];
  for (const field of fields) {
    if (field.type !== 'rollup') continue;
    for (const target of Object.values(field.rollup?.match ?? {})) {
      if (target !== 'id' && target !== 'ownerId' && !byKey.has(target)) problems.push(`${field.key}: matches on "${target}", which is not a field`);
    }
  }
  return problems;
}

/** Roles that may see a field: everyone ("*") when it has no visibleTo (admins always do). */
function seenBy(field: FieldDefinition): Set<string> {
  return new Set(field.visibleTo ? ['admin', ...field.visibleTo] : ['*']);
}

/**
 * visibleTo names real roles, and nothing shows a role what it may not see: the display
 * field, a formula or a visibility rule seen by more roles than a field it reads, the
 * list's default filter.
 */
function accessProblems(def: EntityDefinition, fields: FieldDefinition[], byKey: Map<string, FieldDefinition>): string[] {
  const problems: string[] = [];
  const narrower = (reader: FieldDefinition, read: FieldDefinition) => {
    const readers = seenBy(reader);
    const allowed = seenBy(read);
    if (allowed.has('*')) return false;
    return readers.has('*') || [...readers].some((role) => !allowed.has(role));
  };
  for (const field of fields) {
    const roles = field.visibleTo;
    if (roles === undefined) continue;
    if (!Array.isArray(roles) || roles.some((role) => typeof role !== 'string' || !ROLE_KEY.test(role))) {
      problems.push(`${field.key}: visibleTo must list role keys`);
    }
    if (field.key === def.displayField) problems.push(`${field.key}: the display field is seen by everyone, so it cannot be visible to some roles only`);
  }
  for (const field of fields) {
    const controller = field.visibleWhen && byKey.get(field.visibleWhen.field);
    if (controller && narrower(field, controller)) problems.push(`${field.key}: shown only when "${controller.key}", which fewer roles may see; limit this field to those roles too`);
    if (field.type !== 'formula' || !field.formula?.expression) continue;
    let references: string[] = [];
    try {
      references = compileFormula(field.formula.expression).references;
    } catch {
      continue; // reported by formulaProblems
    }
    for (const name of references) {
      const read = byKey.get(name.split('.')[0]);
      if (read && narrower(field, read)) problems.push(`${field.key}: the formula reads "${read.key}", which fewer roles may see; limit the formula to those roles too`);
    }
  }
  for (const condition of def.listView?.filter?.conditions ?? []) {
    const field = byKey.get(condition.field);
    if (field?.visibleTo) problems.push(`the list's filter uses "${field.key}", which some roles may not see`);
  }
  return problems;
}

/** Formulas compile, read only fields that exist, and do not depend on themselves. */
function formulaProblems(fields: FieldDefinition[], where: string, knownDotted: (name: string) => boolean): string[] {
  const problems: string[] = [];
  const keys = new Set(fields.map((field) => field.key));
  const compiled: Record<string, CompiledFormula> = {};
  for (const field of fields) {
    if (field.type !== 'formula' || !field.formula?.expression) continue;
    try {
      const formula = compileFormula(field.formula.expression);
      for (const name of formula.references) {
        const known = name.includes('.') ? knownDotted(name) : keys.has(name);
        if (!known) problems.push(`${where}${field.key}: the formula reads "${name}", which is not a field`);
      }
      compiled[field.key] = formula;
    } catch (error) {
      problems.push(`${where}${field.key}: ${(error as Error).message}`);
    }
  }
  try {
    formulaDependencies(compiled);
  } catch (error) {
    problems.push(`${where}: ${(error as Error).message}`);
  }
  return problems;
}

/** Problems that make a definition unusable; an empty list means it can be published. */
export function definitionProblems(def: EntityDefinition): string[] {
  const problems: string[] = [];
  if (!ENTITY_KEY_PATTERN.test(def.key ?? '')) problems.push(`key "${def.key}" must match ${ENTITY_KEY_PATTERN}`);
  if (!def.label?.['zh-CN'] && !def.label?.en) problems.push('the entity needs a label');
  const fields = Array.isArray(def.fields) ? def.fields : [];
  if (fields.length === 0) problems.push('the entity needs at least one field');
  const byKey = new Map<string, FieldDefinition>();
  for (const field of fields) {
    if (byKey.has(field.key)) problems.push(`field key "${field.key}" is used twice`);
    byKey.set(field.key, field);
    problems.push(...fieldProblems(field, field.key ?? '?'));
    if (field.section && !def.sections?.some((section) => section.key === field.section)) problems.push(`${field.key}: section "${field.section}" does not exist`);
    const controller = field.visibleWhen && fields.find((candidate) => candidate.key === field.visibleWhen?.field);
    if (field.visibleWhen && (!controller || controller === field)) {
      problems.push(`${field.key}: shown only when "${field.visibleWhen.field}", which is not another field`);
    }
  }
  const subtableColumn = (name: string) => {
    const [table, column] = name.split('.');
    return Boolean(byKey.get(table)?.fields?.some((candidate) => candidate.key === column));
  };
  problems.push(...formulaProblems(fields, '', subtableColumn));
  problems.push(...accessProblems(def, fields, byKey));
  const display = byKey.get(def.displayField);
  if (!display || !DISPLAY_TYPES.has(display.type)) problems.push(`display field "${def.displayField}" must be a text, number or auto number field`);
  const listable = (key: string) => byKey.has(key) || key in SYSTEM_SORT_FIELDS;
  for (const column of def.listView?.columns ?? []) if (!listable(column)) problems.push(`list column "${column}" is not a field`);
  for (const sort of def.listView?.sort ?? []) {
    const field = byKey.get(sort.field);
    if (!(sort.field in SYSTEM_SORT_FIELDS) && !(field && fieldType(field.type).sortable)) problems.push(`cannot sort the list by "${sort.field}"`);
  }
  if (def.kanbanField && byKey.get(def.kanbanField)?.type !== 'select') problems.push(`kanban field "${def.kanbanField}" must be a single select`);
  problems.push(...actionProblems(def, byKey));
  problems.push(...rollupTargetProblems(fields, byKey));
  return problems;
}

/** Entity actions: unique keys, a label, a workflow, a visibility rule on a field, known roles. */
function actionProblems(def: EntityDefinition, byKey: Map<string, FieldDefinition>): string[] {
  if (def.actions === undefined) return [];
  if (!Array.isArray(def.actions)) return ['actions must be a list'];
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const action of def.actions) {
    const where = `action "${action?.key}"`;
    if (!ACTION_KEY_PATTERN.test(action?.key ?? '')) problems.push(`${where}: key must match ${ACTION_KEY_PATTERN}`);
    if (keys.has(action.key)) problems.push(`${where}: key is used twice`);
    keys.add(action.key);
    if (!action.label?.['zh-CN'] && !action.label?.en) problems.push(`${where}: needs a label`);
    if (typeof action.workflow !== 'string' || !action.workflow) problems.push(`${where}: needs the key of the workflow it runs`);
    if (action.visibleWhen && (!byKey.has(action.visibleWhen.field) || !Array.isArray(action.visibleWhen.in))) {
      problems.push(`${where}: shown only when "${action.visibleWhen.field}", which is not a field (with an "in" list)`);
    }
    if (action.roles && (!Array.isArray(action.roles) || action.roles.some((role) => typeof role !== 'string' || !ROLE_KEY.test(role)))) {
      problems.push(`${where}: roles must list role keys`);
    }
  }
  return problems;
}
