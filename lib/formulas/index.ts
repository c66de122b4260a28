import { fail } from '@/lib/formulas/errors';
import { evaluateNode } from '@/lib/formulas/evaluate';
import { parse } from '@/lib/formulas/parser';
import type { FormulaScope, FormulaValue } from '@/lib/formulas/values';

export { FormulaError } from '@/lib/formulas/errors';
export { formulaDependencies } from '@/lib/formulas/dependencies';
export type { FormulaScope, FormulaValue } from '@/lib/formulas/values';

const MAX_FORMULA_LENGTH = 2000;

export interface CompiledFormula {
  source: string;
  /** Every identifier read, e.g. ['quantity','unitPrice','discount'] or ['items.amount'] (dotted = sub-table column). Deduplicated, in order of first appearance. */
  references: string[];
  evaluate(scope: FormulaScope): FormulaValue;
}

/** Throws FormulaError on a syntax error, an unknown function or a wrong argument count. */
export function compileFormula(source: string): CompiledFormula {
  if (source.length > MAX_FORMULA_LENGTH) fail(`formula is longer than ${MAX_FORMULA_LENGTH} characters`, MAX_FORMULA_LENGTH);
  const { root, references } = parse(source);
  return { source, references, evaluate: (scope) => evaluateNode(root, scope) };
}
