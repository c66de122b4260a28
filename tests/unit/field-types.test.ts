import { afterAll, describe, expect, it } from 'vitest';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { formSchemaFor, visibleFieldKeys } from '@/lib/entities/entity.schema';
import {
  FIELD_TYPE_KEYS,
  FILTER_OPERATORS,
  FilterValueError,
  type FieldContext,
  type FieldDefinition,
  type FieldType,
  type FieldTypeKey,
  type FilterOperator,
} from '@/lib/fields/field.types';
import { FIELD_TYPES, fieldType, holdsOneValue, isDated, operatorsFor } from '@/lib/fields/registry';
import { validatorFor } from '@/lib/validation/schema-validator';

/**
 * One table row per field type: a field with its settings, what a form or the API sends, what is
 * stored, a value the schema refuses, the list-cell text and a filter operand. The registry is
 * walked, so a type added without a row fails the first test.
 */

// Date-times are shown in the server's zone; pin it so the expected texts hold on any machine.
const savedTz = process.env.TZ;
process.env.TZ = 'Asia/Shanghai';
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const MALICIOUS: unknown[] = [{ $where: '1' }, { $gt: '' }, '.*'];

const ALLOWED_OPERATORS = new Set(['$regex', '$options', '$nor', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$all', '$exists', '$or', '$and']);

const ID_A = 'a'.repeat(24);
const ID_B = '0123456789abcdef01234567';
const ACTOR = 'a'.repeat(24);
const NOW = new Date('2026-11-23T10:00:00Z');
const en: FieldContext = { locale: 'en' };
const filterCtx: FieldContext = { locale: 'en', actorId: ACTOR, now: NOW };

function field(type: FieldTypeKey, settings: Partial<FieldDefinition> = {}): FieldDefinition {
  return { key: `f_${type}`, type, label: { 'zh-CN': type, en: type }, ...settings };
}

const stageOptions = [
  { value: 'won', label: { 'zh-CN': '赢单', en: 'Won' }, color: 'green' },
  { value: 'lost', label: { 'zh-CN': '输单', en: 'Lost' }, color: 'red' },
];
const tagOptions = [
  { value: 'hot', label: { 'zh-CN': '热门', en: 'Hot' } },
  { value: 'vip', label: { 'zh-CN': '大客户', en: 'VIP' } },
];
const lineItems = field('subtable', {
  fields: [
    field('text', { key: 'product', required: true }),
    field('number', { key: 'quantity' }),
    field('money', { key: 'unitPrice', currency: 'CNY' }),
    field('formula', { key: 'total', formula: { expression: 'quantity * unitPrice', result: 'money', currency: 'CNY' } }),
  ],
});

type TextImport = 'round-trip' | ((type: FieldType, field: FieldDefinition, row: Row) => void);

interface Row {
  field: FieldDefinition;
  /** What a form or the HTTP API typically sends. */
  input: unknown;
  /** What is stored (normalise(input), or what the server computes). */
  stored: unknown;
  /** When normalise(input) is not the whole stored value (server-computed parts). */
  normalisesTo?: unknown;
  invalid: unknown;
  /** toText(stored, field, {locale: 'en'}): the list cell and export text. */
  text: string;
  /** Default: fromText(text) gives back the stored value. */
  textImport?: TextImport;
  /** A value a person types into the filter builder (a list gets one, between gets two). */
  operand?: unknown;
}

const ROWS: Record<FieldTypeKey, Row> = {
  text: { field: field('text'), input: '  Acme Ltd  ', stored: 'Acme Ltd', invalid: 'x'.repeat(201), text: 'Acme Ltd', operand: 'Acme' },
  textarea: { field: field('textarea', { rows: 3 }), input: ' line 1\nline 2 ', stored: 'line 1\nline 2', invalid: 42, text: 'line 1\nline 2', operand: 'line' },
  number: { field: field('number', { precision: 2 }), input: '1,234.56', stored: 1234.56, invalid: 1234.567, text: '1,234.56', operand: '10' },
  money: { field: field('money', { currency: 'CNY' }), input: '¥1,234.56', stored: 123456, invalid: 1234.5, text: 'CN¥1,234.56', operand: '100.5' },
  percent: { field: field('percent', { precision: 1 }), input: '15.2%', stored: 15.2, invalid: 15.25, text: '15.2%', operand: '10' },
  date: { field: field('date'), input: '2026/11/23', stored: '2026-11-23', invalid: '2026-13-01', text: '2026-11-23', operand: '2026-11-01' },
  datetime: {
    field: field('datetime'),
    input: '2026-11-23T14:30:00+08:00',
    stored: '2026-11-23T06:30:00.000Z',
    invalid: '2026-11-23 14:30',
    text: '2026-11-23 14:30',
    operand: '2026-11-23',
  },
  boolean: { field: field('boolean'), input: true, stored: true, invalid: 'yes', text: 'Yes' },
  select: { field: field('select', { options: stageOptions }), input: 'won', stored: 'won', invalid: 'tv', text: 'Won', operand: 'won' },
  multiselect: {
    field: field('multiselect', { options: tagOptions }),
    input: ['hot', 'vip'],
    stored: ['hot', 'vip'],
    invalid: ['hot', 'hot'],
    text: 'Hot, VIP',
    operand: 'vip',
  },
  phone: { field: field('phone'), input: ' +86  138 0013 8000 ', stored: '+86 138 0013 8000', invalid: 'call me', text: '+86 138 0013 8000', operand: '138' },
  email: { field: field('email'), input: ' Buyer@Acme.CN ', stored: 'buyer@acme.cn', invalid: 'not-an-email', text: 'buyer@acme.cn', operand: 'acme' },
  url: { field: field('url'), input: 'acme.cn/about', stored: 'https://acme.cn/about', invalid: 'javascript:alert(1)', text: 'https://acme.cn/about', operand: 'acme' },
  address: {
    field: field('address'),
    input: { province: '广东省', city: '深圳市', district: '南山区', detail: ' 科技园路 1 号 ' },
    stored: { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园路 1 号' },
    invalid: { street: 'Main St' },
    text: '广东省 深圳市 南山区 科技园路 1 号',
    operand: '深圳',
  },
  relation: {
    field: field('relation', { relation: { entity: 'customer' } }),
    input: ID_A,
    stored: ID_A,
    invalid: 'not-an-id',
    text: ID_A,
    operand: ID_B,
    // Imports resolve display names to ids before fromText; fromText itself understands ids only.
    textImport: (type, f) => {
      expect(type.toText(ID_A, f, { locale: 'en', refName: 'Acme Ltd' })).toBe('Acme Ltd');
      expect(type.fromText(ID_A, f)).toEqual({ ok: true, value: ID_A });
      expect(type.fromText('Acme Ltd', f).ok).toBe(false);
    },
  },
  user: {
    field: field('user'),
    input: ID_B,
    stored: ID_B,
    invalid: '42',
    text: ID_B,
    operand: ID_B,
    textImport: (type, f) => {
      expect(type.toText(ID_B, f, { locale: 'en', refName: 'Li Lei' })).toBe('Li Lei');
      expect(type.fromText(` ${ID_B} `, f)).toEqual({ ok: true, value: ID_B });
      expect(type.fromText('Li Lei', f).ok).toBe(false);
    },
  },
  subtable: {
    field: lineItems,
    input: [{ product: ' Widget ', quantity: '2', unitPrice: '12.50', total: 999 }, { product: '', quantity: '' }],
    normalisesTo: [{ product: 'Widget', quantity: 2, unitPrice: 1250 }],
    stored: [{ product: 'Widget', quantity: 2, unitPrice: 1250, total: 2500 }],
    invalid: [{ product: 'Widget', colour: 'red' }],
    text: 'Widget | 2 | CN¥12.50 | CN¥25.00',
    // The cell text is for reading; a sub-table is imported as a JSON list of rows.
    textImport: (type, f, row) => {
      expect(type.fromText(row.text, f).ok).toBe(false);
      expect(type.fromText(JSON.stringify(row.stored), f)).toEqual({ ok: true, value: row.stored });
      expect(type.fromText('{"product":"Widget"}', f).ok).toBe(false);
    },
  },
  formula: {
    field: field('formula', { formula: { expression: 'quantity * unitPrice', result: 'money', currency: 'CNY' } }),
    input: 2500,
    stored: 2500,
    invalid: 25.5,
    text: 'CN¥25.00',
    operand: '100.5',
  },
  autonumber: {
    field: field('autonumber', { autonumber: { prefix: 'SO', dateFormat: 'YYYYMMDD', digits: 4 } }),
    input: 'SO-20261123-0007',
    stored: 'SO-20261123-0007',
    invalid: 7,
    text: 'SO-20261123-0007',
    operand: 'SO-2026',
  },
  rollup: {
    field: field('rollup', { rollup: { entity: 'stock_movement', match: { product: 'product' }, field: 'quantity', fn: 'sum', precision: 2 } }),
    input: 1234.5,
    stored: 1234.5,
    invalid: '12.5',
    text: '1,234.50',
    operand: '100.5',
  },
  attachment: {
    field: field('attachment', { attachment: { maxSizeMB: 5, accept: ['.pdf', 'image/*'], maxFiles: 2 } }),
    input: [{ id: ID_A, name: 'quote.pdf', size: 1024, type: 'application/pdf' }],
    stored: [{ id: ID_A, name: 'quote.pdf', size: 1024, type: 'application/pdf' }],
    invalid: [
      { id: ID_A, name: 'a.pdf', size: 1, type: 'application/pdf' },
      { id: ID_B, name: 'b.pdf', size: 1, type: 'application/pdf' },
      { id: ID_A, name: 'c.pdf', size: 1, type: 'application/pdf' },
    ],
    text: 'quote.pdf',
    textImport: (type, f, row) => {
      expect(type.toText(row.stored, f, en)).toBe('quote.pdf');
      expect(type.fromText(row.text, f).ok).toBe(false);
    },
  },
};

/** More settings of the same types: many relations, other currencies and formula results. */
const VARIANTS: [string, Row][] = [
  [
    'relation (many)',
    {
      field: field('relation', { relation: { entity: 'contact', many: true } }),
      input: [ID_A, ID_B],
      stored: [ID_A, ID_B],
      invalid: [ID_A, ID_A],
      text: `${ID_A}, ${ID_B}`,
      operand: ID_A,
    },
  ],
  ['money (JPY)', { field: field('money', { currency: 'JPY' }), input: '1234', stored: 1234, invalid: '12.5', text: '¥1,234', operand: '1000' }],
  ['money (USD, negative)', { field: field('money', { currency: 'USD' }), input: '-1,234.5', stored: -123450, invalid: '1.234', text: '-$1,234.50', operand: '-5' }],
  [
    'formula (text result)',
    { field: field('formula', { formula: { expression: 'name', result: 'text' } }), input: 'Acme', stored: 'Acme', invalid: 3, text: 'Acme', operand: 'Ac' },
  ],
  [
    'formula (percent result)',
    { field: field('formula', { formula: { expression: 'discount', result: 'percent', precision: 1 } }), input: 12.5, stored: 12.5, invalid: '12.5', text: '12.5%', operand: '10' },
  ],
];

const ALL_ROWS: [string, Row][] = [...Object.entries(ROWS), ...VARIANTS];

function compiled(name: string, f: FieldDefinition) {
  return validatorFor(`unit/field-types/${name}/${f.key}`, fieldType(f.type).schema(f));
}

describe('the field-type registry', () => {
  it('has a test row for every registered type', () => {
    expect(Object.keys(FIELD_TYPES).sort()).toEqual([...FIELD_TYPE_KEYS].sort());
    expect(Object.keys(ROWS).sort()).toEqual(Object.keys(FIELD_TYPES).sort());
    for (const [key, type] of Object.entries(FIELD_TYPES)) expect(type.key).toBe(key);
  });
});

describe.each(ALL_ROWS)('%s', (name, row) => {
  const type = fieldType(row.field.type);
  const f = row.field;

  it('normalises typical input to the stored value', () => {
    const normalised = type.normalise ? type.normalise(row.input, f) : row.input;
    expect(normalised).toStrictEqual(row.normalisesTo ?? row.stored);
  });

  it('validates the stored value against its schema and refuses the invalid one', () => {
    const validate = compiled(name, f);
    expect(validate(row.stored), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(row.invalid)).toBe(false);
    // A query operator is never a value.
    expect(validate({ $gt: '' })).toBe(false);
  });

  it('holds several values exactly when its stored value is a list (its values then split no records)', () => {
    expect(holdsOneValue(f)).toBe(!Array.isArray(row.stored));
  });

  it('is dated exactly when it groups by day or by moment', () => {
    const kind = type.groupKind?.(f);
    expect(isDated(f)).toBe(kind === 'day' || kind === 'moment');
  });

  it('shows the stored value as text and reads that text back', () => {
    expect(type.toText(row.stored, f, en)).toBe(row.text);
    expect(type.toText(undefined, f, en)).toBe('');
    const textImport = row.textImport ?? 'round-trip';
    if (textImport === 'round-trip') expect(type.fromText(row.text, f)).toStrictEqual({ ok: true, value: row.stored });
    else textImport(type, f, row);
  });

  it('builds a safe filter for every operator it offers', () => {
    for (const op of operatorsFor(f)) {
      const filter = type.filter(f, op, sampleFor(row, op), filterCtx);
      expect(filterProblems(filter, f.key), `${op}: ${JSON.stringify(filter)}`).toEqual([]);
    }
  });

  it.each(MALICIOUS)('treats %j in a filter value as a literal or refuses it', (bad) => {
    for (const op of operatorsFor(f)) {
      for (const value of [bad, [bad], [bad, bad]]) {
        const what = `${op} ${JSON.stringify(value)}`;
        let filter: Record<string, unknown>;
        try {
          filter = type.filter(f, op, value, filterCtx);
        } catch (error) {
          expect(error, what).toBeInstanceOf(FilterValueError);
          expect((error as FilterValueError).field, what).toBe(f.key);
          continue;
        }
        expect(filterProblems(filter, f.key), `${what} → ${JSON.stringify(filter)}`).toEqual([]);
        expect(containsDeep(filter, bad), `${what} → ${JSON.stringify(filter)}`).toBe(false);
        for (const { pattern, options } of typeof bad === 'string' ? regexesIn(filter) : []) {
          const regex = new RegExp(pattern, options);
          expect(regex.test('.*'), `${what} → /${pattern}/`).toBe(true);
          expect(regex.test('anything else'), `${what} → /${pattern}/`).toBe(false);
        }
      }
    }
  });
});

describe('operators per type', () => {
  const offered = (key: FieldTypeKey) => operatorsFor(ROWS[key].field);

  it('offers what the filter builder needs', () => {
    expect(offered('text')).toContain('contains');
    expect(offered('number')).toContain('between');
    expect(offered('money')).toContain('between');
    expect(offered('date')).toContain('lastNDays');
    expect(offered('select')).toContain('anyOf');
    expect(offered('relation')).toContain('anyOf');
    expect(offered('boolean')).toEqual(['isTrue', 'isFalse']);
    expect(offered('user')).toContain('isMe');
  });

  it.each(Object.keys(ROWS) as FieldTypeKey[])('%s has empty/notEmpty exactly when it is not boolean', (key) => {
    const ops = offered(key);
    for (const op of ops) expect(FILTER_OPERATORS).toContain(op);
    const presence = key !== 'boolean';
    expect(ops.includes('empty')).toBe(presence);
    expect(ops.includes('notEmpty')).toBe(presence);
  });

  it('follows the result type of a formula', () => {
    expect(operatorsFor(VARIANTS.find(([name]) => name === 'formula (text result)')![1].field)).toContain('contains');
    expect(operatorsFor(ROWS.formula.field)).toContain('between');
  });

  it('escapes what people type into a text filter', () => {
    const f = ROWS.text.field;
    expect(fieldType('text').filter(f, 'contains', '.*', filterCtx)).toEqual({ f_text: { $regex: '\\.\\*', $options: 'i' } });
    expect(fieldType('text').filter(f, 'startsWith', 'a(b', filterCtx)).toEqual({ f_text: { $regex: '^a\\(b', $options: 'i' } });
    expect(() => fieldType('text').filter(f, 'contains', { $where: '1' }, filterCtx)).toThrow(FilterValueError);
  });

  it('refuses an operator a type does not offer', () => {
    expect(() => fieldType('text').filter(ROWS.text.field, 'lastNDays', 7, filterCtx)).toThrow(FilterValueError);
    expect(() => fieldType('boolean').filter(ROWS.boolean.field, 'empty', undefined, filterCtx)).toThrow(FilterValueError);
  });

  it('answers "is me" with the asking user', () => {
    expect(fieldType('user').filter(ROWS.user.field, 'isMe', { $ne: null }, filterCtx)).toEqual({ f_user: ACTOR });
  });
});

describe('numbers are kept as typed', () => {
  const number = fieldType('number');
  const free = field('number', { key: 'weight' });
  const two = field('number', { key: 'qty', precision: 2 });
  const whole = field('number', { key: 'seats', precision: 0 });

  it('keeps what people type when no precision is set: 0.2 stays 0.2, 0.5 stays 0.5', () => {
    const validate = compiled('number-free', free);
    for (const typed of ['0.2', '0.45', '0.5', '0.8']) {
      expect(number.normalise!(typed, free)).toBe(Number(typed));
      expect(validate(number.normalise!(typed, free))).toBe(true);
      expect(number.fromText(typed, free)).toEqual({ ok: true, value: Number(typed) });
    }
    expect(number.normalise!(0.2, free)).toBe(0.2);
  });

  it('refuses more decimals than its precision, naming the limit, instead of rounding', () => {
    const validate = compiled('number-two', two);
    expect(validate(1.25)).toBe(true);
    expect(validate(1.255)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'decimals', params: { limit: 2 } });
    expect(number.fromText('1.255', two)).toMatchObject({ ok: false, decimals: 2 });
    expect(compiled('number-whole', whole)(0.5)).toBe(false);
    expect(number.fromText('0.5', whole)).toMatchObject({ ok: false, decimals: 0 });
    // Floats that only look long in binary are fine: 0.3 is kept, 0.1 + 0.2 (0.30000000000000004) is not.
    expect(validate(0.3)).toBe(true);
    expect(validate(0.1 + 0.2)).toBe(false);
  });

  it('refuses digits a number cannot hold exactly rather than changing them', () => {
    expect(number.fromText('1.23456789012345678', free).ok).toBe(false);
    expect(number.fromText('12345678901234567890', free).ok).toBe(false);
    expect(number.fromText('123456789012345', free)).toEqual({ ok: true, value: 123456789012345 });
  });

  it('shows what was typed, or the precision it keeps', () => {
    expect(number.toText(0.2, free, en)).toBe('0.2');
    expect(number.toText(1234.5, two, en)).toBe('1,234.50');
    expect(number.toText(3, free, en)).toBe('3');
  });
});

describe('money is exact', () => {
  const money = fieldType('money');
  const cny = field('money', { key: 'amount', currency: 'CNY' });
  const jpy = field('money', { key: 'amount', currency: 'JPY' });
  const norm = (value: unknown, f = cny) => money.normalise!(value, f);

  it('turns decimal text into minor units', () => {
    expect(norm('1234.56')).toBe(123456);
    expect(norm('¥1,234.56')).toBe(123456);
    expect(norm('CNY 1,234.56')).toBe(123456);
    expect(norm('1234')).toBe(123400);
    expect(norm(123456)).toBe(123456);
    expect(norm('1234', jpy)).toBe(1234);
  });

  it('sums 0.1 and 0.2 as 30 minor units', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect((norm('0.1') as number) + (norm('0.2') as number)).toBe(30);
  });

  it('refuses more decimals than the currency has instead of rounding', () => {
    const validate = compiled('money-exact', cny);
    expect(norm('12.345')).toBe('12.345');
    expect(validate(norm('12.345'))).toBe(false);
    expect(money.fromText('12.345', cny).ok).toBe(false);
    expect(money.fromText('12.5', jpy).ok).toBe(false);
    expect(() => money.filter(cny, 'gt', '100.555', filterCtx)).toThrow(FilterValueError);
  });

  it('keeps 4 decimals when its scale says so (unit prices), and refuses a fifth', () => {
    const price = field('money', { key: 'unitPrice', currency: 'USD', scale: 4 });
    expect(norm('22.3680', price)).toBe(223680);
    expect(norm('0.0001', price)).toBe(1);
    expect(money.fromText('1,161,401.3450', price)).toEqual({ ok: true, value: 11614013450 });
    expect(money.fromText('22.36801', price)).toMatchObject({ ok: false, decimals: 4 });
    expect(money.toText(223680, price, en)).toBe('$22.368');
    expect(money.toText(223600, price, en)).toBe('$22.36');
    expect(money.toFormula!(223681, price)!.toString()).toBe('22.3681');
  });

  it('formats minor units in major units', () => {
    expect(money.toText(123456, cny, en)).toContain('1,234.56');
    expect(money.toText(123456, cny, { locale: 'zh-CN' })).toBe('¥1,234.56');
    expect(money.toText(1234, jpy, en)).toBe('¥1,234');
    expect(money.toText(900719925474099, cny, en)).toContain('9,007,199,254,740.99');
  });

  it('reads back the text it writes, in both languages and for negative amounts', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const minor of [123456, -123456, 5]) {
        expect(money.fromText(money.toText(minor, cny, { locale }), cny)).toEqual({ ok: true, value: minor });
      }
    }
  });

  it('compares filters in minor units', () => {
    expect(money.filter(cny, 'gt', '100.5', filterCtx)).toEqual({ amount: { $gt: 10050 } });
    expect(money.filter(cny, 'gt', 100.5, filterCtx)).toEqual({ amount: { $gt: 10050 } });
    expect(money.filter(cny, 'between', ['100', '¥200.5'], filterCtx)).toEqual({ amount: { $gte: 10000, $lte: 20050 } });
    expect(money.filter(cny, 'between', ['100', null], filterCtx)).toEqual({ amount: { $gte: 10000 } });
    expect(money.filter(jpy, 'lte', '1000', filterCtx)).toEqual({ amount: { $lte: 1000 } });
  });
});

describe('dates', () => {
  const date = fieldType('date');
  const day = field('date', { key: 'closeDate' });
  const moment = field('datetime', { key: 'meetingAt' });

  it('filters the last and next N days around now', () => {
    expect(date.filter(day, 'lastNDays', 7, filterCtx)).toEqual({ closeDate: { $gte: '2026-11-17', $lte: '2026-11-23' } });
    expect(date.filter(day, 'lastNDays', '1', filterCtx)).toEqual({ closeDate: { $gte: '2026-11-23', $lte: '2026-11-23' } });
    expect(date.filter(day, 'nextNDays', 7, filterCtx)).toEqual({ closeDate: { $gte: '2026-11-23', $lte: '2026-11-29' } });
    expect(() => date.filter(day, 'lastNDays', 0, filterCtx)).toThrow(FilterValueError);
  });

  it('compares whole days', () => {
    expect(date.filter(day, 'eq', '2026/11/23', filterCtx)).toEqual({ closeDate: { $gte: '2026-11-23', $lte: '2026-11-23' } });
    expect(date.filter(day, 'between', ['2026-11-01', '2026年11月30日'], filterCtx)).toEqual({ closeDate: { $gte: '2026-11-01', $lte: '2026-11-30' } });
    // A day on a date-time covers that day in the server's zone (Asia/Shanghai here).
    expect(fieldType('datetime').filter(moment, 'eq', '2026-11-23', filterCtx)).toEqual({
      meetingAt: { $gte: '2026-11-22T16:00:00.000Z', $lte: '2026-11-23T15:59:59.999Z' },
    });
  });

  it.each(['2026-11-23', '2026/11/23', '2026年11月23日', '2026.11.23', '20261123', ' 2026-11-23 '])('reads %j as 2026-11-23', (text) => {
    expect(date.fromText(text, day)).toEqual({ ok: true, value: '2026-11-23' });
    expect(date.normalise!(text, day)).toBe('2026-11-23');
  });

  it.each(['2026-02-30', '23/11/2026', 'tomorrow', ''])('refuses %j', (text) => {
    expect(date.fromText(text, day).ok).toBe(false);
  });
});

describe('address text import', () => {
  const address = fieldType('address');
  const f = ROWS.address.field;

  it('takes leading division names and keeps every other word in the detail', () => {
    expect(address.fromText('北京市 朝阳区 建国路 88 号', f)).toStrictEqual({ ok: true, value: { province: '北京市', city: '朝阳区', detail: '建国路 88 号' } });
    expect(address.fromText('科技园路 1 号', f)).toStrictEqual({ ok: true, value: { detail: '科技园路 1 号' } });
    expect(address.fromText('科技园路 南山区 1 号', f)).toStrictEqual({ ok: true, value: { detail: '科技园路 南山区 1 号' } });
  });
});

describe('the form schema', () => {
  const deal: EntityDefinition = {
    key: 'deal',
    version: 1,
    label: { 'zh-CN': '商机', en: 'Deal' },
    displayField: 'name',
    fields: [
      field('text', { key: 'name', required: true }),
      field('select', { key: 'stage', options: stageOptions }),
      field('textarea', { key: 'lostReason', required: true, visibleWhen: { field: 'stage', in: ['lost'] } }),
      field('multiselect', { key: 'tags', options: tagOptions }),
      field('autonumber', { key: 'number', required: true, autonumber: { prefix: 'D', dateFormat: '', digits: 4 } }),
      field('text', { key: 'internal', hidden: true }),
    ],
    listView: { columns: ['name'], sort: [], pageSize: 20 },
  };

  it('leaves out a field until its controller holds a listed value', () => {
    expect(visibleFieldKeys(deal, {}).has('lostReason')).toBe(false);
    expect(visibleFieldKeys(deal, { stage: 'won' }).has('lostReason')).toBe(false);
    expect(visibleFieldKeys(deal, { stage: 'lost' }).has('lostReason')).toBe(true);

    const hidden = formSchemaFor(deal, 'en', { stage: 'won' }).schema;
    expect(Object.keys(hidden.properties ?? {})).toEqual(['name', 'stage', 'tags', 'number']);
    expect(hidden.required).toEqual(['name']);

    const shown = formSchemaFor(deal, 'en', { stage: 'lost' }).schema;
    expect(shown.properties?.lostReason).toMatchObject({ type: 'string', title: 'textarea' });
    expect(shown.required).toEqual(['name', 'lostReason']);
  });

  it('names select options in the chosen language', () => {
    const enStage = formSchemaFor(deal, 'en').schema.properties?.stage;
    expect(enStage?.enum).toBeUndefined();
    expect(enStage?.oneOf).toEqual([
      { const: 'won', title: 'Won' },
      { const: 'lost', title: 'Lost' },
    ]);
    expect(formSchemaFor(deal, 'zh-CN').schema.properties?.stage?.oneOf).toEqual([
      { const: 'won', title: '赢单' },
      { const: 'lost', title: '输单' },
    ]);
    expect(formSchemaFor(deal, 'en').schema.properties?.tags?.items).toEqual({
      type: 'string',
      oneOf: [
        { const: 'hot', title: 'Hot' },
        { const: 'vip', title: 'VIP' },
      ],
    });
  });

  it('validates with the project ajv as the server does', () => {
    const validate = validatorFor('unit/field-types/form/deal-lost', formSchemaFor(deal, 'en', { stage: 'lost' }).schema);
    expect(validate({ name: 'Big deal', stage: 'lost', lostReason: 'price', tags: ['vip'] })).toBe(true);
    expect(validate({ name: 'Big deal', stage: 'lost' })).toBe(false);
    expect(validate({ name: 'Big deal', stage: 'tv', lostReason: 'x' })).toBe(false);
    expect(validate({ name: 'Big deal', stage: 'lost', lostReason: 'x', tags: ['cold'] })).toBe(false);
  });

  it('shows computed fields read-only and hidden fields not at all', () => {
    const { schema, uiSchema } = formSchemaFor(deal, 'en');
    expect(uiSchema.number).toMatchObject({ 'ui:readonly': true });
    expect(schema.properties?.internal).toBeUndefined();
    expect(uiSchema['ui:order']).toEqual(['name', 'stage', 'tags', 'number', '*']);
  });
});

// Helpers --------------------------------------------------------------------------------------

/** The operand of one operator, from the row's sample. */
function sampleFor(row: Row, op: FilterOperator): unknown {
  switch (op) {
    case 'empty':
    case 'notEmpty':
    case 'isTrue':
    case 'isFalse':
    case 'isMe':
      return undefined;
    case 'between':
      return [row.operand, row.operand];
    case 'lastNDays':
    case 'nextNDays':
      return 7;
    case 'anyOf':
    case 'noneOf':
    case 'allOf':
      return [row.operand];
    default:
      return row.operand;
  }
}

/** What makes a filter unsafe: unknown operators, keys of other fields, non-plain values. */
function filterProblems(node: unknown, fieldKey: string, path = '', top = true): string[] {
  if (top && (typeof node !== 'object' || node === null || Object.getPrototypeOf(node) !== Object.prototype)) return ['not a plain object'];
  if (Array.isArray(node)) return node.flatMap((item, i) => filterProblems(item, fieldKey, `${path}[${i}]`, false));
  if (typeof node === 'object' && node !== null) {
    if (Object.getPrototypeOf(node) !== Object.prototype) return [`${path}: not a plain object`];
    return Object.entries(node).flatMap(([key, value]) => {
      const here = `${path}.${key}`;
      const own =
        key.startsWith('$') && !ALLOWED_OPERATORS.has(key)
          ? [`${here}: operator not allowed`]
          : !key.startsWith('$') && key !== fieldKey && !key.startsWith(`${fieldKey}.`)
            ? [`${here}: not this field`]
            : [];
      return [...own, ...filterProblems(value, fieldKey, here, false)];
    });
  }
  // null is a literal too: `{field: null}` is how "empty" is asked.
  return node === null || ['string', 'number', 'boolean'].includes(typeof node) ? [] : [`${path}: ${typeof node}`];
}

function containsDeep(node: unknown, wanted: unknown): boolean {
  if (typeof wanted === 'object' && wanted !== null && node === wanted) return true;
  if (typeof node !== 'object' || node === null) return false;
  if (typeof wanted === 'object' && wanted !== null && JSON.stringify(node) === JSON.stringify(wanted)) return true;
  return Object.values(node).some((child) => containsDeep(child, wanted));
}

function regexesIn(node: unknown): { pattern: string; options: string }[] {
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own = typeof record.$regex === 'string' ? [{ pattern: record.$regex, options: String(record.$options ?? '') }] : [];
  return [...own, ...Object.values(record).flatMap(regexesIn)];
}
