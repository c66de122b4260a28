import { UnrecoverableError } from 'bullmq';
import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { AppError } from '@/lib/errors/app-error';
import { translator, type Translate } from '@/lib/i18n/messages';
import { runAction } from '@/lib/workflows/actions/action-runners';
import type { ActionContext } from '@/lib/workflows/actions/action-context';
import type { ActionOutput, WorkflowDefinition, WorkflowJobData, WorkflowRunStatus } from '@/lib/workflows/workflow.types';

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

/**
 * An error a retry cannot fix: a broken definition, or values that make an invalid record.
 * (A missing entity may appear later — an admin publishing it — so that one is retried.)
 */
export function isFinalError(error: unknown): boolean {
  return error instanceof UnrecoverableError || (error instanceof AppError && error.code === 'validation_failed');
}

export async function setRunStatus(runId: string, status: WorkflowRunStatus, extra: Record<string, unknown> = {}) {
  const now = new Date();
  await (await collection('workflowRuns')).updateOne(
    { _id: runId },
    { $set: { status, updatedAt: now, ...(status === 'succeeded' || status === 'failed' ? { finishedAt: now } : {}), ...extra } },
  );
}

/**
 * Performs a run's actions in order. Each action's result is saved as it completes, so a
 * retry resumes after the last action that succeeded. Returns the run's output.
 */
export async function performRun(data: WorkflowJobData, t?: Translate): Promise<{ workflow: WorkflowDefinition; output: Record<string, ActionOutput> }> {
  const runs = await collection('workflowRuns');
  const run = await runs.findOne({ _id: data.runId });
  if (!run) throw new UnrecoverableError(`run ${data.runId} does not exist`);
  const stored = await (await collection('workflows')).findOne({ _id: data.workflowKey });
  if (!stored) throw new UnrecoverableError(`workflow "${data.workflowKey}" no longer exists`);
  const { _id, ...workflow } = stored;
  const trigger = await (await recordCollection(data.entity)).findOne({ _id: new ObjectId(data.recordId) });
  if (!trigger) throw new UnrecoverableError(`record ${data.entity}/${data.recordId} no longer exists`);
  const ctx: ActionContext = { runId: data.runId, workflow, triggerEntity: data.entity, trigger, output: { ...run.output }, now: new Date(), t };
  for (const action of workflow.actions) {
    if (ctx.output[action.id] !== undefined) continue;
    ctx.output[action.id] = await runAction(action, ctx);
    await runs.updateOne({ _id: data.runId }, { $set: { [`output.${action.id}`]: ctx.output[action.id], updatedAt: new Date() } });
  }
  return { workflow, output: ctx.output };
}

/** Runs one attempt of a queued workflow run (the worker's job). */
export async function runWorkflowAttempt({ data, attempt, maxAttempts }: RunAttempt): Promise<void> {
  const run = await (await collection('workflowRuns')).findOne({ _id: data.runId });
  if (!run || run.status === 'succeeded') return;
  await setRunStatus(data.runId, 'running', { attempts: attempt, maxAttempts });
  try {
    await performRun(data);
    await setRunStatus(data.runId, 'succeeded', { error: null });
  } catch (error) {
    const final = isFinalError(error) || attempt >= maxAttempts;
    await setRunStatus(data.runId, final ? 'failed' : 'retrying', { error: describeError(error) });
    throw final && !(error instanceof UnrecoverableError) ? new UnrecoverableError(describeError(error)) : error;
  }
}
