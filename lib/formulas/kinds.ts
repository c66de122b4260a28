import type { FormulaKind } from '@/lib/fields/field.types';
import { FormulaError } from '@/lib/formulas/errors';
import { parse, type FormulaNode } from '@/lib/formulas/parser';
import { isNumber } from '@/lib/formulas/values';

/** What an expression gives; "any" when it cannot be told before it runs (null, IF of two kinds). */
export type ExpressionKind = Exclude<FormulaKind, 'none' | 'rows'> | 'any';

const NUMERIC_FUNCTIONS = new Set(['SUM', 'AVG', 'MIN', 'MAX', 'ROUND', 'ABS']);
const TEXT_FUNCTIONS = new Set(['CONCAT', 'UPPER', 'LOWER']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);
const ORDERING = new Set(['<', '<=', '>', '>=']);

/**
 * Checks a formula's kinds before it runs, as its evaluation would at run time for every
 * record: arithmetic on numbers, AND/OR/NOT on conditions, comparisons of like with like.
 * `kindOf` gives a field's kind ("items.amount" for a sub-table column: a list of its kind).
 * Returns what the formula gives and the problems found (each one a sentence).
 */
export function checkFormulaKinds(source: string, kindOf: (name: string) => ExpressionKind): { kind: ExpressionKind; problems: string[] } {
  const problems: string[] = [];
  const need = (kind: ExpressionKind, wanted: ExpressionKind[], what: string) => {
    if (kind !== 'any' && !wanted.includes(kind)) problems.push(`${what} expects ${wanted.map(describe).join(' or ')}, got ${describe(kind)}`);
  };
  const visit = (node: FormulaNode): ExpressionKind => {
    switch (node.type) {
      case 'literal':
        if (node.value === null) return 'any';
        if (isNumber(node.value)) return 'number';
        return typeof node.value === 'boolean' ? 'boolean' : 'text';
      case 'field':
        return kindOf(node.name);
      case 'unary': {
        const operand = visit(node.operand);
        if (node.operator === '!') {
          need(operand, ['boolean', 'number'], 'NOT (!)');
          return 'boolean';
        }
        need(operand, ['number'], `"${node.operator}"`);
        return 'number';
      }
      case 'binary': {
        const left = visit(node.left);
        const right = visit(node.right);
        if (ARITHMETIC.has(node.operator)) {
          need(left, ['number'], `"${node.operator}"`);
          need(right, ['number'], `"${node.operator}"`);
          return 'number';
        }
        if (node.operator === '&') return 'text';
        if (node.operator === '&&' || node.operator === '||') {
          need(left, ['boolean', 'number'], `"${node.operator}"`);
          need(right, ['boolean', 'number'], `"${node.operator}"`);
          return 'boolean';
        }
        if (ORDERING.has(node.operator) && left !== 'any' && right !== 'any' && left !== right) {
          problems.push(`"${node.operator}" compares ${describe(left)} with ${describe(right)}`);
        }
        return 'boolean';
      }
      case 'call': {
        const args = node.args.map(visit);
        if (NUMERIC_FUNCTIONS.has(node.name)) {
          args.forEach((kind) => need(kind, node.name === 'ROUND' || node.name === 'ABS' ? ['number'] : ['number', 'list'], node.name));
          return 'number';
        }
        if (node.name === 'COUNT' || node.name === 'LEN') return 'number';
        if (TEXT_FUNCTIONS.has(node.name)) return 'text';
        if (node.name === 'IF') {
          need(args[0], ['boolean', 'number'], 'IF');
          return join(args.slice(1));
        }
        return join(args); // COALESCE
      }
    }
  };
  try {
    const { root } = parse(source);
    return { kind: visit(root), problems };
  } catch (error) {
    if (error instanceof FormulaError) return { kind: 'any', problems: [error.message] };
    throw error;
  }
}

function join(kinds: ExpressionKind[]): ExpressionKind {
  const known = [...new Set(kinds.filter((kind) => kind !== 'any'))];
  return known.length === 1 ? known[0] : 'any';
}

function describe(kind: ExpressionKind): string {
  return kind === 'list' ? 'a list' : kind === 'any' ? 'anything' : kind === 'number' ? 'numbers' : kind === 'boolean' ? 'true or false' : 'text';
}
