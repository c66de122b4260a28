import { plainData } from '@/lib/records/record.view';
import { runDepth, loopGuardReason } from '@/lib/workflows/loop-guard';
import type { RunStart } from '@/lib/workflows/run-start';
import type { RecordWriteEvent } from '@/lib/records/record.events';
import { entityTriggerProblems, equalitiesHold, recordRunId, type TriggerKind } from './trigger-kind';

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields whose stored value differs between two versions of a record. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Set<string> {
  const changed = new Set<string>();
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) if (!sameValue(before[key], after[key])) changed.add(key);
  return changed;
}

function start(workflowKey: string, event: RecordWriteEvent & { record: { _id: { toHexString(): string }; _version: number } }, kind: 'created' | 'updated' | 'deleted', version: number, previous?: Record<string, unknown> | null): RunStart {
  const depth = runDepth(event.origin);
  const recordId = event.record._id.toHexString();
  return {
    runId: recordRunId(workflowKey, recordId, kind, version),
    entity: event.entity,
    recordId,
    event: kind,
    startedBy: event.origin ? undefined : ((event.record as unknown as { _updatedBy?: string })._updatedBy ?? undefined),
    previous: previous ?? null,
    depth,
    refused: loopGuardReason(depth, event.origin) ?? undefined,
  };
}

const entitySetting = { entity: { type: 'string', title: 'entity' } } as const;
const whenSetting = { when: { type: 'object', title: 'when', additionalProperties: true } } as const;

export const createdTrigger: TriggerKind<'created'> = {
  key: 'created',
  label: { 'zh-CN': '新增记录时', en: 'When a record is created' },
  description: { 'zh-CN': '某实体新增一条记录后执行', en: 'Runs after a record of the entity is created' },
  entity: 'required',
  schema: { type: 'object', required: ['entity'], properties: { ...entitySetting, ...whenSetting } },
  ui: { entity: { 'ui:widget': 'entity' }, when: { 'ui:widget': 'hidden' } },
  defaults: () => ({ entity: '' }),
  problems: (trigger, ctx) => entityTriggerProblems(trigger.entity, ctx),
  onRecordEvent(workflow, event) {
    if (event.type !== 'created' || !event.automations) return null;
    if (!equalitiesHold(workflow.trigger.when, plainData(event.record))) return null;
    return start(workflow.key, event, 'created', event.record._version);
  },
};

export const updatedTrigger: TriggerKind<'updated'> = {
  key: 'updated',
  label: { 'zh-CN': '修改记录时', en: 'When a record is updated' },
  description: { 'zh-CN': '记录被修改后执行；可只在选定字段变化时执行，条件可比较修改前（old.字段）和修改后的值', en: 'Runs after a record changes; optionally only when chosen fields changed; conditions can compare old.<field> with the new value' },
  entity: 'required',
  schema: { type: 'object', required: ['entity'], properties: { ...entitySetting, changed: { type: 'array', title: 'changed', items: { type: 'string' } }, ...whenSetting } },
  ui: { entity: { 'ui:widget': 'entity' }, changed: { 'ui:widget': 'triggerFields' }, when: { 'ui:widget': 'hidden' } },
  defaults: () => ({ entity: '', changed: [] }),
  problems(trigger, ctx) {
    const problems = entityTriggerProblems(trigger.entity, ctx);
    if (trigger.changed !== undefined && (!Array.isArray(trigger.changed) || trigger.changed.some((field) => typeof field !== 'string'))) problems.push('trigger.changed must be a list of field keys');
    const def = ctx.entities.get(trigger.entity);
    if (def && Array.isArray(trigger.changed)) for (const key of trigger.changed) if (!def.fields.some((field) => field.key === key)) problems.push(`trigger: "${key}" is not a field of ${def.key}`);
    return problems;
  },
  onRecordEvent(workflow, event) {
    if ((event.type !== 'updated' && event.type !== 'restored') || !event.automations) return null;
    const data = plainData(event.record);
    const previous = plainData(event.before);
    if (!equalitiesHold(workflow.trigger.when, data)) return null;
    const fields = workflow.trigger.changed ?? [];
    if (fields.length > 0) {
      const changed = changedFields(previous, data);
      if (!fields.some((field) => changed.has(field))) return null;
    }
    return start(workflow.key, event, 'updated', event.record._version, previous);
  },
};

export const deletedTrigger: TriggerKind<'deleted'> = {
  key: 'deleted',
  label: { 'zh-CN': '删除记录时', en: 'When a record is deleted' },
  description: { 'zh-CN': '记录被移入回收站后执行', en: 'Runs after a record is moved to the recycle bin' },
  entity: 'required',
  schema: { type: 'object', required: ['entity'], properties: { ...entitySetting, ...whenSetting } },
  ui: { entity: { 'ui:widget': 'entity' }, when: { 'ui:widget': 'hidden' } },
  defaults: () => ({ entity: '' }),
  problems: (trigger, ctx) => entityTriggerProblems(trigger.entity, ctx),
  onRecordEvent(workflow, event) {
    if (event.type !== 'deleted' || !event.automations) return null;
    if (!equalitiesHold(workflow.trigger.when, plainData(event.before))) return null;
    // Named by the version that was deleted, as before the record kept its bin version.
    return start(workflow.key, { ...event, record: event.before }, 'deleted', event.before._version);
  },
};

export const actionTrigger: TriggerKind<'action'> = {
  key: 'action',
  label: { 'zh-CN': '点击记录上的按钮时', en: 'When a button on the record is clicked' },
  description: { 'zh-CN': '实体的操作按钮（如“转化”）立即执行此流程', en: 'An entity’s action button (such as “Convert”) runs it at once' },
  entity: 'required',
  schema: { type: 'object', required: ['entity', 'action'], properties: { ...entitySetting, action: { type: 'string', title: 'action' } } },
  ui: { entity: { 'ui:widget': 'entity' }, action: { 'ui:widget': 'entityAction' } },
  defaults: () => ({ entity: '', action: '' }),
  problems(trigger, ctx) {
    const problems = entityTriggerProblems(trigger.entity, ctx);
    if (!trigger.action) problems.push('trigger.action names the entity action that starts the workflow');
    return problems;
  },
};
