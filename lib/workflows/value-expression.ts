import type { ValueExpression } from '@/lib/workflows/workflow.types';

export interface ExpressionScope {
  /** The triggering record's fields, plus id, ownerId and createdBy. */
  record: Record<string, unknown>;
  now: Date;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Evaluates an action's value: placeholders are filled in, never evaluated as code. */
export function evaluateValue(expression: ValueExpression, scope: ExpressionScope): unknown {
  if (typeof expression === 'string') {
    return expression.replace(PLACEHOLDER, (_whole, name: string) => {
      const value = scope.record[name];
      return value === undefined || value === null ? '' : String(value);
    });
  }
  if (expression !== null && typeof expression === 'object') {
    const date = new Date(scope.now.getTime() + expression.daysFromNow * 24 * 3600_000);
    return isoDate(date);
  }
  return expression;
}

export function evaluateValues(values: Record<string, ValueExpression>, scope: ExpressionScope): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([field, expression]) => [field, evaluateValue(expression, scope)]));
}
