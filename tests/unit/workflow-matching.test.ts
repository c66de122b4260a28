import { describe, expect, it } from 'vitest';
import { matchingWorkflows, workflowRunId } from '@/lib/workflows/workflow.matcher';
import { evaluateValue, evaluateValues } from '@/lib/workflows/value-expression';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';

function workflow(key: string, overrides: Partial<WorkflowDefinition> = {}): WorkflowDefinition {
  return {
    key,
    version: 1,
    name: { en: key, 'zh-CN': key },
    enabled: true,
    trigger: { entity: 'customer', event: 'created' },
    actions: [{ id: 'a', type: 'create_record', entity: 'task', values: {} }],
    ...overrides,
  };
}

describe('workflow matching', () => {
  const all = [
    workflow('on-create'),
    workflow('on-update', { trigger: { entity: 'customer', event: 'updated' } }),
    workflow('other-entity', { trigger: { entity: 'task', event: 'created' } }),
    workflow('disabled', { enabled: false }),
    workflow('from-exhibitions', { trigger: { entity: 'customer', event: 'created', when: { source: 'exhibition' } } }),
    workflow('without-source', { trigger: { entity: 'customer', event: 'created', when: { source: null } } }),
  ];
  const keys = (data: Record<string, unknown>, event: 'created' | 'updated' = 'created') =>
    matchingWorkflows(all, 'customer', event, data).map((w) => w.key);

  it('starts enabled workflows of the same entity and event', () => {
    expect(keys({ source: 'website' })).toEqual(['on-create']);
    expect(keys({ source: 'website' }, 'updated')).toEqual(['on-update']);
  });

  it('requires every condition to hold, a missing field counting as null', () => {
    expect(keys({ source: 'exhibition' })).toEqual(['on-create', 'from-exhibitions']);
    expect(keys({})).toEqual(['on-create', 'without-source']);
  });

  it('derives run ids from what the run does, without colons (BullMQ job ids)', () => {
    const id = workflowRunId('customer-follow-up', '6b0491fe6ff8338b04a5542f', 'created', 1);
    expect(id).toBe('customer-follow-up-6b0491fe6ff8338b04a5542f-created-v1');
    expect(id).not.toContain(':');
    expect(workflowRunId('w', 'r', 'updated', 2)).not.toBe(workflowRunId('w', 'r', 'updated', 3));
  });
});

describe('action value expressions', () => {
  const scope = { record: { id: 'r1', name: 'Acme <b>', ownerId: 'u1' }, now: new Date('2026-11-23T10:00:00Z') };

  it('fills placeholders from the triggering record', () => {
    expect(evaluateValue('Follow up: {{name}} ({{ id }})', scope)).toBe('Follow up: Acme <b> (r1)');
    expect(evaluateValue('{{missing}}!', scope)).toBe('!');
  });

  it('computes dates relative to the run', () => {
    expect(evaluateValue({ daysFromNow: 2 }, scope)).toBe('2026-11-25');
    expect(evaluateValue({ daysFromNow: -1 }, scope)).toBe('2026-11-22');
  });

  it('never evaluates code', () => {
    expect(evaluateValue('{{constructor.constructor("return 1")()}}', scope)).toBe('{{constructor.constructor("return 1")()}}');
    expect(evaluateValues({ count: 3, done: false, none: null }, scope)).toEqual({ count: 3, done: false, none: null });
  });
});
