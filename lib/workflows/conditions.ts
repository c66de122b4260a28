import sift from 'sift';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { FILTER_OPERATORS, FilterValueError, type FieldDefinition, type FilterOperator } from '@/lib/fields/field.types';
import { fieldType, operatorsFor } from '@/lib/fields/registry';
import { evaluateValue, placeholders, type ExpressionScope } from '@/lib/workflows/value-expression';
import type { ConditionGroup, ValueExpression, WorkflowCondition } from '@/lib/workflows/workflow.types';

/**
 * Conditions are the list's filter builder, applied to one run instead of a collection: a
 * condition on a record field goes through that field type's filter (the same operators and the
 * same value parsing as the list), and the filter it makes is matched against the run's scope in
 * memory (sift, MongoDB's query language for objects). Conditions on what earlier steps gave
 * ("steps.<id>.<key>", "vars.<name>", "payload.<key>") have no field type and compare plainly.
 */

const MAX_CONDITIONS = 20;
/** What a value from a step or a variable can be compared with. */
export const VARIABLE_OPERATORS: FilterOperator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'notContains', 'isTrue', 'isFalse', 'empty', 'notEmpty'];
const OWNER_FIELD: FieldDefinition = { key: 'ownerId', type: 'user', label: { 'zh-CN': '负责人', en: 'Owner' } };

/** What a condition's left side names: a field of the record (now or before the write) or a run value. */
export type ConditionSubject = { kind: 'field'; field: FieldDefinition } | { kind: 'variable' };

export function conditionSubject(path: string, def: EntityDefinition | null): ConditionSubject | null {
  if (/^(steps|actions)\.[a-z][a-z0-9-]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(path) || /^vars\.[A-Za-z_]\w*$/.test(path) || /^payload(\.[A-Za-z_]\w*)+$/.test(path)) {
    return { kind: 'variable' };
  }
  const old = path.startsWith('old.');
  const key = old ? path.slice(4) : path;
  const field = key === 'ownerId' ? OWNER_FIELD : def?.fields.find((candidate) => candidate.key === key && candidate.type !== 'subtable');
  if (!field) return null;
  return { kind: 'field', field: { ...field, key: path } };
}

export function operatorsOf(subject: ConditionSubject): FilterOperator[] {
  if (subject.kind === 'variable') return VARIABLE_OPERATORS;
  // "is me" has no one to be in an automation.
  return operatorsFor(subject.field).filter((op) => op !== 'isMe');
}

/** What is wrong with a condition group, one line each (empty when nothing is). */
export function conditionProblems(group: ConditionGroup | undefined, def: EntityDefinition | null, where: string, earlierSteps: Set<string> = new Set()): string[] {
  if (group === undefined) return [];
  if (typeof group !== 'object' || group === null || !Array.isArray(group.conditions)) return [`${where}: conditions must be { match, conditions: [] }`];
  const problems: string[] = [];
  if (group.match !== 'all' && group.match !== 'any') problems.push(`${where}: match must be "all" or "any"`);
  if (group.conditions.length > MAX_CONDITIONS) problems.push(`${where}: at most ${MAX_CONDITIONS} conditions`);
  group.conditions.forEach((condition, index) => {
    const at = `${where}, condition ${index + 1}`;
    if (typeof condition?.field !== 'string') return problems.push(`${at}: choose a field`);
    // Without the entity at hand (a template being installed before its entities) fields are checked when it is.
    if (!def && !/^(steps|actions|vars|payload)\b/.test(condition.field)) return;
    const subject = conditionSubject(condition.field, def);
    if (!subject) return problems.push(`${at}: "${condition.field}" is not a field of the record or a value of an earlier step`);
    if (subject.kind === 'variable' && /^(steps|actions)\./.test(condition.field) && !earlierSteps.has(condition.field.split('.')[1])) {
      problems.push(`${at}: "${condition.field}" is not an earlier step`);
    }
    if (!(FILTER_OPERATORS as readonly string[]).includes(condition.op) || !operatorsOf(subject).includes(condition.op)) {
      return problems.push(`${at}: "${String(condition.op)}" does not apply to ${condition.field}`);
    }
    for (const name of placeholders(condition.value)) if (/^(steps|actions)\./.test(name) && !earlierSteps.has(name.split('.')[1])) problems.push(`${at}: reads {{${name}}}, which is not an earlier step`);
    // A literal value is checked now, as the list would check it; a placeholder when the run has it.
    if (subject.kind === 'field' && placeholders(condition.value).length === 0) {
      try {
        fieldType(subject.field.type).filter(subject.field, condition.op, condition.value, { locale: 'en', now: new Date() });
      } catch (error) {
        problems.push(`${at}: ${error instanceof FilterValueError ? error.message : String(error)}`);
      }
    }
  });
  return problems;
}

/** The document conditions are matched against: the record's fields with old.*, steps.*, vars.*, payload. */
export function conditionDocument(scope: ExpressionScope): Record<string, unknown> {
  return { ...scope.record, old: scope.old ?? {}, steps: scope.actions ?? {}, actions: scope.actions ?? {}, vars: scope.vars ?? {}, payload: scope.payload ?? null };
}

function readPath(doc: Record<string, unknown>, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function compare(a: unknown, b: unknown): number | null {
  const numbers = [Number(a), Number(b)];
  if (a !== '' && b !== '' && a !== null && b !== null && numbers.every(Number.isFinite)) return numbers[0] - numbers[1];
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function variableHolds(actual: unknown, op: FilterOperator, expected: unknown): boolean {
  switch (op) {
    case 'empty':
      return isEmpty(actual);
    case 'notEmpty':
      return !isEmpty(actual);
    case 'isTrue':
      return actual === true;
    case 'isFalse':
      return actual === false || isEmpty(actual);
    case 'contains':
    case 'notContains': {
      const found = Array.isArray(actual) ? actual.some((item) => String(item) === String(expected)) : String(actual ?? '').toLowerCase().includes(String(expected ?? '').toLowerCase());
      return op === 'contains' ? found : !found;
    }
    case 'eq':
    case 'ne': {
      const equal = compare(actual, expected) === 0 || String(actual ?? '') === String(expected ?? '');
      return op === 'eq' ? equal : !equal;
    }
    default: {
      const order = compare(actual, expected);
      if (order === null) return false;
      return op === 'gt' ? order > 0 : op === 'gte' ? order >= 0 : op === 'lt' ? order < 0 : order <= 0;
    }
  }
}

function conditionHolds(condition: WorkflowCondition, doc: Record<string, unknown>, def: EntityDefinition | null, scope: ExpressionScope): boolean {
  const subject = conditionSubject(condition.field, def);
  if (!subject) throw new FilterValueError(condition.field, `"${condition.field}" is not a field of the record or a value of an earlier step`);
  const value = Array.isArray(condition.value)
    ? condition.value.map((item) => (typeof item === 'string' ? evaluateValue(item as ValueExpression, scope) : item))
    : typeof condition.value === 'string'
      ? evaluateValue(condition.value, scope)
      : condition.value;
  if (subject.kind === 'variable') return variableHolds(readPath(doc, condition.field), condition.op, value);
  const filter = fieldType(subject.field.type).filter(subject.field, condition.op, value, { locale: 'en', now: scope.now });
  return sift(filter)(doc);
}

/** Whether a run's scope meets a condition group; no conditions hold always. */
export function conditionsHold(group: ConditionGroup | undefined, def: EntityDefinition | null, scope: ExpressionScope): boolean {
  if (!group || !Array.isArray(group.conditions) || group.conditions.length === 0) return true;
  const doc = conditionDocument(scope);
  const results = group.conditions.map((condition) => conditionHolds(condition, doc, def, scope));
  return group.match === 'any' ? results.some(Boolean) : results.every(Boolean);
}
