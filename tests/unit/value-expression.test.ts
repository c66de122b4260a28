import { describe, expect, it } from 'vitest';
import { actionReferences, evaluateValue, evaluateValues, fillText, solePlaceholder } from '@/lib/workflows/value-expression';

const scope = {
  record: { id: 'r1', name: 'Acme', quantity: 3, tags: ['a', 'b'], empty: null, flag: false },
  row: { product: 'p1', quantity: 2.5 },
  actions: { customer: 'c1', movements: ['m1', 'm2'] },
  now: new Date('2026-11-23T10:00:00Z'),
};

describe('value expressions', () => {
  it('keeps the type of a string that is exactly one placeholder', () => {
    expect(evaluateValue('{{quantity}}', scope)).toBe(3);
    expect(evaluateValue(' {{ tags }} ', scope)).toEqual(['a', 'b']);
    expect(evaluateValue('{{flag}}', scope)).toBe(false);
    expect(evaluateValue('{{empty}}', scope)).toBeNull();
    expect(evaluateValue('{{missing}}', scope)).toBeNull();
    expect(evaluateValue('{{row.quantity}}', scope)).toBe(2.5);
    expect(evaluateValue('{{actions.movements}}', scope)).toEqual(['m1', 'm2']);
  });

  it('makes text of mixed strings', () => {
    expect(evaluateValue('{{name}} × {{quantity}}', scope)).toBe('Acme × 3');
    expect(evaluateValue('for {{actions.customer}} / {{row.product}}', scope)).toBe('for c1 / p1');
    expect(evaluateValue('tags: {{tags}}', scope)).toBe('tags: a, b');
    expect(evaluateValue('x{{row.missing}}y', scope)).toBe('xy');
  });

  it('reads rows and earlier actions only where they exist', () => {
    const bare = { record: { id: 'r1' }, now: scope.now };
    expect(evaluateValue('{{row.product}}', bare)).toBeNull();
    expect(evaluateValue('{{actions.customer}}', bare)).toBeNull();
  });

  it('reads only own values, never inherited properties or code', () => {
    expect(evaluateValue('{{constructor}}', scope)).toBeNull();
    expect(evaluateValue('{{row.toString}}', scope)).toBeNull();
    expect(evaluateValue('{{actions.__proto__}}', scope)).toBe('{{actions.__proto__}}');
    expect(evaluateValue('{{name.length}}', scope)).toBe('{{name.length}}');
  });

  it('evaluates every value of an action and dates relative to the run', () => {
    expect(evaluateValues({ customer: '{{actions.customer}}', due: { daysFromNow: 1 }, n: 4 }, scope)).toEqual({ customer: 'c1', due: '2026-11-24', n: 4 });
  });

  it('tells the sole placeholder and the actions a value reads', () => {
    expect(solePlaceholder('{{actions.customer}}')).toBe('actions.customer');
    expect(solePlaceholder('a {{name}}')).toBeNull();
    expect(actionReferences({ a: '{{actions.x}}', b: 'to {{actions.y-2}} and {{name}}', c: 3 })).toEqual(['x', 'y-2']);
  });
});

describe('placeholders of later steps', () => {
  const later = {
    record: { name: 'Acme', amount: 120 },
    old: { amount: 100 },
    actions: { find: { ids: ['a', 'b'], count: 2 } },
    vars: { total: 240 },
    payload: { order: { no: 'PO-7' } },
    now: new Date('2026-11-23T10:00:00Z'),
  };

  it('reads old values, step results by key, variables and a webhook payload', () => {
    expect(evaluateValue('{{old.amount}}', later)).toBe(100);
    expect(evaluateValue('{{steps.find.count}}', later)).toBe(2);
    expect(evaluateValue('{{steps.find.ids}}', later)).toEqual(['a', 'b']);
    expect(evaluateValue('{{vars.total}}', later)).toBe(240);
    expect(evaluateValue('{{payload.order.no}}', later)).toBe('PO-7');
    expect(fillText('{{name}}: {{old.amount}} → {{amount}} ({{steps.find.count}})', later)).toBe('Acme: 100 → 120 (2)');
  });

  it('never reads a prototype', () => {
    expect(evaluateValue('{{payload.constructor}}', later)).toBeNull();
    expect(evaluateValue('{{steps.find.constructor}}', later)).toBeNull();
    expect(actionReferences(['{{steps.find.ids}}', { x: '{{actions.make}}' }])).toEqual(['find', 'make']);
  });
});
