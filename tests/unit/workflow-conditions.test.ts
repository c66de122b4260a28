import { describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { RecordWriteEvent } from '@/lib/records/record.events';
import type { RecordDoc } from '@/lib/records/record.types';
import { conditionProblems, conditionsHold } from '@/lib/workflows/conditions';
import { loopGuardReason, MAX_DEPTH, runDepth } from '@/lib/workflows/loop-guard';
import { changedFields, createdTrigger, updatedTrigger } from '@/lib/workflows/triggers/record.triggers';
import { workflowProblems } from '@/lib/workflows/workflow.service';
import type { ConditionGroup, WorkflowDefinition } from '@/lib/workflows/workflow.types';

const label = (en: string) => ({ 'zh-CN': en, en });
const order: EntityDefinition = {
  key: 'order',
  version: 1,
  label: label('Order'),
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('Name') },
    { key: 'amount', type: 'money', currency: 'CNY', label: label('Amount') },
    { key: 'discount', type: 'percent', precision: 2, label: label('Discount') },
    { key: 'status', type: 'select', label: label('Status'), options: [{ value: 'draft', label: label('Draft') }, { value: 'confirmed', label: label('Confirmed') }] },
    { key: 'due', type: 'date', label: label('Due') },
    { key: 'rep', type: 'user', label: label('Rep') },
  ],
  listView: { columns: ['name'], sort: [], pageSize: 20 },
};
const now = new Date('2026-11-23T10:00:00Z');
const scope = (record: Record<string, unknown>, extra: Partial<Parameters<typeof conditionsHold>[2]> = {}) => ({ record, now, ...extra });
const group = (conditions: ConditionGroup['conditions'], match: 'all' | 'any' = 'all'): ConditionGroup => ({ match, conditions });

describe('workflow conditions (the list filter, on one record)', () => {
  it('compares each field as its type does in the list', () => {
    // Money is typed in yuan and stored in fen.
    expect(conditionsHold(group([{ field: 'amount', op: 'gt', value: 1000 }]), order, scope({ amount: 100001 }))).toBe(true);
    expect(conditionsHold(group([{ field: 'amount', op: 'gt', value: 1000 }]), order, scope({ amount: 100000 }))).toBe(false);
    expect(conditionsHold(group([{ field: 'discount', op: 'gt', value: 20 }]), order, scope({ discount: 25 }))).toBe(true);
    expect(conditionsHold(group([{ field: 'status', op: 'anyOf', value: ['confirmed'] }]), order, scope({ status: 'draft' }))).toBe(false);
    expect(conditionsHold(group([{ field: 'name', op: 'contains', value: 'acme' }]), order, scope({ name: 'ACME Ltd' }))).toBe(true);
    expect(conditionsHold(group([{ field: 'due', op: 'before', value: '2026-12-01' }]), order, scope({ due: '2026-11-30' }))).toBe(true);
    expect(conditionsHold(group([{ field: 'rep', op: 'empty' }]), order, scope({}))).toBe(true);
  });

  it('compares old and new values of an update', () => {
    const raised = group([
      { field: 'old.status', op: 'anyOf', value: ['draft'] },
      { field: 'status', op: 'anyOf', value: ['confirmed'] },
    ]);
    expect(conditionsHold(raised, order, scope({ status: 'confirmed' }, { old: { status: 'draft' } }))).toBe(true);
    expect(conditionsHold(raised, order, scope({ status: 'confirmed' }, { old: { status: 'confirmed' } }))).toBe(false);
  });

  it('matches all or any, and reads earlier steps, variables and placeholders', () => {
    const either = group([{ field: 'amount', op: 'gt', value: 1000 }, { field: 'steps.find.count', op: 'gte', value: 2 }], 'any');
    expect(conditionsHold(either, order, scope({ amount: 1 }, { actions: { find: { count: 2 } } }))).toBe(true);
    expect(conditionsHold(either, order, scope({ amount: 1 }, { actions: { find: { count: 1 } } }))).toBe(false);
    expect(conditionsHold(group([{ field: 'vars.total', op: 'lt', value: '{{amount}}' }]), order, scope({ amount: 500 }, { vars: { total: 499 } }))).toBe(true);
    expect(conditionsHold(undefined, order, scope({}))).toBe(true);
  });

  it('never lets a value become an operator', () => {
    expect(() => conditionsHold(group([{ field: 'name', op: 'eq', value: { $ne: null } }]), order, scope({ name: 'x' }))).toThrow('needs a text value');
  });

  it('reports conditions that cannot work', () => {
    expect(conditionProblems(group([{ field: 'nope', op: 'eq', value: 1 }]), order, 'condition')).toEqual(['condition, condition 1: "nope" is not a field of the record or a value of an earlier step']);
    expect(conditionProblems(group([{ field: 'status', op: 'contains', value: 'x' }]), order, 'condition')[0]).toContain('does not apply');
    expect(conditionProblems(group([{ field: 'amount', op: 'gt', value: 'lots' }]), order, 'condition')[0]).toContain('needs a number');
    expect(conditionProblems(group([{ field: 'steps.later.count', op: 'gt', value: 1 }]), order, 'condition')[0]).toContain('not an earlier step');
    expect(conditionProblems(group([{ field: 'rep', op: 'isMe' }]), order, 'condition')[0]).toContain('does not apply');
  });
});

function doc(data: Record<string, unknown>, version = 1): RecordDoc {
  const at = new Date();
  return { _id: new ObjectId('65f000000000000000000001'), _ownerId: 'u1', _createdAt: at, _createdBy: 'u1', _updatedAt: at, _updatedBy: 'u2', _version: version, ...data };
}

function workflow(trigger: WorkflowDefinition['trigger']): WorkflowDefinition {
  return { key: 'w', version: 1, name: label('w'), enabled: true, trigger, actions: [{ id: 'a', type: 'stop' }] };
}

const update = (before: Record<string, unknown>, after: Record<string, unknown>, origin?: { runId: string; depth: number }): RecordWriteEvent => ({ type: 'updated', entity: 'order', record: doc(after, 2), before: doc(before), origin, automations: true });

describe('record triggers', () => {
  const shipped = workflow({ entity: 'order', event: 'updated', when: { status: 'shipped' }, changed: ['status'] }) as WorkflowDefinition & { trigger: { event: 'updated' } };

  it('runs an update trigger only when a chosen field changed, with the old values kept', () => {
    const start = updatedTrigger.onRecordEvent!(shipped as never, update({ status: 'confirmed', note: 'a' }, { status: 'shipped', note: 'a' }), new Date());
    expect(start).toMatchObject({ runId: 'w-65f000000000000000000001-updated-v2', event: 'updated', startedBy: 'u2', previous: { status: 'confirmed', note: 'a' }, depth: 0 });
    expect(updatedTrigger.onRecordEvent!(shipped as never, update({ status: 'shipped', note: 'a' }, { status: 'shipped', note: 'b' }), new Date())).toBeNull();
    expect([...changedFields({ a: [1, 2], b: 1, c: null }, { a: [1, 2], b: 2 })]).toEqual(['b']);
  });

  it('leaves silent writes (bulk loads) alone', () => {
    const created = workflow({ entity: 'order', event: 'created' });
    expect(createdTrigger.onRecordEvent!(created as never, { type: 'created', entity: 'order', record: doc({}), automations: false }, new Date())).toBeNull();
    expect(createdTrigger.onRecordEvent!(created as never, { type: 'created', entity: 'order', record: doc({}), automations: true }, new Date())?.runId).toBe('w-65f000000000000000000001-created-v1');
  });
});

describe('the loop guard', () => {
  it('counts how deep a run is and refuses past the limit, saying why', () => {
    expect(runDepth(undefined)).toBe(0);
    expect(runDepth({ runId: 'r', depth: 2 })).toBe(3);
    expect(loopGuardReason(MAX_DEPTH)).toBeNull();
    expect(loopGuardReason(MAX_DEPTH + 1, { runId: 'r9', depth: MAX_DEPTH })).toContain('loop guard');
    const deep = updatedTrigger.onRecordEvent!(workflow({ entity: 'order', event: 'updated' }) as never, update({ a: 1 }, { a: 2 }, { runId: 'r9', depth: MAX_DEPTH }), new Date());
    expect(deep?.depth).toBe(MAX_DEPTH + 1);
    expect(deep?.refused).toContain('r9');
  });
});

describe('workflow checks', () => {
  it('walks every step kind through its own checks, nested branches included', () => {
    const broken: WorkflowDefinition = {
      key: 'broken',
      version: 1,
      name: label('Broken'),
      enabled: true,
      trigger: { event: 'schedule', schedule: { frequency: 'daily', time: '25:00', timezone: 'Asia/Shanghai' } },
      actions: [
        { id: 'branch', type: 'branch', branches: [{ condition: { match: 'all', conditions: [] }, actions: [{ id: 'tell', type: 'notify', recipients: [], title: '' }] }] },
        { id: 'hook', type: 'webhook', url: 'ftp://x' },
        { id: 'sum', type: 'calculate', variable: 'total', formula: 'SUM(' },
        { id: 'tell', type: 'stop' },
      ],
    };
    const problems = workflowProblems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('trigger: time must be HH:mm'),
        'step tell: choose who',
        'step tell: the notification needs a title',
        expect.stringContaining('step hook: the URL must start with http'),
        expect.stringContaining('step sum:'),
        'step tell: the id "tell" is used twice',
      ]),
    );
  });
});
