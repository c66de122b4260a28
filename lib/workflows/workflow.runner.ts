import { UnrecoverableError } from 'bullmq';
import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { AppError } from '@/lib/http/errors';
import { translator } from '@/lib/i18n/messages';
import { runCreateRecordAction } from '@/lib/workflows/actions/create-record.action';
import type { WorkflowJobData, WorkflowRunStatus } from '@/lib/workflows/workflow.types';

export interface RunAttempt {
  data: WorkflowJobData;
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
}

const english = translator('en');

/** A readable one-line account of an error, for the runs page. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) {
    const fields = Object.entries(error.fields ?? {}).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
    return [english(error.messageKey, error.params), ...fields].join(' ');
  }
  return error instanceof Error ? error.message : String(error);
}

async function setRunStatus(runId: string, status: WorkflowRunStatus, extra: Record<string, unknown> = {}) {
  const now = new Date();
  await (await collection('workflowRuns')).updateOne(
    { _id: runId },
    { $set: { status, updatedAt: now, ...(status === 'succeeded' || status === 'failed' ? { finishedAt: now } : {}), ...extra } },
  );
}

/**
 * Runs one attempt of a workflow run. Each action's result is saved as it completes, so a
 * retry resumes after the last action that succeeded.
 */
export async function runWorkflowAttempt({ data, attempt, maxAttempts }: RunAttempt): Promise<void> {
  const runs = await collection('workflowRuns');
  const run = await runs.findOne({ _id: data.runId });
  if (!run || run.status === 'succeeded') return;
  await setRunStatus(data.runId, 'running', { attempts: attempt, maxAttempts });
  try {
    const workflow = await (await collection('workflows')).findOne({ _id: data.workflowKey });
    if (!workflow) throw new UnrecoverableError(`workflow "${data.workflowKey}" no longer exists`);
    const trigger = await (await recordCollection(data.entity)).findOne({ _id: new ObjectId(data.recordId) });
    if (!trigger) throw new UnrecoverableError(`record ${data.entity}/${data.recordId} no longer exists`);
    const output = { ...run.output };
    for (const action of workflow.actions) {
      if (output[action.id]) continue;
      output[action.id] = await runCreateRecordAction(action, data.runId, trigger);
      await runs.updateOne({ _id: data.runId }, { $set: { [`output.${action.id}`]: output[action.id] } });
    }
    await setRunStatus(data.runId, 'succeeded', { error: null });
  } catch (error) {
    // A record the action's values make invalid will not become valid by retrying.
    const final =
      error instanceof UnrecoverableError || attempt >= maxAttempts || (error instanceof AppError && error.code === 'validation_failed');
    await setRunStatus(data.runId, final ? 'failed' : 'retrying', { error: describeError(error) });
    throw final && !(error instanceof UnrecoverableError) ? new UnrecoverableError(describeError(error)) : error;
  }
}
