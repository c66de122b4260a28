import type Decimal from 'decimal.js';
import { fail } from '@/lib/formulas/errors';
import type { BinaryOperator, FormulaNode } from '@/lib/formulas/parser';
import { Dec, type FormulaScope, type FormulaValue, isNumber, kindOf, toNumber, toText, truthy } from '@/lib/formulas/values';

type Arithmetic = '+' | '-' | '*' | '/' | '%';
type Ordering = '<' | '<=' | '>' | '>=';

/** decimal.js computes `%` through the whole integer quotient, which takes minutes for 1e100000 % 3. */
const MAX_REMAINDER_MAGNITUDE = 1000;

const ARITHMETIC: Record<Arithmetic, (a: Decimal, b: Decimal, position: number) => Decimal | null> = {
  '+': (a, b) => a.plus(b),
  '-': (a, b) => a.minus(b),
  '*': (a, b) => a.times(b),
  // Division by zero gives null ("no value") instead of failing the whole record.
  '/': (a, b) => (b.isZero() ? null : a.div(b)),
  '%': (a, b, position) => {
    if (b.isZero()) return null;
    if (a.e - b.e > MAX_REMAINDER_MAGNITUDE) fail('"%" cannot divide numbers this far apart in size', position);
    return a.mod(b);
  },
};

const ORDERING: Record<Ordering, (comparison: number) => boolean> = {
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

function isOneOf<T extends string>(operator: string, table: Record<T, unknown>): operator is T {
  return Object.hasOwn(table, operator);
}

/** Values of another kind are never equal (no coercion); null equals only null, so `x = null` tests for emptiness. */
function equals(left: FormulaValue, right: FormulaValue, what: string, position: number): boolean {
  if (Array.isArray(left) || Array.isArray(right)) fail(`${what} cannot compare lists`, position);
  if (isNumber(left) && isNumber(right)) return left.eq(right);
  return left === right;
}

/** Null sorts as 0 against numbers and as '' against text, matching its role in arithmetic. */
function compare(left: FormulaValue, right: FormulaValue, what: string, position: number): number {
  if ((left === null || isNumber(left)) && (right === null || isNumber(right))) {
    return toNumber(left, what, position).cmp(toNumber(right, what, position));
  }
  if ((left === null || typeof left === 'string') && (right === null || typeof right === 'string')) {
    const [a, b] = [left ?? '', right ?? ''];
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return fail(`${what} cannot compare ${kindOf(left)} with ${kindOf(right)}`, position);
}

function binary(operator: BinaryOperator, left: FormulaNode, right: FormulaNode, scope: FormulaScope, position: number): FormulaValue {
  const what = `"${operator}"`;
  const read = (node: FormulaNode) => evaluateNode(node, scope);
  // Short-circuit, so that `x != 0 && y / x > 1` never evaluates what it guards against.
  if (operator === '&&') return truthy(read(left), what, position) && truthy(read(right), what, position);
  if (operator === '||') return truthy(read(left), what, position) || truthy(read(right), what, position);
  const [a, b] = [read(left), read(right)];
  if (operator === '&') return toText(a, what, position) + toText(b, what, position);
  if (operator === '=') return equals(a, b, what, position);
  if (operator === '!=') return !equals(a, b, what, position);
  if (isOneOf(operator, ORDERING)) return ORDERING[operator](compare(a, b, what, position));
  return ARITHMETIC[operator](toNumber(a, what, position), toNumber(b, what, position), position);
}

function own(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

function isRow(value: unknown): value is FormulaScope {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isNumber(value);
}

/** Scope values come from stored records, so anything a formula cannot use is reported rather than passed on. */
function fieldValue(value: unknown, name: string, position: number): FormulaValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || isNumber(value)) return value;
  // Plain JSON numbers are taken by their shortest decimal form, which is what was typed.
  if (typeof value === 'number' && Number.isFinite(value)) return new Dec(value);
  if (Array.isArray(value) && !value.some(isRow)) return value.map((item) => fieldValue(item, name, position));
  if (Array.isArray(value)) return fail(`${name} is a sub-table; read one of its columns, like ${name}.amount`, position);
  return fail(`field ${name} holds a value formulas cannot read`, position);
}

/** Own properties only: `__proto__` or `constructor` must never reach Object.prototype. */
function readField(scope: FormulaScope, name: string, position: number): FormulaValue {
  const [table, column] = name.split('.');
  if (column === undefined) return fieldValue(own(scope, name), name, position);
  const rows = own(scope, table);
  if (!Array.isArray(rows)) return null;
  return rows.map((row) => (isRow(row) ? fieldValue(own(row, column), name, position) : null));
}

function evaluateRaw(node: FormulaNode, scope: FormulaScope): FormulaValue {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'field':
      return readField(scope, node.name, node.position);
    case 'unary': {
      const value = evaluateNode(node.operand, scope);
      const what = `"${node.operator}"`;
      if (node.operator === '!') return !truthy(value, what, node.position);
      const number = toNumber(value, what, node.position);
      return node.operator === '-' ? number.neg() : number;
    }
    case 'binary':
      return binary(node.operator, node.left, node.right, scope, node.position);
    case 'call':
      return node.fn.call(
        node.args.map((arg) => () => evaluateNode(arg, scope)),
        node.name,
        node.position,
      );
  }
}

export function evaluateNode(node: FormulaNode, scope: FormulaScope): FormulaValue {
  const value = evaluateRaw(node, scope);
  // decimal.js overflows to Infinity, which has no place in a record.
  if (isNumber(value) && !value.isFinite()) fail('number is too large', node.position);
  return value;
}
