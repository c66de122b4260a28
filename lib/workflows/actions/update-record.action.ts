import { UnrecoverableError } from 'bullmq';
import { getEntity } from '@/lib/entities/entity.service';
import { updateRecord } from '@/lib/records/record.service';
import { evaluateValue, evaluateValues, solePlaceholder } from '@/lib/workflows/value-expression';
import type { ActionOutput, UpdateRecordAction, WorkflowAction } from '@/lib/workflows/workflow.types';
import { automationWrite, expressionScope, type ActionContext } from './action-context';

/** The entity of the record an update targets: given, the trigger's, an earlier action's, or a relation's. */
export async function updateTargetEntity(action: UpdateRecordAction, ctx: ActionContext, seen = new Set<string>()): Promise<string> {
  if (action.entity) return action.entity;
  if (action.target === 'trigger') return ctx.triggerEntity;
  const name = solePlaceholder(action.target);
  if (name?.startsWith('actions.')) {
    const earlier: WorkflowAction | undefined = ctx.workflow.actions.find((candidate) => candidate.id === name.slice(8));
    if (!earlier || seen.has(earlier.id)) throw new UnrecoverableError(`action ${action.id}: target ${action.target} is not an earlier action`);
    seen.add(earlier.id);
    return earlier.type === 'update_record' ? updateTargetEntity(earlier, ctx, seen) : earlier.entity;
  }
  if (name && !name.startsWith('row.')) {
    const field = (await getEntity(ctx.triggerEntity)).fields.find((candidate) => candidate.key === name);
    if (field?.type === 'relation' && field.relation?.entity) return field.relation.entity;
  }
  throw new UnrecoverableError(`action ${action.id}: cannot tell the entity of target ${action.target}; set "entity"`);
}

/** Merges values into one record: the trigger, one an earlier action made, or one the trigger links to. */
export async function runUpdateRecordAction(action: UpdateRecordAction, ctx: ActionContext): Promise<ActionOutput> {
  const scope = expressionScope(ctx);
  const target = action.target === 'trigger' ? ctx.trigger._id.toHexString() : evaluateValue(action.target, scope);
  const id = Array.isArray(target) && target.length === 1 ? target[0] : target;
  if (typeof id !== 'string' || !id) throw new UnrecoverableError(`action ${action.id}: target ${action.target} names no record`);
  const entity = await updateTargetEntity(action, ctx);
  const record = await updateRecord(entity, id, evaluateValues(action.values, scope), automationWrite(ctx), 'merge');
  return record.id;
}
