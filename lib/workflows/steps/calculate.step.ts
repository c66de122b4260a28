import { UnrecoverableError } from 'bullmq';
import { getEntity } from '@/lib/entities/entity.service';
import { compileFormula, FormulaError, type FormulaScope, type FormulaValue } from '@/lib/formulas';
import { Dec, isNumber } from '@/lib/formulas/values';
import { formulaScopeOf } from '@/lib/records/record.compute';
import { plainData } from '@/lib/records/record.view';
import type { CalculateStep } from '@/lib/workflows/workflow.types';
import type { StepContext, StepKind } from './step-context';

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;

function toJson(value: FormulaValue): unknown {
  if (Array.isArray(value)) return value.map(toJson);
  if (isNumber(value)) return value.toNumber();
  return value;
}

function fromJson(value: unknown): FormulaValue {
  if (typeof value === 'number') return new Dec(value);
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map(fromJson);
  return null;
}

async function runCalculate(step: CalculateStep, ctx: StepContext) {
  let formula;
  try {
    formula = compileFormula(step.formula);
  } catch (error) {
    throw new UnrecoverableError(`step ${step.id}: ${(error as Error).message}`);
  }
  const scope: FormulaScope = {};
  if (ctx.trigger && ctx.triggerEntity) Object.assign(scope, formulaScopeOf((await getEntity(ctx.triggerEntity)).fields, plainData(ctx.trigger)));
  for (const [name, value] of Object.entries(ctx.vars ?? {})) scope[name] = fromJson(value);
  let value: unknown;
  try {
    value = toJson(formula.evaluate(scope));
  } catch (error) {
    if (error instanceof FormulaError) throw new UnrecoverableError(`step ${step.id}: ${error.message}`);
    throw error;
  }
  return { output: value, input: { formula: step.formula }, vars: { [step.variable]: value } };
}

export const calculateStep: StepKind<'calculate'> = {
  type: 'calculate',
  label: { 'zh-CN': '计算', en: 'Calculate' },
  description: { 'zh-CN': '用公式计算一个值，存入变量 {{vars.<名称>}}', en: 'Computes a value with a formula into a variable, {{vars.<name>}}' },
  group: 'flow',
  schema: {
    type: 'object',
    required: ['variable', 'formula'],
    properties: { variable: { type: 'string', title: 'variable', pattern: VARIABLE.source }, formula: { type: 'string', title: 'formula', maxLength: 2000 } },
  },
  ui: { formula: { 'ui:widget': 'textarea', 'ui:options': { rows: 2 } } },
  defaults: () => ({ variable: 'result', formula: '' }),
  problems(step) {
    const where = `step ${step.id}`;
    const problems: string[] = [];
    if (typeof step.variable !== 'string' || !VARIABLE.test(step.variable)) problems.push(`${where}: the variable needs a name of letters, digits and _`);
    try {
      compileFormula(String(step.formula ?? ''));
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
    return problems;
  },
  run: runCalculate,
};
