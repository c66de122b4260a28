import type { FieldDefinition, FieldType } from '@/lib/fields/field.types';
import { moneyType } from '@/lib/fields/types/money';
import { numberType } from '@/lib/fields/types/number';
import { percentType } from '@/lib/fields/types/percent';
import { textType } from '@/lib/fields/types/text';
import { MAX_MONEY_SCALE, MAX_PRECISION } from '@/lib/fields/decimal';
import { currencyProblem, isObject, wholeProblem } from '@/lib/fields/settings-checks';

export const FORMULA_RESULTS = ['number', 'money', 'percent', 'text'] as const;

/** The type whose storage, filters and text a formula's result follows. */
export function formulaResultType(field: FieldDefinition): FieldType {
  switch (field.formula?.result) {
    case 'money':
      return moneyType;
    case 'percent':
      return percentType;
    case 'text':
      return textType;
    default:
      return numberType;
  }
}

/** As the result type sees it: a number formula's precision, a money formula's currency. */
export function formulaResultField(field: FieldDefinition): FieldDefinition {
  return { ...field, type: formulaResultType(field).key, precision: field.formula?.precision ?? 2, currency: field.formula?.currency ?? field.currency, scale: field.formula?.scale };
}

/**
 * Computed by the server from other fields on every write (lib/records/record.compute.ts)
 * and stored, so it can be filtered, sorted and summed like any other value.
 */
export const formulaType: FieldType = {
  key: 'formula',
  label: { 'zh-CN': '公式', en: 'Formula' },
  settings: ['formula'],
  computed: true,
  schema: (field) => ({ type: field.formula?.result === 'text' ? 'string' : field.formula?.result === 'money' ? 'integer' : 'number', readOnly: true }),
  ui: (field) => ({ ...formulaResultType(field).ui(formulaResultField(field)), 'ui:readonly': true }),
  // The builder asks operatorsFor(), which follows the result type; these are the default's.
  operators: numberType.operators,
  filter: (field, op, value, ctx) => formulaResultType(field).filter(formulaResultField(field), op, value, ctx),
  sortable: true,
  // What a dashboard may compute and group by follows the result type (aggregationsFor, groupKindOf).
  aggregations: ['count', 'sum', 'avg', 'min', 'max', 'distinct'],
  groupKind: (field) => formulaResultType(field).groupKind?.(formulaResultField(field)),
  numeric: (field) => formulaResultType(field).numeric?.(formulaResultField(field)) ?? { kind: 'number', precision: 2 },
  toText: (value, field, ctx) => formulaResultType(field).toText(value, formulaResultField(field), ctx),
  toPlainText: (value, field) => {
    const result = formulaResultType(field);
    return result.toPlainText ? result.toPlainText(value, formulaResultField(field)) : result.toText(value, formulaResultField(field), { locale: 'en' });
  },
  fromText: (text, field) => formulaResultType(field).fromText(text, formulaResultField(field)),
  toFormula: (value, field) => formulaResultType(field).toFormula?.(value, formulaResultField(field)) ?? null,
  formulaKind: (field) => (field.formula?.result === 'text' ? 'text' : 'number'),
  settingsProblems: (field, where) => {
    const settings = field.formula as unknown;
    if (!isObject(settings)) return [`${where}: needs its formula (expression and result type)`];
    const problems: string[] = [];
    if (typeof settings.expression !== 'string' || !settings.expression.trim()) problems.push(`${where}: needs an expression`);
    if (typeof settings.result !== 'string' || !(FORMULA_RESULTS as readonly string[]).includes(settings.result)) {
      problems.push(`${where}: needs a result type, one of ${FORMULA_RESULTS.join(', ')}`);
    }
    problems.push(...wholeProblem(where, 'precision', settings.precision, 0, MAX_PRECISION), ...wholeProblem(where, 'scale', settings.scale, 0, MAX_MONEY_SCALE), ...currencyProblem(where, settings.currency));
    return problems;
  },
};
