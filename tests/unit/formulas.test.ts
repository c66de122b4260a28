import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { compileFormula, FormulaError, formulaDependencies, type FormulaScope, type FormulaValue } from '@/lib/formulas';

const d = (value: string | number) => new Decimal(value);

/** Decimals become strings, so that expectations read like the numbers they stand for. */
function plain(value: FormulaValue): unknown {
  if (Array.isArray(value)) return value.map(plain);
  return Decimal.isDecimal(value) ? value.toString() : value;
}

function run(source: string, scope: FormulaScope = {}): unknown {
  return plain(compileFormula(source).evaluate(scope));
}

function errorOf(action: () => unknown): FormulaError {
  try {
    action();
  } catch (error) {
    if (error instanceof FormulaError) return error;
    throw error;
  }
  throw new Error('expected a FormulaError');
}

const order: FormulaScope = {
  customer: 'Acme',
  quantity: d(3),
  unitPrice: d('19.99'),
  discount: d('0.15'),
  empty: null,
  active: true,
  items: [
    { amount: d('10.5'), name: 'pen' },
    { amount: d('20'), name: 'ink' },
    { amount: null, name: 'gift' },
    { name: 'note' },
  ],
};

describe('formula arithmetic', () => {
  it.each([
    ['1 + 2 * 3', '7'],
    ['(1 + 2) * 3', '9'],
    ['10 - 4 - 3', '3'],
    ['2 * 3 % 4', '2'],
    ['-2 * 3', '-6'],
    ['- -2', '2'],
    ['+5', '5'],
    ['7 % 3', '1'],
    ['-7 % 3', '-1'],
    ['1e3 + 0.5', '1000.5'],
    ['1 + 2 = 3', true],
    ['1 + 2 & "x"', '3x'],
    ['!true || true', true],
    ['!(true || true)', false],
    ['true || false && false', true],
    ['NOT false AND true', true],
  ])('%s = %s', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it.each([
    ['0.1 + 0.2', '0.3'],
    ['19.99 * 3', '59.97'],
    ['100 * (1 - 0.15)', '85'],
    ['1 / 3', '0.3333333333333333333333333333333333'],
    ['2 / 3', '0.6666666666666666666666666666666667'],
    ['1.10 * 3', '3.3'],
    ['quantity * unitPrice * (1 - discount)', '50.9745'],
  ])('%s is exact: %s', (source, expected) => {
    expect(run(source, order)).toEqual(expected);
  });

  it('ignores the precision of the Decimals it is given', () => {
    const coarse = Decimal.clone({ precision: 5 });
    expect(run('a / 3', { a: new coarse(1) })).toBe('0.3333333333333333333333333333333333');
  });

  it.each([
    ['empty + 1', '1'],
    ['empty * 5', '0'],
    ['-empty', '0'],
    ['missing - 2', '-2'],
    ['empty', null],
    ['5 / 0', null],
    ['5 / empty', null],
    ['5 % 0', null],
    ['(5 / 0) + 1', '1'],
  ])('null and division by zero: %s = %s', (source, expected) => {
    expect(run(source, order)).toEqual(expected);
  });

  it.each([
    ['1 + customer', '"+" expects numbers, got text at 2'],
    ['quantity * "2"', '"*" expects numbers, got text at 9'],
    ['active - 1', '"-" expects numbers, got a boolean at 7'],
    ['-customer', '"-" expects numbers, got text at 0'],
    ['items.amount + 1', '"+" expects numbers, got a list at 13'],
  ])('refuses arithmetic on other kinds: %s', (source, message) => {
    const error = errorOf(() => compileFormula(source).evaluate(order));
    expect(error.message).toBe(message);
    expect(error.position).toBe(Number(message.split(' at ').pop()));
  });

  it('reports numbers out of range instead of Infinity', () => {
    expect(errorOf(() => run('1e9000000000000000 * 10')).message).toBe('number is too large at 19');
    expect(errorOf(() => run('1e99999999999999999')).message).toBe('number is too large at 0');
    expect(errorOf(() => run('1e100000 % 3')).message).toMatch(/^"%" cannot divide .* at 9$/);
  });
});

describe('formula functions', () => {
  it.each([
    ['SUM(items.amount)', '30.5'],
    ['sum(items.amount, 1, empty)', '31.5'],
    ['SUM(empty)', '0'],
    ['SUM(nothing.amount)', '0'],
    ['AVG(items.amount)', '15.25'],
    ['AVG(empty)', null],
    ['MIN(items.amount)', '10.5'],
    ['MAX(items.amount, 99)', '99'],
    ['MAX(nothing.amount)', null],
    ['COUNT(items.amount)', '2'],
    ['COUNT(items.name)', '4'],
    ['COUNT(items.amount, "x", empty)', '3'],
    ['ROUND(2.5)', '3'],
    ['ROUND(-2.5)', '-3'],
    ['ROUND(1.005, 2)', '1.01'],
    ['ROUND(1234.5, -2)', '1200'],
    ['ROUND(empty, 2)', null],
    ['ABS(-4.5)', '4.5'],
    ['IF(quantity > 2, "bulk", "single")', 'bulk'],
    ['IF(empty, 1, 2)', '2'],
    ['IF(false, 1)', null],
    ['IF(true, 1, 1 + "x")', '1'],
    ['COALESCE(empty, missing, discount, 1)', '0.15'],
    ['COALESCE(empty)', null],
    ['CONCAT(customer, ": ", quantity, empty, " x ", unitPrice, active)', 'Acme: 3 x 19.99true'],
    ['CONCAT(items.name)', 'peninkgiftnote'],
    ['LEN("销售流")', '3'],
    ['LEN(empty)', '0'],
    ['UPPER(customer) & LOWER("ABC")', 'ACMEabc'],
    ['UPPER(empty)', null],
  ])('%s = %s', (source, expected) => {
    expect(run(source, order)).toEqual(expected);
  });

  it('lists a sub-table column, with null for rows that lack it', () => {
    expect(run('items.amount', order)).toEqual(['10.5', '20', null, null]);
  });

  it.each([
    ['SUM(items.name)', 'SUM expects numbers, got text at 0'],
    ['ROUND(1, 0.5)', 'ROUND digits must be a whole number from -34 to 34 at 0'],
    ['IF("yes", 1, 2)', 'IF expects true or false, got text at 0'],
    ['items', 'items is a sub-table; read one of its columns, like items.amount at 0'],
  ])('refuses %s', (source, message) => {
    expect(errorOf(() => run(source, order)).message).toBe(message);
  });
});

describe('formula comparisons and text', () => {
  it.each([
    ['quantity = 3', true],
    ['quantity == 3.00', true],
    ['quantity != 3', false],
    ['quantity <> 4', true],
    ['unitPrice < 20', true],
    ['unitPrice <= 19.99', true],
    ['unitPrice > 19.99', false],
    ['unitPrice >= 19.99', true],
    ['empty = null', true],
    ['empty = 0', false],
    ['empty < 1', true],
    ['"3" = 3', false],
    ['customer = "Acme"', true],
    ['"a" < "b"', true],
    ['empty < "a"', true],
    ['active = true', true],
    ['quantity > 2 && active', true],
    ['quantity > 5 or !active', false],
    ['false && 1 + "x"', false],
    ['"It\'s " & \'a "quote"\' & "\\n"', 'It\'s a "quote"\n'],
    ['customer & " / " & quantity & " / " & empty & active', 'Acme / 3 / true'],
  ])('%s = %s', (source, expected) => {
    expect(run(source, order)).toEqual(expected);
  });

  it.each([
    ['"a" < 1', '"<" cannot compare text with a number at 4'],
    ['active > false', '">" cannot compare a boolean with a boolean at 7'],
    ['items.amount = 1', '"=" cannot compare lists at 13'],
    ['"x" & items.name', '"&" expects text, got a list at 4'],
  ])('refuses %s', (source, message) => {
    expect(errorOf(() => run(source, order)).message).toBe(message);
  });
});

describe('formula fields', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'items.__proto__', 'items.constructor', '__proto__.x'])(
    '%s is an unknown field',
    (source) => {
      const value = run(source, order);
      expect(value === null || (Array.isArray(value) && value.every((item) => item === null))).toBe(true);
    },
  );

  it('reads unknown fields in arithmetic as null', () => {
    expect(run('constructor + __proto__ + 1', {})).toBe('1');
  });

  it('takes plain JSON numbers by their decimal form', () => {
    expect(run('a + b', { a: 0.1, b: 0.2 } as unknown as FormulaScope)).toBe('0.3');
  });

  it.each([
    ['quantity * unitPrice * (1 - discount)', ['quantity', 'unitPrice', 'discount']],
    ['SUM(items.amount) - SUM(items.amount) * rate + rate', ['items.amount', 'rate']],
    ['IF(a > b, a, c) & "b"', ['a', 'b', 'c']],
    ['ROUND(1.5) + true', []],
  ])('%s reads %j', (source, references) => {
    expect(compileFormula(source).references).toEqual(references);
  });
});

describe('formula compile errors', () => {
  it.each([
    ['1 + FOO(2)', 'unknown function FOO at 4'],
    ['items.sum(1)', 'unknown function items.sum at 0'],
    ['constructor(1)', 'unknown function constructor at 0'],
    ['SUM(1', 'expected ")" at 5'],
    ['(1 + 2', 'expected ")" at 6'],
    ['1 +', 'unexpected end of formula at 3'],
    ['', 'unexpected end of formula at 0'],
    ['1 2', 'unexpected "2" at 2'],
    ['1 < 2 < 3', 'unexpected "<" at 6'],
    ['a.b.c', 'unexpected character "." at 3'],
    ['1 # 2', 'unexpected character "#" at 2'],
    ['"open', 'unterminated string at 0'],
    ['1 + )', 'unexpected ")" at 4'],
    ['ABS()', 'ABS expects 1 argument, got 0 at 0'],
    ['ROUND(1, 2, 3)', 'ROUND expects 1 to 2 arguments, got 3 at 0'],
    ['SUM()', 'SUM expects at least 1 argument, got 0 at 0'],
    ['IF(true)', 'IF expects 2 to 3 arguments, got 1 at 0'],
  ])('%s: %s', (source, message) => {
    const error = errorOf(() => compileFormula(source));
    expect(error.message).toBe(message);
    expect(error.position).toBe(Number(message.split(' at ').pop()));
  });

  it('limits the length to 2000 characters', () => {
    const longest = `1${' + 1'.repeat(333)}`.padEnd(2000, ' ');
    expect(run(longest)).toBe('334');
    expect(errorOf(() => compileFormula(`${longest} `)).message).toBe('formula is longer than 2000 characters at 2000');
  });

  it('limits nesting to 50 levels', () => {
    const nested = (depth: number) => `${'('.repeat(depth)}1${')'.repeat(depth)}`;
    expect(run(nested(50))).toBe('1');
    expect(errorOf(() => compileFormula(nested(51))).message).toBe('formula is nested too deeply (more than 50 levels) at 50');
    expect(run(`${'-'.repeat(50)}1`)).toBe('1');
    expect(errorOf(() => compileFormula(`${'-'.repeat(51)}1`)).position).toBe(50);
    expect(errorOf(() => compileFormula(`${'ABS('.repeat(51)}1${')'.repeat(51)}`)).position).toBe(200);
  });
});

describe('formula dependencies', () => {
  const compileAll = (sources: Record<string, string>) =>
    Object.fromEntries(Object.entries(sources).map(([key, source]) => [key, compileFormula(source)]));

  it('orders formulas after the formulas they read', () => {
    const formulas = compileAll({
      total: 'subtotal + tax',
      tax: 'subtotal * rate',
      subtotal: 'SUM(items.amount)',
      label: 'customer & total',
    });
    expect(formulaDependencies(formulas)).toEqual(['subtotal', 'tax', 'total', 'label']);
  });

  it('ignores sub-table columns named like a formula', () => {
    expect(formulaDependencies(compileAll({ amount: 'SUM(items.amount)', items: '1' }))).toEqual(['amount', 'items']);
  });

  it.each([
    [{ a: 'b + 1', b: 'a + 1' }, 'circular reference: a -> b -> a'],
    [{ x: '1', a: 'b', b: 'c', c: 'a * x' }, 'circular reference: a -> b -> c -> a'],
    [{ a: 'a + 1' }, 'circular reference: a -> a'],
  ])('refuses cycles: %j', (sources, message) => {
    const error = errorOf(() => formulaDependencies(compileAll(sources)));
    expect(error.message).toBe(message);
    expect(error.position).toBe(0);
  });
});

describe('formula date functions', () => {
  it('reads the parts of a date and a month key for matching targets', () => {
    expect(run('YEAR(d)', { d: '2026-11-23' })).toBe('2026');
    expect(run('MONTH(d)', { d: '2026-02-03' })).toBe('2');
    expect(run('DAY(d)', { d: '2026-02-03' })).toBe('3');
    expect(run('QUARTER(d)', { d: '2026-11-23' })).toBe('4');
    expect(run('MONTHKEY(d)', { d: '2026-01-09' })).toBe('2026-01');
    expect(run('QUARTERKEY(d)', { d: '2026-04-01' })).toBe('2026-Q2');
    expect(run('WEEKSTART(d)', { d: '2026-11-29' })).toBe('2026-11-23');
    expect(run('MONTHKEY(d)', { d: null })).toBe(null);
  });

  it('reads a date-time on its day in the company zone (Asia/Shanghai by default)', () => {
    expect(run('MONTHKEY(t)', { t: '2026-11-30T16:30:00.000Z' })).toBe('2026-12');
    expect(run('DAY(t)', { t: '2026-11-30T15:59:59.999Z' })).toBe('30');
  });

  it('counts days between two dates, across months and leap days', () => {
    expect(run('DAYS(b, a)', { a: '2028-02-28', b: '2028-03-01' })).toBe('2');
    expect(run('DAYS(a, b)', { a: '2028-02-28', b: '2028-03-01' })).toBe('-2');
    expect(run('DAYS(b, a)', { a: '2026-01-01', b: null })).toBe(null);
  });

  it('gives today as a date in the company zone', () => {
    expect(run('TODAY()')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(run('DAYS(TODAY(), TODAY())')).toBe('0');
  });

  it('refuses what is not a date, naming the function', () => {
    expect(errorOf(() => run('YEAR(x)', { x: 'soon' })).message).toContain('YEAR expects a date');
    expect(errorOf(() => run('MONTH(x)', { x: d(3) })).message).toContain('MONTH expects a date');
    expect(errorOf(() => compileFormula('TODAY(1)')).message).toContain('TODAY');
  });
});
