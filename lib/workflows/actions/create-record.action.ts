import { createRecord } from '@/lib/records/record.service';
import { evaluateValues } from '@/lib/workflows/value-expression';
import type { ActionOutput, CreateRecordAction } from '@/lib/workflows/workflow.types';
import { actionRecordId, automationWrite, expressionScope, forEachRows, ownerFor, type ActionContext } from './action-context';

export { actionRecordId } from './action-context';

/**
 * Creates a record — or, with forEach, one per row of a sub-table of the trigger record.
 * Ids come from the run, the action and the row, so a retried run finds what it made.
 */
export async function runCreateRecordAction(action: CreateRecordAction, ctx: ActionContext): Promise<ActionOutput> {
  const create = async (rowIndex?: number, row?: Record<string, unknown>) => {
    const { record } = await createRecord(action.entity, evaluateValues(action.values, expressionScope(ctx, row)), automationWrite(ctx), {
      id: actionRecordId(ctx.runId, action.id, rowIndex),
      ownerId: ownerFor(ctx, action.owner),
    });
    return record.id;
  };
  if (!action.forEach) return create();
  const ids: string[] = [];
  const rows = forEachRows(ctx, action.forEach);
  for (let index = 0; index < rows.length; index++) ids.push(await create(index, rows[index]));
  return ids;
}
