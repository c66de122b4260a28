import { UnrecoverableError } from 'bullmq';
import { getEntity } from '@/lib/entities/entity.service';
import { getRecord, updateRecord } from '@/lib/records/record.service';
import { evaluateValue, evaluateValues, solePlaceholder } from '@/lib/workflows/value-expression';
import type { ActionOutput, UpdateRecordAction, WorkflowAction } from '@/lib/workflows/workflow.types';
import { actionReferencesProblems } from './step-problems';
import { automationWrite, expressionScope, valueFieldProblems, type StepContext, type StepKind } from './step-context';

function findStep(actions: WorkflowAction[], id: string): WorkflowAction | undefined {
  for (const action of actions) {
    if (action.id === id) return action;
    if (action.type === 'branch') {
      for (const list of [...action.branches.map((branch) => branch.actions), action.otherwise ?? []]) {
        const found = findStep(list, id);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** The entity of the record an update targets: given, the trigger's, an earlier step's, or a relation's. */
export async function updateTargetEntity(action: UpdateRecordAction, ctx: StepContext, seen = new Set<string>()): Promise<string> {
  if (action.entity) return action.entity;
  if (action.target === 'trigger') return ctx.triggerEntity;
  const name = solePlaceholder(action.target);
  const stepId = name && /^(steps|actions)\./.test(name) ? name.split('.')[1] : null;
  if (stepId) {
    const earlier = findStep(ctx.workflow.actions, stepId);
    if (!earlier || seen.has(earlier.id)) throw new UnrecoverableError(`step ${action.id}: target ${action.target} is not an earlier step`);
    seen.add(earlier.id);
    if (earlier.type === 'update_record') return updateTargetEntity(earlier, ctx, seen);
    if ('entity' in earlier && earlier.entity) return earlier.entity;
  }
  if (name && !name.includes('.')) {
    const field = (await getEntity(ctx.triggerEntity)).fields.find((candidate) => candidate.key === name);
    if (field?.type === 'relation' && field.relation?.entity) return field.relation.entity;
  }
  throw new UnrecoverableError(`step ${action.id}: cannot tell the entity of target ${action.target}; set "entity"`);
}

/** Merges values into one record: the trigger, one an earlier step made or found, or one the trigger links to. */
export async function runUpdateRecordAction(action: UpdateRecordAction, ctx: StepContext): Promise<{ output: ActionOutput; input: unknown }> {
  const scope = expressionScope(ctx);
  const target = action.target === 'trigger' ? ctx.trigger?._id.toHexString() : evaluateValue(action.target, scope);
  const id = Array.isArray(target) && target.length === 1 ? target[0] : target;
  if (typeof id !== 'string' || !id) throw new UnrecoverableError(`step ${action.id}: target ${action.target} names no record`);
  const entity = await updateTargetEntity(action, ctx);
  const values = evaluateValues(action.values, scope);
  const input = { entity, id, values };
  if (ctx.dryRun) {
    await getRecord(entity, id, automationWrite(ctx).actor);
    return { output: id, input };
  }
  const record = await updateRecord(entity, id, values, automationWrite(ctx), 'merge');
  return { output: record.id, input };
}

export const updateRecordStep: StepKind<'update_record'> = {
  type: 'update_record',
  label: { 'zh-CN': '修改记录', en: 'Update a record' },
  description: { 'zh-CN': '修改触发记录、前面步骤的记录或关联记录的字段', en: 'Changes fields of the trigger record, an earlier step’s record or a linked record' },
  group: 'records',
  schema: {
    type: 'object',
    required: ['target', 'values'],
    properties: {
      target: { type: 'string', title: 'target', default: 'trigger' },
      entity: { type: 'string', title: 'entity' },
      values: { type: 'object', title: 'values', additionalProperties: true },
    },
  },
  ui: { target: { 'ui:widget': 'target' }, entity: { 'ui:widget': 'entity' }, values: { 'ui:field': 'values', 'ui:options': { entityFrom: 'target' } } },
  defaults: () => ({ target: 'trigger', values: {} }),
  problems(step, ctx) {
    const where = `step ${step.id}`;
    const problems: string[] = [];
    const target = step.target ?? '';
    const name = solePlaceholder(target);
    if (target !== 'trigger' && (!name || name.startsWith('row.'))) problems.push(`${where}: target must be "trigger", "{{steps.<id>}}" or "{{<field>}}"`);
    const entity = step.entity ? ctx.entities.get(step.entity) ?? null : target === 'trigger' ? ctx.triggerEntity : null;
    if (step.entity && !ctx.entities.has(step.entity) && ctx.strict) problems.push(`${where}: there is no entity "${step.entity}"`);
    problems.push(...valueFieldProblems(step.values, entity, where), ...actionReferencesProblems([step.values, target], ctx, where));
    return problems;
  },
  run: runUpdateRecordAction,
};
