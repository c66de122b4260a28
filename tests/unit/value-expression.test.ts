import { describe, expect, it } from 'vitest';
import { actionReferences, evaluateValue, evaluateValues, solePlaceholder } from '@/lib/workflows/value-expression';
import { changedFields, matchingWorkflows, workflowRunId } from '@/lib/workflows/workflow.matcher';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';

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

function workflow(key: string, trigger: WorkflowDefinition['trigger']): WorkflowDefinition {
  return { key, version: 1, name: { en: key, 'zh-CN': key }, enabled: true, trigger, actions: [{ id: 'a', type: 'create_record', entity: 'x', values: {} }] };
}

describe('changed triggers', () => {
  const shipped = workflow('shipped', { entity: 'order', event: 'updated', when: { status: 'shipped' }, changed: ['status'] });
  const any = workflow('any-update', { entity: 'order', event: 'updated' });
  const keys = (data: Record<string, unknown>, previous?: Record<string, unknown> | null) =>
    matchingWorkflows([shipped, any], 'order', 'updated', data, previous).map((w) => w.key);

  it('runs when one of the fields changed in this write', () => {
    expect(keys({ status: 'shipped', note: 'a' }, { status: 'confirmed', note: 'a' })).toEqual(['shipped', 'any-update']);
  });

  it('does not run on an unrelated update', () => {
    expect(keys({ status: 'shipped', note: 'b' }, { status: 'shipped', note: 'a' })).toEqual(['any-update']);
    expect(keys({ status: 'shipped' }, null)).toEqual(['any-update']);
  });

  it('compares values, lists included', () => {
    expect([...changedFields({ a: [1, 2], b: 1, c: null }, { a: [1, 2], b: 2 })]).toEqual(['b']);
  });

  it('gives entity action runs their own id', () => {
    expect(workflowRunId('convert', 'r1', 'action', 3, 'convert')).toBe('convert-r1-action-convert-v3');
  });
});
