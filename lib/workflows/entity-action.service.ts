import { ObjectId } from 'mongodb';
import { requireRecord } from '@/lib/permissions/guards';
import { collection, recordCollection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { getEntity } from '@/lib/entities/entity.service';
import type { EntityActionDefinition, EntityDefinition } from '@/lib/entities/entity.types';
import { AppError, conflict, forbidden, notFound } from '@/lib/errors/app-error';
import type { Translate } from '@/lib/i18n/messages';
import type { RecordDoc } from '@/lib/records/record.types';
import type { Actor } from '@/lib/users/user.types';
import { newRun } from '@/lib/workflows/run-start';
import { updateTargetEntity } from '@/lib/workflows/steps/update-record.step';
import { describeError, performRun, setRunStatus } from '@/lib/workflows/workflow.runner';
import { findWorkflow } from '@/lib/workflows/workflow.service';
import type { ActionOutput, WorkflowDefinition, WorkflowRunDoc } from '@/lib/workflows/workflow.types';

export interface EntityActionResult {
  run: Pick<WorkflowRunDoc, 'status' | 'error' | 'output'> & { id: string };
  /** The record to open after the run (the workflow's `result` action). */
  open?: { entity: string; id: string };
  /** Why the run failed, when it did. */
  failure?: unknown;
}

/** Whether an action is offered on a record: the actor's permission to run it (lib/permissions) and its visibility rule. */
export function actionAvailable(def: EntityDefinition, action: EntityActionDefinition, actor: Actor, data: Record<string, unknown>): boolean {
  if (!actor.access.canRunEntityAction(def, action.key)) return false;
  if (action.visibleWhen && !action.visibleWhen.in.some((value) => value === (data[action.visibleWhen!.field] ?? null))) return false;
  return true;
}

const notAvailable = () => new AppError('conflict', 'action_unavailable', 'entityActions.unavailable');

async function openTarget(workflow: WorkflowDefinition, output: Record<string, ActionOutput>, entity: string, record: RecordDoc) {
  if (!workflow.result) return undefined;
  const action = workflow.actions.find((candidate) => candidate.id === workflow.result);
  const made = output[workflow.result];
  const id = Array.isArray(made) ? made[0] : made;
  if (!action || typeof id !== 'string') return undefined;
  const target =
    action.type === 'update_record'
      ? await updateTargetEntity(action, { runId: '', workflow, triggerEntity: entity, trigger: record, output, now: new Date() }).catch(() => undefined)
      : 'entity' in action
        ? action.entity
        : undefined;
  return target ? { entity: target, id } : undefined;
}

async function waitWhileRunning(runId: string, timeoutMs = 15_000): Promise<WorkflowRunDoc | null> {
  const runs = await collection('workflowRuns');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await runs.findOne({ _id: runId });
    if (!run || run.status !== 'running' || Date.now() > deadline) return run;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Runs an entity action's workflow on one record, now, in this process, through the same
 * runner as queued runs (and recorded like them). The run id comes from the workflow, the
 * record, the action and the record version the user saw, so a repeated click finds the
 * same run: a finished run is answered again, a failed one resumes after its last good action.
 */
export async function runEntityAction(entityKey: string, recordId: string, actionKey: string, actor: Actor, t: Translate, seenVersion?: number): Promise<EntityActionResult> {
  const def: EntityDefinition = await getEntity(entityKey);
  const action = def.actions?.find((candidate) => candidate.key === actionKey);
  if (!action) throw notFound();
  if (!ObjectId.isValid(recordId)) throw notFound();
  const record = await (await recordCollection(entityKey)).findOne({ _id: new ObjectId(recordId) });
  if (!record) throw notFound();
  // Running an action changes the record (and makes others from it): it needs the right to
  // run that action and the record within the actor's write scope, like an edit.
  requireRecord(actor, entityKey, 'read', record);
  if (!actor.access.canRunEntityAction(def, actionKey)) throw forbidden();
  if (!actor.access.allows(entityKey, 'update', record)) throw forbidden();
  const workflow = await findWorkflow(action.workflow);
  if (!workflow || !workflow.enabled) throw new AppError('conflict', 'workflow_unavailable', 'entityActions.noWorkflow', { workflow: action.workflow });

  const version = seenVersion ?? record._version;
  // The same for the same workflow, record, action and version: a repeated click finds the run.
  const runId = `${workflow.key}-${recordId}-action-${action.key}-v${version}`;
  const runs = await collection('workflowRuns');
  let run = await runs.findOne({ _id: runId });
  let mine = false;
  if (!run) {
    if (version !== record._version) throw conflict(`the record was changed by someone else (version ${record._version})`);
    if (record._deletedAt || !actionAvailable(def, action, actor, record)) throw notAvailable();
    const fresh: WorkflowRunDoc = { ...newRun(workflow, { runId, entity: entityKey, recordId, event: 'action', action: action.key, startedBy: actor.id }), status: 'running', attempts: 1, maxAttempts: 1 };
    try {
      await runs.insertOne(fresh);
      run = fresh;
      mine = true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // The same click arrived twice at once: the other request runs it.
      run = await waitWhileRunning(runId);
      if (!run) throw error;
    }
  } else if (run.status === 'running') {
    run = (await waitWhileRunning(runId)) ?? run;
  }
  const answer = (current: WorkflowRunDoc) => ({ id: runId, status: current.status, error: current.error, output: current.output });
  if (!mine) {
    if (run.status === 'succeeded') return { run: answer(run), open: await openTarget(workflow, run.output, entityKey, record) };
    // Another request is still on it: tell where it stands rather than run it twice.
    if (run.status === 'running') return { run: answer(run) };
    // A failed run resumes after the last action that succeeded.
    await setRunStatus(runId, 'running', { attempts: run.attempts + 1, startedBy: actor.id });
  }
  try {
    const { output, outcome } = await performRun({ runId, workflowKey: workflow.key, entity: entityKey, recordId, event: 'action' }, t);
    // A button's workflow that waits (an approval, a wait) goes on in the worker.
    if (outcome === 'waiting') return { run: { id: runId, status: 'waiting', error: null, output } };
    return { run: { id: runId, status: 'succeeded', error: null, output }, open: await openTarget(workflow, output, entityKey, record) };
  } catch (error) {
    const message = describeError(error);
    await setRunStatus(runId, 'failed', { error: message });
    const output = (await runs.findOne({ _id: runId }))?.output ?? {};
    return { run: { id: runId, status: 'failed', error: message, output }, failure: error };
  }
}
