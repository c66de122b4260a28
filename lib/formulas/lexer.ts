import { fail } from '@/lib/formulas/errors';

export interface Token {
  kind: 'number' | 'string' | 'name' | 'keyword' | 'symbol' | 'end';
  /** Numbers: the digits; strings: the unescaped text; keywords: lower case; symbols: the canonical operator. */
  text: string;
  /** The source as written, for error messages. */
  raw: string;
  position: number;
}

const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** One optional dot: `items.amount` is the column `amount` of the sub-table `items`. */
const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?/y;
/** Longest first, so that `<=` is not read as `<` followed by `=`. */
const SYMBOLS = ['&&', '||', '==', '!=', '<>', '<=', '>=', '=', '<', '>', '!', '&', '+', '-', '*', '/', '%', '(', ')', ','];
// Maps, not object literals: words come from the user, and `constructor` must not find Object.prototype.
const SYNONYMS = new Map([['==', '='], ['<>', '!='], ['and', '&&'], ['or', '||'], ['not', '!']]);
const KEYWORDS = new Set(['true', 'false', 'null']);
const ESCAPES = new Map([['n', '\n'], ['t', '\t'], ['r', '\r']]);

function matchAt(pattern: RegExp, source: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(source)?.[0];
}

/** Returns the unescaped text and the index after the closing quote; any other escaped character stands for itself. */
function readString(source: string, start: number): [string, number] {
  const quote = source[start];
  let text = '';
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === quote) return [text, i + 1];
    if (source[i] === '\\' && i + 1 < source.length) {
      i++;
      text += ESCAPES.get(source[i]) ?? source[i];
    } else {
      text += source[i];
    }
  }
  return fail('unterminated string', start);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: Token['kind'], text: string, end: number) => {
    tokens.push({ kind, text, raw: source.slice(i, end), position: i });
    i = end;
  };
  while (i < source.length) {
    if (/\s/.test(source[i])) {
      i++;
      continue;
    }
    if (source[i] === '"' || source[i] === "'") {
      const [text, end] = readString(source, i);
      push('string', text, end);
      continue;
    }
    const number = matchAt(NUMBER, source, i);
    if (number) {
      push('number', number, i + number.length);
      continue;
    }
    const name = matchAt(NAME, source, i);
    if (name) {
      const word = name.toLowerCase();
      if (KEYWORDS.has(word)) push('keyword', word, i + name.length);
      else if (SYNONYMS.has(word)) push('symbol', SYNONYMS.get(word)!, i + name.length);
      else push('name', name, i + name.length);
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => source.startsWith(candidate, i));
    if (!symbol) fail(`unexpected character "${String.fromCodePoint(source.codePointAt(i)!)}"`, i);
    push('symbol', SYNONYMS.get(symbol) ?? symbol, i + symbol.length);
  }
  tokens.push({ kind: 'end', text: '', raw: '', position: source.length });
  return tokens;
}
