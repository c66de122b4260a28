import { describe, expect, it } from 'vitest';
import { assertShape } from '@/lib/dashboards/dashboard.schema';
import { allOf } from '@/lib/dashboards/filter-groups';
import { exportValue, formatMeasure, plotValue, targetInStoredUnits } from '@/lib/dashboards/measure-format';
import { flatten } from '@/lib/dashboards/query-compile';
import { groupedDimension, splitIn } from '@/lib/dashboards/query-run';
import { checkWidgetKind } from '@/lib/dashboards/widget-data';
import { AppError } from '@/lib/errors/app-error';
import { translator } from '@/lib/i18n/messages';

const CNY = { kind: 'money', currency: 'CNY', scale: 2 } as const;

function settingOf(run: () => void): { setting: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { setting: String(error.params.setting), message: translator('en')(error.messageKey, error.params) };
    throw error;
  }
  throw new Error('no error');
}

describe('measure values', () => {
  it('shows money exactly from minor units, also beyond what a float adds up exactly', () => {
    expect(formatMeasure(123456789, CNY, 'en')).toBe('CN¥1,234,567.89');
    expect(formatMeasure(123456789, CNY, 'zh-CN')).toBe('¥1,234,567.89');
    // 0.1 + 0.2 in yuan, summed in fen: 30 fen, never 0.30000000000000004.
    expect(formatMeasure(10 + 20, CNY, 'en')).toBe('CN¥0.30');
    expect(formatMeasure(9007199254740991, CNY, 'en')).toBe('CN¥90,071,992,547,409.91');
    expect(exportValue(9007199254740991, CNY)).toBe('90071992547409.91');
    expect(formatMeasure(100, { kind: 'money', currency: 'JPY', scale: 0 }, 'en')).toBe('¥100');
  });

  it('rounds an average of money half-up to the minor unit', () => {
    expect(formatMeasure(1000.5, CNY, 'en')).toBe('CN¥10.01');
    expect(formatMeasure(1000.4999, CNY, 'en')).toBe('CN¥10.00');
    expect(exportValue(1000.5, CNY)).toBe('10.01');
  });

  it('shows a ratio as a percentage with one decimal, plots it in percent', () => {
    expect(formatMeasure(0.25345, { kind: 'ratio' }, 'en')).toBe('25.3%');
    expect(formatMeasure(2 / 3, { kind: 'ratio' }, 'en')).toBe('66.7%');
    expect(formatMeasure(null, { kind: 'ratio' }, 'en')).toBe('—');
    expect(plotValue(0.25, { kind: 'ratio' })).toBe(25);
    expect(plotValue(12345, CNY)).toBe(123.45);
    expect(targetInStoredUnits(1500000, CNY)).toBe(150000000);
    expect(targetInStoredUnits(60, { kind: 'ratio' })).toBe(0.6);
  });
});

describe('filters of widgets and drill-downs', () => {
  it('joins groups into one the list understands, keeping an "any" group nested', () => {
    const any = { match: 'any' as const, conditions: [{ field: 'a', op: 'isTrue' as const }, { field: 'b', op: 'isTrue' as const }] };
    expect(allOf(any, [{ field: 'c', op: 'empty' }], { match: 'all', conditions: [{ field: 'd', op: 'notEmpty' }] })).toEqual({
      match: 'all',
      conditions: [
        { field: 'c', op: 'empty' },
        { field: 'd', op: 'notEmpty' },
      ],
      groups: [any],
    });
    expect(allOf({ match: 'any', conditions: [{ field: 'a', op: 'isTrue' }] })).toEqual({ match: 'all', conditions: [{ field: 'a', op: 'isTrue' }] });
  });

  it('flattens an $and of different fields into the shape an index serves, one option as an equality', () => {
    expect(flatten({ $and: [{ _deletedAt: null }, { $and: [{ status: { $in: ['paid'] } }, { total: { $gte: 5 } }] }] } as never)).toEqual({ _deletedAt: null, status: 'paid', total: { $gte: 5 } });
    expect(flatten({ $and: [{ a: 1 }, { a: 2 }] } as never)).toEqual({ $and: [{ a: 1 }, { a: 2 }] });
    // A month bucket within the dashboard's period is one range: the tighter bounds.
    expect(flatten({ $and: [{ _deletedAt: null, day: { $gte: '2026-01-01', $lte: '2026-12-31' } }, { day: { $gte: '2026-03-01', $lte: '2026-03-31' } }] } as never)).toEqual({ _deletedAt: null, day: { $gte: '2026-03-01', $lte: '2026-03-31' } });
    expect(flatten({ $and: [{ n: { $gt: 5 } }, { n: { $gte: 5, $lt: 9 } }] } as never)).toEqual({ n: { $gt: 5, $gte: 5, $lt: 9 } });
    expect(flatten({ $and: [{ n: { $gt: 5, $lt: 20 } }, { n: { $gte: 6, $lt: 9 } }] } as never)).toEqual({ n: { $gte: 6, $lt: 9 } });
    expect(flatten({ $and: [{ n: { $gt: 5 } }, { n: { $gte: '5' } }] } as never)).toEqual({ n: { $gt: 5, $gte: '5' } });
    expect(flatten({ $and: [{ n: { $gt: 5 } }, { n: { $gt: '5' } }] } as never)).toEqual({ $and: [{ n: { $gt: 5 } }, { n: { $gt: '5' } }] });
    // "Other" of a select: none of the options, and a value.
    expect(flatten({ $and: [{ s: { $nin: ['a'] } }, { s: { $exists: true } }] } as never)).toEqual({ s: { $nin: ['a'], $exists: true } });
  });

  it('flattens the mixed shape live records, a scope and a widget filter combine into', () => {
    // What a monthly line of booked orders over the last 12 months asked, unsplit and unindexed (5.5 s at 100,000 orders).
    const combined = { _deletedAt: null, $and: [{ status: { $in: ['confirmed', 'paid'] }, $and: [{ orderDate: { $gte: '2025-12-01', $lte: '2026-11-30' } }, { orderDate: { $gte: '2026-01-01', $lte: '2026-01-31' } }] }] };
    const flat = flatten(combined as never);
    expect(flat).toEqual({ _deletedAt: null, status: { $in: ['confirmed', 'paid'] }, orderDate: { $gte: '2026-01-01', $lte: '2026-01-31' } });
    expect(splitIn(flat, () => true)).toEqual([
      { _deletedAt: null, status: 'confirmed', orderDate: { $gte: '2026-01-01', $lte: '2026-01-31' } },
      { _deletedAt: null, status: 'paid', orderDate: { $gte: '2026-01-01', $lte: '2026-01-31' } },
    ]);
    // Conditions that do not join stay whole, each once.
    expect(flatten({ a: 1, $and: [{ $or: [{ b: 1 }, { c: 1 }] }, { $or: [{ d: 1 }, { e: 1 }] }] } as never)).toEqual({ $and: [{ a: 1 }, { $or: [{ b: 1 }, { c: 1 }] }, { $or: [{ d: 1 }, { e: 1 }] }] });
  });

  it('asks a filter of several values of a one-value field once per value', () => {
    const scalar = (key: string) => key !== 'tags';
    expect(splitIn({ _deletedAt: null, status: { $in: ['a', 'b'] } } as never, scalar)).toEqual([
      { _deletedAt: null, status: 'a' },
      { _deletedAt: null, status: 'b' },
    ]);
    // A multi-select holds several values: splitting would count a record twice.
    expect(splitIn({ tags: { $in: ['a', 'b'] } } as never, scalar)).toEqual([{ tags: { $in: ['a', 'b'] } }]);
  });

  it('asks known values one by one (options, yes/no, date buckets) and groups the others', () => {
    expect(groupedDimension([{ kind: 'day' }, { kind: 'option' }])).toBe(-1);
    expect(groupedDimension([{ kind: 'option' }, { kind: 'record' }])).toBe(1);
    expect(groupedDimension([{ kind: 'moment' }, { kind: 'option', top: 3 }])).toBe(1);
    expect(groupedDimension([{ kind: 'user' }, { kind: 'options' }])).toBe(0);
    expect(groupedDimension([{ kind: 'text' }])).toBe(0);
  });
});

describe('dashboard settings', () => {
  const t = translator('en');
  const widget = (extra: Record<string, unknown> = {}, query: Record<string, unknown> = {}) => ({
    key: 'd1',
    title: { 'zh-CN': '看板', en: 'Board' },
    widgets: [{ id: 'w1', kind: 'bar', title: { 'zh-CN': '图', en: 'Chart' }, layout: { x: 0, y: 0, w: 6, h: 6 }, query: { entity: 'order', measures: [{ fn: 'count' }], dimensions: [{ field: 'status' }], ...query }, ...extra }],
  });

  it('accepts a well-formed dashboard', () => {
    expect(() => assertShape('dashboard', widget(), t)).not.toThrow();
  });

  it('refuses a made-up setting with a 400 naming it', () => {
    expect(settingOf(() => assertShape('dashboard', widget({}, { aggregate: 'sum' }), t))).toEqual({ setting: 'widgets[0].query.aggregate', message: 'The setting widgets[0].query.aggregate is not valid: there is no setting "aggregate"' });
    expect(settingOf(() => assertShape('dashboard', widget({}, { measures: [{ fn: 'median', field: 'total' }] }), t)).setting).toBe('widgets[0].query.measures[0].fn');
    expect(settingOf(() => assertShape('dashboard', widget({}, { dimensions: [{ field: 'orderDate', bucket: 'fortnight' }] }), t)).setting).toBe('widgets[0].query.dimensions[0].bucket');
    expect(settingOf(() => assertShape('dashboard', widget({ kind: 'sparkline' }), t)).setting).toBe('widgets[0].kind');
  });

  it('refuses an operator key smuggled into a filter (no operator injection)', () => {
    const injected = widget({}, { filter: { match: 'all', conditions: [{ field: 'status', op: 'anyOf', value: ['paid'], $where: 'sleep(1)' }] } });
    expect(settingOf(() => assertShape('dashboard', injected, t)).setting).toBe('widgets[0].query.filter.conditions[0].$where');
    const badOp = widget({}, { filter: { match: 'all', conditions: [{ field: 'status', op: '$ne', value: 'x' }] } });
    expect(settingOf(() => assertShape('dashboard', badOp, t)).setting).toBe('widgets[0].query.filter.conditions[0].op');
  });

  it('checks what each widget kind takes, in the caller language', () => {
    const zh = translator('zh-CN');
    const pie = { kind: 'pie' as const, query: { entity: 'order', measures: [{ fn: 'count' as const }], dimensions: [{ field: 'a' }, { field: 'b' }] } };
    expect(settingOf(() => checkWidgetKind(pie, 'widgets[3]', t)).setting).toBe('widgets[3].query.dimensions');
    try {
      checkWidgetKind({ ...pie, options: { stacked: true } }, 'widgets[3]', zh);
    } catch (error) {
      expect(zh((error as AppError).messageKey, (error as AppError).params)).toBe('设置 widgets[3].options.stacked 无效：选项“stacked”不适用于 pie 组件');
    }
  });
});
