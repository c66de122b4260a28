import type { ActionOutput, ValueExpression } from '@/lib/workflows/workflow.types';

export interface ExpressionScope {
  /** The triggering record's fields, plus id, ownerId and createdBy. */
  record: Record<string, unknown>;
  /** The current sub-table row inside a forEach. */
  row?: Record<string, unknown>;
  /** Ids of the records earlier actions created or updated, by action id. */
  actions?: Record<string, ActionOutput>;
  now: Date;
}

// {{field}}, {{row.column}} or {{actions.<action id>}}; nothing else is a placeholder.
const NAME = '(row\\.[A-Za-z_][A-Za-z0-9_]*|actions\\.[a-z][a-z0-9-]*|[A-Za-z_][A-Za-z0-9_]*)';
const PLACEHOLDER = new RegExp(`\\{\\{\\s*${NAME}\\s*\\}\\}`, 'g');
const SOLE_PLACEHOLDER = new RegExp(`^\\{\\{\\s*${NAME}\\s*\\}\\}$`);

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The value a placeholder names, or undefined. Only own keys are read. */
export function lookup(name: string, scope: ExpressionScope): unknown {
  const own = (source: Record<string, unknown> | undefined, key: string) =>
    source && Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
  if (name.startsWith('row.')) return own(scope.row, name.slice(4));
  if (name.startsWith('actions.')) return own(scope.actions, name.slice(8));
  return own(scope.record, name);
}

/** The placeholder a string consists of, when it is exactly one ("{{actions.customer}}" → "actions.customer"). */
export function solePlaceholder(expression: string): string | null {
  return SOLE_PLACEHOLDER.exec(expression.trim())?.[1] ?? null;
}

/**
 * Evaluates an action's value: placeholders are filled in, never evaluated as code. A string
 * that is exactly one placeholder keeps the value's type (a number, a list, null); in mixed
 * text every value becomes text.
 */
export function evaluateValue(expression: ValueExpression, scope: ExpressionScope): unknown {
  if (typeof expression === 'string') {
    const sole = solePlaceholder(expression);
    if (sole) return lookup(sole, scope) ?? null;
    return expression.replace(PLACEHOLDER, (_whole, name: string) => {
      const value = lookup(name, scope);
      if (value === undefined || value === null) return '';
      return Array.isArray(value) ? value.join(', ') : String(value);
    });
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

/** The action ids a value reads through {{actions.<id>}}. */
export function actionReferences(values: Record<string, ValueExpression> | undefined): string[] {
  const ids: string[] = [];
  for (const expression of Object.values(values ?? {})) {
    if (typeof expression !== 'string') continue;
    for (const match of expression.matchAll(PLACEHOLDER)) if (match[1].startsWith('actions.')) ids.push(match[1].slice(8));
  }
  return ids;
}
