import { fail } from '@/lib/formulas/errors';
import { FUNCTIONS, type FormulaFunction } from '@/lib/formulas/functions';
import { tokenize, type Token } from '@/lib/formulas/lexer';
import { Dec, type FormulaValue } from '@/lib/formulas/values';

export type BinaryOperator = '||' | '&&' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '&' | '+' | '-' | '*' | '/' | '%';
export type UnaryOperator = '-' | '+' | '!';

export type FormulaNode =
  | { type: 'literal'; value: FormulaValue; position: number }
  | { type: 'field'; name: string; position: number }
  | { type: 'unary'; operator: UnaryOperator; operand: FormulaNode; position: number }
  | { type: 'binary'; operator: BinaryOperator; left: FormulaNode; right: FormulaNode; position: number }
  | { type: 'call'; name: string; fn: FormulaFunction; args: FormulaNode[]; position: number };

const MAX_DEPTH = 50;

/** Loosest binding first; `&` sits between comparison and `+`, as in spreadsheets. */
const LEVELS: BinaryOperator[][] = [['||'], ['&&'], ['=', '!=', '<', '<=', '>', '>='], ['&'], ['+', '-'], ['*', '/', '%']];
const COMPARISON_LEVEL = 2;
const UNARY: UnaryOperator[] = ['-', '+', '!'];
const LITERALS = new Map<string, FormulaValue>([['true', true], ['false', false], ['null', null]]);

function isSymbol<T extends string>(token: Token, symbols: readonly T[]): token is Token & { text: T } {
  return token.kind === 'symbol' && (symbols as readonly string[]).includes(token.text);
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'end of formula' : `"${token.raw}"`;
}

function argumentCount({ minArgs, maxArgs }: FormulaFunction): string {
  const noun = (n: number) => (n === 1 ? `${n} argument` : `${n} arguments`);
  if (minArgs === maxArgs) return noun(minArgs);
  return maxArgs === Infinity ? `at least ${noun(minArgs)}` : `${minArgs} to ${noun(maxArgs)}`;
}

class Parser {
  private index = 0;
  private depth = 0;
  /** A Set keeps the order of first appearance, which is source order since parsing goes left to right. */
  readonly references = new Set<string>();

  constructor(private readonly tokens: Token[]) {}

  parseAll(): FormulaNode {
    const root = this.binary(0);
    if (this.peek().kind !== 'end') this.unexpected();
    return root;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  private unexpected(): never {
    return fail(`unexpected ${describe(this.peek())}`, this.peek().position);
  }

  private expect(symbol: string): void {
    if (!isSymbol(this.peek(), [symbol])) fail(`expected "${symbol}"`, this.peek().position);
    this.index++;
  }

  /** Bounds the recursion of parser and evaluator alike. */
  private nested<T>(position: number, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) fail(`formula is nested too deeply (more than ${MAX_DEPTH} levels)`, position);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private binary(level: number): FormulaNode {
    if (level === LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    while (isSymbol(this.peek(), LEVELS[level])) {
      const { text: operator, position } = this.next() as Token & { text: BinaryOperator };
      left = { type: 'binary', operator, left, right: this.binary(level + 1), position };
      // `a < b < c` would compare a boolean with a number; refusing it here gives the clearer message.
      if (level === COMPARISON_LEVEL) break;
    }
    return left;
  }

  private unary(): FormulaNode {
    const token = this.peek();
    if (!isSymbol(token, UNARY)) return this.primary();
    this.index++;
    return { type: 'unary', operator: token.text, operand: this.nested(token.position, () => this.unary()), position: token.position };
  }

  private primary(): FormulaNode {
    const token = this.peek();
    const { position } = token;
    if (token.kind === 'symbol' && token.text === '(') {
      this.index++;
      const inner = this.nested(position, () => this.binary(0));
      this.expect(')');
      return inner;
    }
    if (token.kind === 'symbol' || token.kind === 'end') this.unexpected();
    this.index++;
    switch (token.kind) {
      case 'number': {
        const value = new Dec(token.text);
        if (!value.isFinite()) fail('number is too large', position);
        return { type: 'literal', value, position };
      }
      case 'string':
        return { type: 'literal', value: token.text, position };
      case 'keyword':
        return { type: 'literal', value: LITERALS.get(token.text) ?? null, position };
      case 'name':
        if (isSymbol(this.peek(), ['('])) return this.call(token);
        this.references.add(token.text);
        return { type: 'field', name: token.text, position };
    }
  }

  private argumentList(): FormulaNode[] {
    if (isSymbol(this.peek(), [')'])) return [];
    const args = [this.binary(0)];
    while (isSymbol(this.peek(), [','])) {
      this.index++;
      args.push(this.binary(0));
    }
    return args;
  }

  private call({ text, position }: Token): FormulaNode {
    const name = text.toUpperCase();
    const fn = FUNCTIONS.get(name);
    if (!fn) fail(`unknown function ${text}`, position);
    this.expect('(');
    const args = this.nested(position, () => this.argumentList());
    this.expect(')');
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      fail(`${name} expects ${argumentCount(fn)}, got ${args.length}`, position);
    }
    return { type: 'call', name, fn, args, position };
  }
}

export function parse(source: string): { root: FormulaNode; references: string[] } {
  const parser = new Parser(tokenize(source));
  const root = parser.parseAll();
  return { root, references: [...parser.references] };
}
