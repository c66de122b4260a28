import type { ActionOutput, WorkflowAction, WorkflowActionType } from '@/lib/workflows/workflow.types';
import type { ActionContext } from './action-context';
import { runCreateRecordAction } from './create-record.action';
import { runUpdateRecordAction } from './update-record.action';
import { runUpsertRecordAction } from './upsert-record.action';

type ActionRunner<K extends WorkflowActionType> = (action: Extract<WorkflowAction, { type: K }>, ctx: ActionContext) => Promise<ActionOutput>;

/** One runner per action type; the compiler flags a type without one. */
export const ACTION_RUNNERS: { [K in WorkflowActionType]: ActionRunner<K> } = {
  create_record: runCreateRecordAction,
  update_record: runUpdateRecordAction,
  upsert_record: runUpsertRecordAction,
};

export function runAction(action: WorkflowAction, ctx: ActionContext): Promise<ActionOutput> {
  const runner = ACTION_RUNNERS[action.type] as ActionRunner<WorkflowActionType> | undefined;
  if (!runner) throw new Error(`action type "${action.type}" is unknown`);
  return runner(action as never, ctx);
}
