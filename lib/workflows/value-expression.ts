import type { ValueExpression } from '@/lib/workflows/workflow.types';

export interface ExpressionScope {
  /** The triggering record's fields, plus id, ownerId and createdBy. */
  record: Record<string, unknown>;
  /** The record's values before the write that started the run. */
  old?: Record<string, unknown> | null;
  /** The current sub-table row inside a forEach. */
  row?: Record<string, unknown>;
  /** What earlier steps gave, by step id. */
  actions?: Record<string, unknown>;
  vars?: Record<string, unknown>;
  /** An inbound webhook's body. */
  payload?: unknown;
  now: Date;
}

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const STEP_ID = '[a-z][a-z0-9-]*';
// {{field}}, {{old.field}}, {{row.column}}, {{steps.<id>[.key…]}} ({{actions.<id>}} is the same),
// {{vars.<name>}}, {{payload[.key…]}}; nothing else is a placeholder.
const NAME = `((?:steps|actions)\\.${STEP_ID}(?:\\.${IDENT})*|row\\.${IDENT}|old\\.${IDENT}|vars\\.${IDENT}|payload(?:\\.${IDENT})*|${IDENT})`;
const PLACEHOLDER = new RegExp(`\\{\\{\\s*${NAME}\\s*\\}\\}`, 'g');
const SOLE_PLACEHOLDER = new RegExp(`^\\{\\{\\s*${NAME}\\s*\\}\\}$`);

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** An own property, never one of a prototype's ("constructor", "__proto__"). */
function own(source: unknown, key: string): unknown {
  if (typeof source !== 'object' || source === null) return undefined;
  return Object.prototype.hasOwnProperty.call(source, key) ? (source as Record<string, unknown>)[key] : undefined;
}

function path(source: unknown, keys: string[]): unknown {
  let value = source;
  for (const key of keys) {
    if (Array.isArray(value) && key === 'length') return value.length;
    value = own(value, key);
    if (value === undefined) return undefined;
  }
  return value;
}

/** The value a placeholder names, or undefined. Only own keys are read. */
export function lookup(name: string, scope: ExpressionScope): unknown {
  const [head, ...rest] = name.split('.');
  switch (head) {
    case 'row':
      return path(scope.row, rest);
    case 'old':
      return path(scope.old ?? undefined, rest);
    case 'steps':
    case 'actions':
      return path(scope.actions, rest);
    case 'vars':
      return path(scope.vars, rest);
    case 'payload':
      return rest.length === 0 ? scope.payload : path(scope.payload, rest);
    default:
      return own(scope.record, name);
  }
}

/** The placeholder a string consists of, when it is exactly one ("{{steps.customer}}" → "steps.customer"). */
export function solePlaceholder(expression: string): string | null {
  return SOLE_PLACEHOLDER.exec(expression.trim())?.[1] ?? null;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(asText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Fills the placeholders of a text (a message, a subject): every value becomes text. */
export function fillText(text: string, scope: ExpressionScope): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => asText(lookup(name, scope)));
}

/**
 * Evaluates a step's value: placeholders are filled in, never evaluated as code. A string
 * that is exactly one placeholder keeps the value's type (a number, a list, null); in mixed
 * text every value becomes text.
 */
export function evaluateValue(expression: ValueExpression, scope: ExpressionScope): unknown {
  if (typeof expression === 'string') {
    const sole = solePlaceholder(expression);
    if (sole) return lookup(sole, scope) ?? null;
    return fillText(expression, scope);
  }
  if (expression !== null && typeof expression === 'object') {
    const date = new Date(scope.now.getTime() + expression.daysFromNow * 24 * 3600_000);
    return isoDate(date);
  }
  return expression;
}

export function evaluateValues(values: Record<string, ValueExpression>, scope: ExpressionScope): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([field, expression]) => [field, evaluateValue(expression, scope)]));
}

/** Every placeholder a text or value reads. */
export function placeholders(expression: unknown): string[] {
  if (typeof expression === 'string') return [...expression.matchAll(PLACEHOLDER)].map((match) => match[1]);
  if (Array.isArray(expression)) return expression.flatMap(placeholders);
  if (expression !== null && typeof expression === 'object') return Object.values(expression).flatMap(placeholders);
  return [];
}

/** The step ids a value reads through {{steps.<id>}} / {{actions.<id>}}. */
export function actionReferences(values: unknown): string[] {
  return placeholders(values)
    .filter((name) => name.startsWith('steps.') || name.startsWith('actions.'))
    .map((name) => name.split('.')[1]);
}

/** The record part of a scope without system placeholders that mean nothing outside (for a webhook body). */
export function expressionScopeRecord(scope: ExpressionScope): Record<string, unknown> {
  return { ...scope.record };
}
