import { ACTION_KEY_PATTERN, ENTITY_KEY_PATTERN, FIELD_KEY_PATTERN, SYSTEM_SORT_FIELDS, type EntityDefinition, type JsonSchema } from '@/lib/entities/entity.types';
import type { FieldDefinition, FieldTypeKey } from '@/lib/fields/field.types';
import { fieldType, isFieldTypeKey } from '@/lib/fields/registry';
import { fillFromProblems, fillRelationOf, fillSourceProblems } from '@/lib/fields/fill-from';
import { isObject } from '@/lib/fields/settings-checks';
import { pickerColumnsProblems } from '@/lib/fields/types/relation';
import { SUBTABLE_COLUMN_TYPES } from '@/lib/fields/types/subtable';
import { compileFormula, formulaDependencies, type CompiledFormula } from '@/lib/formulas';
import { checkFormulaKinds, type ExpressionKind } from '@/lib/formulas/kinds';
import { validatorFor } from '@/lib/validation/schema-validator';
import { isReservedKey } from '@/lib/validation/safe-json';
import { ruleProblems } from '@/lib/rules/registry';
import { printTemplateProblems } from '@/lib/print/print-template.problems';
import { ENTITY_ICONS, isEntityIcon } from '@/lib/entities/entity-icons';

const ROLE_KEY = /^[a-z][a-z0-9_]{0,47}$/;

const DISPLAY_TYPES = new Set(['text', 'autonumber', 'email', 'phone', 'formula']);

/** Types whose values can be encrypted at rest: plain text, compared and shown as text only. */
const SENSITIVE_TYPES: FieldTypeKey[] = ['text', 'textarea', 'phone', 'email', 'url'];

/**
 * A sensitive field is encrypted: nothing may read it in the database (list sort and filter,
 * kanban, display, formulas, visibility rules, rollups).
 */
function sensitiveProblems(def: EntityDefinition, fields: FieldDefinition[], byKey: Map<string, FieldDefinition>): string[] {
  const sensitive = new Set(fields.filter((field) => field.sensitive === true).map((field) => field.key));
  if (sensitive.size === 0) return [];
  const problems: string[] = [];
  if (sensitive.has(def.displayField)) problems.push(`${def.displayField}: the display field names records everywhere, so it cannot be sensitive (encrypted)`);
  for (const sort of Array.isArray(def.listView?.sort) ? def.listView.sort : []) if (sensitive.has(sort?.field)) problems.push(`the list cannot be sorted by "${sort.field}", which is sensitive (encrypted)`);
  for (const condition of def.listView?.filter?.conditions ?? []) if (sensitive.has(condition?.field)) problems.push(`the list's filter cannot use "${condition.field}", which is sensitive (encrypted)`);
  for (const field of fields) {
    if (field.visibleWhen && sensitive.has(field.visibleWhen.field)) problems.push(`${field.key}: shown only when "${field.visibleWhen.field}", which is sensitive (encrypted) and cannot be read`);
    if (field.type === 'rollup' && typeof field.rollup?.field === 'string' && sensitive.has(field.rollup.field)) problems.push(`${field.key}: cannot sum "${field.rollup.field}", which is sensitive`);
    if (field.type !== 'formula' || typeof field.formula?.expression !== 'string') continue;
    try {
      for (const name of compileFormula(field.formula.expression).references) if (sensitive.has(name)) problems.push(`${field.key}: the formula cannot read "${name}", which is sensitive (encrypted)`);
    } catch {
      /* reported by formulaProblems */
    }
  }
  void byKey;
  return problems;
}

const COMPUTED_DEFAULTS: Record<string, FieldTypeKey[]> = { $today: ['date'], $now: ['datetime'], $me: ['user'] };

/**
 * A default is a value of the field's type, or a computed one spelled out: $today (a date),
 * $now (a date and time), $me (a user: whoever saves). Nothing else starting with "$".
 */
function defaultProblems(field: FieldDefinition, where: string): string[] {
  const value = field.default;
  if (value === undefined || value === null) return [];
  const type = fieldType(field.type);
  if (type.computed) return [`${where}: a ${field.type} field is computed and cannot have a default`];
  if (!type.settings.includes('default')) return [`${where}: a ${field.type} field cannot have a default`];
  if (typeof value === 'string' && value.startsWith('$')) {
    const types = COMPUTED_DEFAULTS[value];
    if (!types) return [`${where}: default "${value}" is not a computed default; use $today, $now or $me`];
    return types.includes(field.type) ? [] : [`${where}: default ${value} is for ${types.join(', ')} fields`];
  }
  let valid: boolean;
  try {
    const schema: JsonSchema = type.schema(field);
    valid = validatorFor(`default:${JSON.stringify(schema)}`, schema)(type.normalise?.(value, field) ?? value);
  } catch {
    return []; // the settings are wrong, so no schema to check it against; reported by their own check
  }
  return valid ? [] : [`${where}: the default ${JSON.stringify(value)} is not a valid ${field.type} value`];
}

function fieldProblems(field: FieldDefinition, where: string): string[] {
  if (!isObject(field)) return [`${where}: a field must be an object`];
  const problems: string[] = [];
  if (typeof field.key !== 'string' || !FIELD_KEY_PATTERN.test(field.key)) problems.push(`${where}: key "${String(field.key)}" must match ${FIELD_KEY_PATTERN}`);
  // A key every object has (constructor, toString…) would shadow what code calls on a record's values.
  else if (isReservedKey(field.key)) problems.push(`${where}: key "${field.key}" is reserved`);
  if (!isFieldTypeKey(field.type)) return [...problems, `${where}: unknown type "${String(field.type)}"`];
  if (!isObject(field.label) || (!field.label['zh-CN'] && !field.label.en)) problems.push(`${where}: needs a label`);
  const type = fieldType(field.type);
  if (field.unique && !type.settings.includes('unique')) problems.push(`${where}: a ${field.type} field cannot be unique`);
  for (const flag of ['required', 'unique', 'readOnly', 'hidden'] as const) {
    if (field[flag] !== undefined && typeof field[flag] !== 'boolean') problems.push(`${where}: ${flag} must be true or false`);
  }
  problems.push(...(type.settingsProblems?.(field, where) ?? []));
  if (field.sensitive !== undefined && typeof field.sensitive !== 'boolean') problems.push(`${where}: sensitive must be true or false`);
  if (field.sensitive === true) {
    if (!SENSITIVE_TYPES.includes(field.type)) problems.push(`${where}: only text, long text, phone, email and URL fields can be sensitive (encrypted)`);
    if (field.unique) problems.push(`${where}: a sensitive field is encrypted, so it cannot be unique`);
  }
  if (field.transitions !== undefined) problems.push(...transitionProblems(field, where));
  problems.push(...defaultProblems(field, where));
  if (field.type === 'subtable') {
    const columns = Array.isArray(field.fields) ? field.fields : [];
    if (columns.length === 0) problems.push(`${where}: needs at least one column`);
    const keys = columns.map((column) => column?.key);
    if (new Set(keys).size !== keys.length) problems.push(`${where}: column keys must be unique`);
    for (const column of columns) {
      if (!isObject(column)) {
        problems.push(`${where}: a column must be an object`);
        continue;
      }
      if (column.visibleTo !== undefined) problems.push(`${where}.${column.key}: only fields, not sub-table columns, can be visible to some roles`);
      if (!(SUBTABLE_COLUMN_TYPES as readonly string[]).includes(column.type)) problems.push(`${where}.${column.key}: a sub-table column cannot be a ${column.type}`);
      else problems.push(...fieldProblems(column, `${where}.${column.key}`), ...fillFromProblems(column, columns.filter(isObject), `${where}.${column.key}`));
    }
    const columnFields = columns.filter(isObject);
    problems.push(...formulaProblems(columnFields, `${where}.`, () => true, kindsOf(new Map(columnFields.map((column) => [column.key, column])))));
  }
  return problems;
}

/** A select's transitions name its own options, from and to. */
function transitionProblems(field: FieldDefinition, where: string): string[] {
  if (field.type !== 'select') return [`${where}: only a single select can have transitions`];
  const transitions = field.transitions;
  if (typeof transitions !== 'object' || transitions === null || Array.isArray(transitions)) return [`${where}: transitions must map option values to lists of option values`];
  const values = new Set((Array.isArray(field.options) ? field.options : []).map((option) => option?.value));
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

/**
 * Formulas compile, read only fields that exist, do not depend on themselves, and fit their
 * kinds: arithmetic on numbers, a number result from a number expression (`kindOf` gives
 * what a name reads).
 */
function formulaProblems(fields: FieldDefinition[], where: string, knownDotted: (name: string) => boolean, kindOf: (name: string) => ExpressionKind): string[] {
  const problems: string[] = [];
  const keys = new Set(fields.map((field) => field.key));
  const compiled: Record<string, CompiledFormula> = {};
  for (const field of fields) {
    if (field.type !== 'formula' || typeof field.formula?.expression !== 'string' || !field.formula.expression.trim()) continue;
    try {
      const formula = compileFormula(field.formula.expression);
      let unknown = false;
      for (const name of formula.references) {
        const known = name.includes('.') ? knownDotted(name) : keys.has(name);
        if (!known) {
          unknown = true;
          problems.push(`${where}${field.key}: the formula reads "${name}", which is not a field`);
        }
      }
      compiled[field.key] = formula;
      if (unknown) continue;
      const checked = checkFormulaKinds(field.formula.expression, kindOf);
      for (const problem of checked.problems) problems.push(`${where}${field.key}: ${problem}`);
      const result = field.formula.result;
      if (result !== 'text' && checked.kind !== 'number' && checked.kind !== 'any') {
        problems.push(`${where}${field.key}: the formula gives ${checked.kind === 'boolean' ? 'true or false' : checked.kind}, but its result type is ${String(result)}`);
      }
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

/** What a formula of these fields reads under a name: a field's kind, a sub-table column's as a list. */
function kindsOf(byKey: Map<string, FieldDefinition>): (name: string) => ExpressionKind {
  const kindOfField = (field: FieldDefinition | undefined): ExpressionKind => {
    if (!field || !isFieldTypeKey(field.type)) return 'any';
    const kind = fieldType(field.type).formulaKind(field);
    return kind === 'none' || kind === 'rows' ? 'any' : kind;
  };
  return (name) => {
    const [table, column] = name.split('.');
    if (column === undefined) return kindOfField(byKey.get(name));
    const kind = kindOfField(byKey.get(table)?.fields?.find((candidate) => candidate.key === column));
    // A column read across rows is a list: numbers add up (SUM), texts stay a list.
    return kind === 'number' ? 'number' : kind === 'any' ? 'any' : 'list';
  };
}

/** The list view: the columns, sort and page size every list and export read. */
function listViewProblems(def: EntityDefinition, byKey: Map<string, FieldDefinition>): string[] {
  const view = def.listView as unknown;
  if (!isObject(view)) return ['the entity needs a list view (columns, sort, pageSize)'];
  const problems: string[] = [];
  const listable = (key: unknown) => typeof key === 'string' && (byKey.has(key) || key in SYSTEM_SORT_FIELDS);
  if (!Array.isArray(view.columns)) problems.push('the list view needs its columns (a list of fields)');
  else for (const column of view.columns) if (!listable(column)) problems.push(`list column "${String(column)}" is not a field`);
  if (!Array.isArray(view.sort)) problems.push('the list view needs a sort (a list, possibly empty)');
  else {
    for (const sort of view.sort) {
      if (!isObject(sort) || typeof sort.field !== 'string' || (sort.direction !== 'asc' && sort.direction !== 'desc')) {
        problems.push('each sort of the list view needs a field and a direction (asc or desc)');
        continue;
      }
      const field = byKey.get(sort.field);
      if (!(sort.field in SYSTEM_SORT_FIELDS) && !(field && isFieldTypeKey(field.type) && fieldType(field.type).sortable)) problems.push(`cannot sort the list by "${sort.field}"`);
    }
  }
  if (typeof view.pageSize !== 'number' || !Number.isInteger(view.pageSize) || view.pageSize < 1 || view.pageSize > 200) problems.push('the list view needs a pageSize from 1 to 200');
  if (view.filter !== undefined && (!isObject(view.filter) || !Array.isArray(view.filter.conditions))) problems.push('the list view filter needs a list of conditions');
  return problems;
}

/**
 * Problems that make a definition unusable; an empty list means it can be published. Every
 * path that saves or publishes a definition (designer, API, template install) asks this, and
 * it answers for any JSON at all: a malformed definition gets its problems named, never an
 * exception.
 */
export function definitionProblems(def: EntityDefinition): string[] {
  try {
    return problemsOf(def);
  } catch (error) {
    return [`the definition is malformed (${(error as Error).message})`];
  }
}

function problemsOf(def: EntityDefinition): string[] {
  if (!isObject(def)) return ['a definition must be a JSON object'];
  const problems: string[] = [];
  if (typeof def.key !== 'string' || !ENTITY_KEY_PATTERN.test(def.key)) problems.push(`key "${String(def.key)}" must match ${ENTITY_KEY_PATTERN}`);
  if (!isObject(def.label) || (!def.label['zh-CN'] && !def.label.en)) problems.push('the entity needs a label');
  if (def.icon !== undefined && !isEntityIcon(def.icon)) problems.push(`icon "${String(def.icon)}" is not one of ${ENTITY_ICONS.join(', ')}`);
  if (def.fields !== undefined && !Array.isArray(def.fields)) problems.push('fields must be a list');
  const fields = (Array.isArray(def.fields) ? (def.fields as unknown[]) : []).filter((field, index): field is FieldDefinition => {
    if (isObject(field)) return true;
    problems.push(`field ${index + 1} must be an object`);
    return false;
  });
  if (fields.length === 0) problems.push('the entity needs at least one field');
  if (def.sections !== undefined && (!Array.isArray(def.sections) || def.sections.some((section) => !isObject(section) || typeof section.key !== 'string'))) {
    problems.push('sections must be a list of { key, label }');
  }
  const sections = Array.isArray(def.sections) ? def.sections.filter(isObject) : [];
  const byKey = new Map<string, FieldDefinition>();
  for (const field of fields) {
    if (byKey.has(field.key)) problems.push(`field key "${field.key}" is used twice`);
    byKey.set(field.key, field);
    problems.push(...fieldProblems(field, typeof field.key === 'string' ? field.key : '?'));
    problems.push(...fillFromProblems(field, fields, typeof field.key === 'string' ? field.key : '?'));
    if (field.section !== undefined && !sections.some((section) => section.key === field.section)) problems.push(`${field.key}: section "${String(field.section)}" does not exist`);
    if (field.visibleWhen !== undefined) {
      const rule = field.visibleWhen as unknown;
      const controller = isObject(rule) ? fields.find((candidate) => candidate.key === rule.field) : undefined;
      if (!isObject(rule) || !Array.isArray(rule.in)) problems.push(`${field.key}: visibleWhen needs a field and an "in" list`);
      else if (!controller || controller === field) problems.push(`${field.key}: shown only when "${String(rule.field)}", which is not another field`);
    }
  }
  const subtableColumn = (name: string) => {
    const [table, column] = name.split('.');
    return Boolean(byKey.get(table)?.fields?.some((candidate) => candidate.key === column));
  };
  problems.push(...formulaProblems(fields, '', subtableColumn, kindsOf(byKey)));
  problems.push(...accessProblems(def, fields, byKey));
  const display = typeof def.displayField === 'string' ? byKey.get(def.displayField) : undefined;
  if (!display || !DISPLAY_TYPES.has(display.type)) problems.push(`display field "${String(def.displayField)}" must be a text, number or auto number field`);
  problems.push(...listViewProblems(def, byKey));
  if (def.kanbanField !== undefined && byKey.get(def.kanbanField)?.type !== 'select') problems.push(`kanban field "${String(def.kanbanField)}" must be a single select`);
  problems.push(...actionProblems(def, byKey));
  problems.push(...actionOnlyProblems(def, fields));
  problems.push(...rollupTargetProblems(fields, byKey));
  problems.push(...sensitiveProblems(def, fields, byKey));
  problems.push(...ruleProblems(def));
  problems.push(...printTemplateProblems(def));
  return problems;
}

/**
 * An option only an action may set names an action of this entity, on a single select: the
 * form, the kanban, bulk edits and imports never offer it (lib/records/record.validation.ts).
 */
function actionOnlyProblems(def: EntityDefinition, fields: FieldDefinition[]): string[] {
  const problems: string[] = [];
  const actions = new Set(Array.isArray(def.actions) ? def.actions.map((action) => action?.key) : []);
  for (const field of fields) {
    for (const option of Array.isArray(field.options) ? field.options : []) {
      if (!isObject(option) || option.onlyByAction === undefined) continue;
      const where = `${field.key}: option "${String(option.value)}"`;
      if (field.type !== 'select') problems.push(`${where}: only a single select's options can be set by an action only`);
      else if (typeof option.onlyByAction !== 'string' || !actions.has(option.onlyByAction)) problems.push(`${where}: onlyByAction "${String(option.onlyByAction)}" is not an action of the entity`);
      else if (field.default === option.value) problems.push(`${where}: a value only an action sets cannot be the default`);
    }
  }
  return problems;
}

/** An entity as the checks across entities need it. */
export type RelatedEntity = Pick<EntityDefinition, 'key' | 'fields'>;

/**
 * The settings that read another entity's fields, checked once those entities are known:
 * the source of each linked fill (fillFrom) exists there and fits the field, and each picker's
 * columns are fields there. `related` answers undefined for an entity that does not exist
 * (reported by the relation check). Asked after definitionProblems finds the definition sound.
 */
export function linkedFieldProblems(def: EntityDefinition, related: (key: string) => RelatedEntity | undefined): string[] {
  const problems: string[] = [];
  const target = (relation: FieldDefinition | undefined) => {
    const key = relation?.relation?.entity;
    return !key ? undefined : key === def.key ? def : related(key);
  };
  const check = (scope: FieldDefinition[], prefix: string) => {
    for (const field of scope) {
      const where = `${prefix}${field.key}`;
      if (field.fillFrom) problems.push(...fillSourceProblems(field, target(fillRelationOf(field, scope)), where));
      const entity = field.type === 'relation' ? target(field) : undefined;
      if (entity) problems.push(...pickerColumnsProblems(field, entity, where));
    }
  };
  check(def.fields, '');
  for (const field of def.fields) if (field.type === 'subtable') check(field.fields ?? [], `${field.key}.`);
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
