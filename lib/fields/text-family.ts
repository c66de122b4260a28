import type { FieldDefinition, FieldType } from '@/lib/fields/field.types';
import type { JsonSchema } from '@/lib/entities/json-schema';
import { TEXT_OPERATORS, textFilter } from '@/lib/fields/filters';
import { rangeProblem, wholeProblem } from '@/lib/fields/settings-checks';

function patternProblem(where: string, pattern: unknown): string[] {
  if (pattern === undefined || pattern === '') return [];
  if (typeof pattern !== 'string') return [`${where}: pattern must be text`];
  try {
    new RegExp(pattern, 'u');
    return [];
  } catch {
    return [`${where}: pattern is not a valid regular expression`];
  }
}

/** The parts every text-valued type shares: trimmed strings, text operators, plain text out. */
export function textFamily(
  overrides: Pick<FieldType, 'key' | 'label'> & Partial<FieldType> & { baseSchema?: (field: FieldDefinition) => JsonSchema },
): FieldType {
  const { baseSchema, ...rest } = overrides;
  return {
    settings: ['minLength', 'maxLength', 'pattern', 'unique', 'default'],
    schema: (field) => ({
      type: 'string',
      ...(field.minLength !== undefined ? { minLength: field.minLength } : {}),
      maxLength: field.maxLength ?? 200,
      ...(field.pattern ? { pattern: field.pattern } : {}),
      ...baseSchema?.(field),
    }),
    ui: () => ({}),
    normalise: (value) => (typeof value === 'string' ? value.trim() : value),
    operators: TEXT_OPERATORS,
    filter: (field, op, value) => textFilter(field, op, value),
    sortable: true,
    searchable: true,
    publicForm: true,
    groupable: false,
    aggregations: ['count', 'distinct'],
    groupKind: () => 'text',
    toText: (value) => (value === undefined || value === null ? '' : String(value)),
    fromText: (text) => ({ ok: true, value: text.trim() }),
    toFormula: (value) => (typeof value === 'string' ? value : null),
    formulaKind: () => 'text',
    settingsProblems: (field, where) => [
      ...wholeProblem(where, 'minLength', field.minLength, 0, 100_000),
      ...wholeProblem(where, 'maxLength', field.maxLength, 1, 100_000),
      ...rangeProblem(where, field.minLength, field.maxLength, ['minLength', 'maxLength']),
      ...patternProblem(where, field.pattern),
      ...wholeProblem(where, 'rows', field.rows, 1, 30),
    ],
    ...rest,
  };
}
