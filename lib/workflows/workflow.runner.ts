import { UnrecoverableError } from 'bullmq';
import { LRUCache } from 'lru-cache';
import { ObjectId } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { config } from '@/lib/config';
import { groupFindById } from '@/lib/db/by-ids';
import { collection, recordCollection } from '@/lib/db/collections';
import { groupClaim, groupSet } from '@/lib/db/group-insert';
import { getEntity } from '@/lib/entities/entity.service';
import { AppError } from '@/lib/errors/app-error';
import { translator, type Translate } from '@/lib/i18n/messages';
import { enqueue } from '@/lib/jobs/jobs';
import { logger } from '@/lib/logger';
import type { RecordDoc } from '@/lib/records/record.types';
import { plainData } from '@/lib/records/record.view';
import { conditionsHold } from '@/lib/workflows/conditions';
import { jobData } from '@/lib/workflows/run-start';
import { runStep } from '@/lib/workflows/steps/registry';
import { expressionScope, type StepContext, type StepResult } from '@/lib/workflows/steps/step-context';
import type { ActionOutput, StepTrace, WorkflowAction, WorkflowDefinition, WorkflowJobData, WorkflowRunDoc, WorkflowRunStatus } from '@/lib/workflows/workflow.types';

export interface RunAttempt {
  data: WorkflowJobData;
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
}

const english = translator('en');
const WORKER = randomUUID();

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
  return error instanceof UnrecoverableError || (error instanceof AppError && (error.code === 'validation_failed' || error.code === 'no_approvers'));
}

export async function setRunStatus(runId: string, status: WorkflowRunStatus, extra: Record<string, unknown> = {}) {
  const now = new Date();
  await groupSet(await collection('workflowRuns'), runId, { status, updatedAt: now, ...(status === 'succeeded' || status === 'failed' ? { finishedAt: now } : {}), ...extra });
}

// A published version does not change: each process keeps the ones its runs follow (briefly,
// since a template install may store the same version number again).
const versions = new LRUCache<string, WorkflowDefinition>({
  max: 500,
  ttl: config.definitionCacheMs,
  fetchMethod: async (id) => (await (await collection('workflowVersions')).findOne({ _id: id }))?.definition,
});

/** The version of a workflow a run follows: the one it started with, else the current one. */
export async function loadWorkflow(key: string, version?: number): Promise<WorkflowDefinition | null> {
  if (version !== undefined) {
    const kept = await versions.fetch(`${key}@${version}`);
    if (kept) return kept;
  }
  const stored = await (await collection('workflows')).findOne({ _id: key });
  if (!stored) return null;
  const { _id, ...workflow } = stored;
  return workflow as WorkflowDefinition;
}

type Outcome = 'done' | 'stopped' | 'waiting';

/** Where the walk keeps traces: the run document for real runs, memory for a test run. */
interface TraceStore {
  traces: Record<string, StepTrace>;
  /** Writes what is still held, with these fields (the run's final status). */
  finish?(set: Record<string, unknown>): Promise<void>;
  save(stepId: string, trace: StepTrace, extra?: { output?: ActionOutput; vars?: Record<string, unknown> }): Promise<void>;
  saveState(stepId: string, state: unknown): Promise<void>;
  pause(stepId: string, kind: 'wait' | 'approval', until: Date | null): Promise<void>;
}

function chosenBranch(step: Extract<WorkflowAction, { type: 'branch' }>, output: unknown): WorkflowAction[] {
  const branch = (output as { branch?: number | 'otherwise' } | undefined)?.branch;
  if (typeof branch === 'number') return step.branches[branch]?.actions ?? [];
  return step.otherwise ?? [];
}

/**
 * Walks a list of steps. A step done in an earlier attempt is skipped (its output reused; a
 * branch follows the path it chose then); a step that fails is saved as failed and the error
 * goes up; a step that waits pauses the run.
 */
async function walk(steps: WorkflowAction[], ctx: StepContext, store: TraceStore): Promise<Outcome> {
  for (const step of steps) {
    const previous = store.traces[step.id];
    if (previous?.status === 'done') {
      ctx.output[step.id] = previous.output;
      if (step.type === 'branch') {
        const outcome = await walk(chosenBranch(step, previous.output), ctx, store);
        if (outcome !== 'done') return outcome;
      }
      if (step.type === 'stop') return 'stopped';
      continue;
    }
    // The trace is saved when the step ends (done, failed or waiting), one write per step; a step
    // cut off by a crash is run again, which every kind of step is made to survive.
    const trace: StepTrace = {
      status: 'running',
      input: previous?.input,
      state: previous?.state,
      attempts: (previous?.attempts ?? 0) + (previous?.status === 'waiting' ? 0 : 1),
      startedAt: previous?.startedAt ?? new Date(),
      error: null,
    };
    store.traces[step.id] = trace;
    ctx.previousTrace = previous;
    ctx.saveState = (state) => store.saveState(step.id, state);
    let result: StepResult;
    try {
      result = await runStep(step, ctx);
    } catch (error) {
      await store.save(step.id, { ...trace, status: 'failed', error: describeError(error), finishedAt: new Date() });
      throw error;
    }
    if ('wait' in result) {
      await store.save(step.id, { ...trace, status: 'waiting', input: result.input, output: result.output });
      await store.pause(step.id, result.wait.kind, result.wait.until);
      return 'waiting';
    }
    ctx.output[step.id] = result.output;
    if (result.vars) ctx.vars = { ...ctx.vars, ...result.vars };
    // Later steps see the record as this step left it (a notification to the owner it just assigned).
    if (ctx.trigger && !ctx.dryRun && (step.type === 'update_record' || step.type === 'assign_owner')) {
      ctx.trigger = (await (await recordCollection(ctx.triggerEntity)).findOne({ _id: ctx.trigger._id })) ?? ctx.trigger;
    }
    await store.save(step.id, { ...trace, status: 'done', input: result.input, output: result.output, finishedAt: new Date() }, { output: result.output, vars: result.vars });
    if (result.then) {
      const outcome = await walk(result.then, ctx, store);
      if (outcome !== 'done') return outcome;
    }
    if (result.stop) return 'stopped';
  }
  return 'done';
}

async function triggerRecord(entity: string, recordId: string): Promise<RecordDoc | null> {
  if (!entity || !recordId) return null;
  if (!ObjectId.isValid(recordId)) throw new UnrecoverableError(`record id ${recordId} is not valid`);
  // Read with the records other runs ask for at the same moment (a burst of reminders).
  const doc = await groupFindById(await recordCollection(entity), new ObjectId(recordId));
  if (!doc) throw new UnrecoverableError(`record ${entity}/${recordId} no longer exists`);
  return doc;
}

function runStore(run: WorkflowRunDoc): TraceStore {
  const traces: Record<string, StepTrace> = { ...(run.steps ?? {}) };
  const runs = collection('workflowRuns');
  const lease = () => new Date(Date.now() + config.runLeaseMs);
  // A finished step's trace is held and written with the next write of the run (the next
  // step's, or the run's end): one write fewer per step. A crash before that write runs the
  // step again, which every kind of step is made to survive (derived ids, kept state).
  // Writes share one bulkWrite with the other runs' writes of the moment; each sees its own outcome.
  let held: Record<string, unknown> = {};
  const write = async (set: Record<string, unknown>) => {
    const all = { ...held, ...set };
    held = {};
    await groupSet(await runs, run._id, all);
  };
  return {
    traces,
    async save(stepId, trace, extra = {}) {
      traces[stepId] = trace;
      const set: Record<string, unknown> = { [`steps.${stepId}`]: trace, updatedAt: new Date(), leaseUntil: lease() };
      if (extra.output !== undefined) set[`output.${stepId}`] = extra.output;
      for (const [name, value] of Object.entries(extra.vars ?? {})) set[`vars.${name}`] = value;
      if (trace.status === 'done') held = { ...held, ...set };
      else await write(set);
    },
    async saveState(stepId, state) {
      traces[stepId] = { ...traces[stepId], state };
      await write({ [`steps.${stepId}.state`]: state });
    },
    async finish(set) {
      await write(set);
    },
    async pause(stepId, kind, until) {
      await write({ status: 'waiting', waitingOn: { stepId, kind }, wakeAt: until, leaseUntil: null, updatedAt: new Date() });
      if (until) {
        try {
          await enqueue('run-workflow', jobData(run), { jobId: `${run._id}-wake-${stepId}-${until.getTime()}`, delay: Math.max(0, until.getTime() - Date.now()) });
        } catch (error) {
          logger.warn({ err: error, runId: run._id }, 'could not queue a wake-up; the sweep will');
        }
      }
    },
  };
}

/**
 * Performs a run's steps in order. Each step's input and output are saved as it completes, so
 * a retry resumes after the last step that succeeded; a waiting step pauses the run.
 */
export async function performRun(data: WorkflowJobData, t?: Translate, claimed?: WorkflowRunDoc): Promise<{ workflow: WorkflowDefinition; output: Record<string, ActionOutput>; outcome: Outcome }> {
  const runs = await collection('workflowRuns');
  const run = claimed ?? (await runs.findOne({ _id: data.runId }));
  if (!run) throw new UnrecoverableError(`run ${data.runId} does not exist`);
  const workflow = await loadWorkflow(run.workflowKey, run.workflowVersion);
  if (!workflow) throw new UnrecoverableError(`workflow "${run.workflowKey}" no longer exists`);
  const trigger = await triggerRecord(run.entity, run.recordId);
  const ctx: StepContext = {
    runId: run._id,
    event: run.event,
    workflow,
    triggerEntity: run.entity,
    trigger,
    previous: run.previous ?? null,
    output: { ...run.output },
    vars: { ...(run.vars ?? {}) },
    payload: run.payload,
    depth: run.depth ?? 0,
    startedBy: run.startedBy,
    now: new Date(),
    t,
  };
  const store = runStore(run);
  const outcome = await walk(workflow.actions, ctx, store);
  // The run's end is written with the last step's trace, in one write.
  if (outcome !== 'waiting') {
    const now = new Date();
    await store.finish!({ status: 'succeeded', error: null, leaseUntil: null, updatedAt: now, finishedAt: now, ...(outcome === 'stopped' ? { stopped: true } : {}) });
  }
  return { workflow, output: ctx.output, outcome };
}

/**
 * Takes a run for this worker: only a run that is still to do, and that no other worker holds
 * (its lease ended, or it has none). Null when there is nothing for this worker. The runs
 * claimed at the same moment share one updateMany and one find (lib/db/group-insert.ts); the
 * claim's name in leaseOwner says which claim of which worker holds the run.
 */
async function claimRun(runId: string, attempt: number, maxAttempts: number): Promise<WorkflowRunDoc | null> {
  return groupClaim(await collection('workflowRuns'), runId, {
    key: `${attempt}/${maxAttempts}`,
    statement: (now) => ({
      filter: { status: { $in: ['queued', 'running', 'retrying', 'waiting'] }, $or: [{ leaseUntil: null }, { leaseUntil: { $exists: false } }, { leaseUntil: { $lt: now } }] },
      set: { status: 'running', attempts: attempt, maxAttempts, waitingOn: null, wakeAt: null, updatedAt: now, leaseUntil: new Date(now.getTime() + config.runLeaseMs) },
    }),
    ownerField: 'leaseOwner',
    owner: WORKER,
  });
}

/** Runs one attempt of a queued workflow run (the worker's job): a new run, a resumed one, or a retry. */
export async function runWorkflowAttempt({ data, attempt, maxAttempts }: RunAttempt): Promise<void> {
  // Done, refused or failed runs are left alone; another worker's run too (a job delivered
  // twice): if that worker died, the sweep queues it again once its lease ends.
  const run = await claimRun(data.runId, attempt, maxAttempts);
  if (!run) return;
  try {
    await performRun(data, undefined, run);
  } catch (error) {
    const final = isFinalError(error) || attempt >= maxAttempts;
    await setRunStatus(data.runId, final ? 'failed' : 'retrying', { error: describeError(error), leaseUntil: null });
    throw final && !(error instanceof UnrecoverableError) ? new UnrecoverableError(describeError(error)) : error;
  }
}

/** Queues a failed run again from the step that failed (the runs page's Retry). */
export async function retryRun(runId: string): Promise<WorkflowRunDoc> {
  const runs = await collection('workflowRuns');
  const run = await runs.findOne({ _id: runId });
  if (!run) throw new AppError('not_found', 'not_found', 'error.notFound');
  if (run.status !== 'failed') throw new AppError('conflict', 'run_not_failed', 'runs.notFailed');
  const retries = ((run as WorkflowRunDoc & { retries?: number }).retries ?? 0) + 1;
  const updated = await runs.findOneAndUpdate(
    { _id: runId, status: 'failed' },
    { $set: { status: 'queued', error: null, finishedAt: null, leaseUntil: null, updatedAt: new Date(), retries } },
    { returnDocument: 'after' },
  );
  if (!updated) throw new AppError('conflict', 'run_not_failed', 'runs.notFailed');
  await enqueue('run-workflow', jobData(updated), { jobId: `${runId}-retry-${retries}` });
  return updated;
}

// ------------------------------------------------------------------------------ test run -----

export interface TestRunStep {
  stepId: string;
  type: string;
  status: StepTrace['status'] | 'skipped';
  input?: unknown;
  output?: unknown;
  error?: string | null;
}

export interface TestRunResult {
  /** Whether the workflow's conditions hold for the record. */
  conditionsHold: boolean;
  steps: TestRunStep[];
  outcome: Outcome | 'failed';
  error: string | null;
}

/**
 * A test run from the designer on a chosen record: every step says what it would do (the
 * values it would write, whom it would tell) and nothing is written. Waits are passed over and
 * approvals are taken as approved, so the steps after them show too.
 */
export async function testRunWorkflow(workflow: WorkflowDefinition, entity: string, recordId: string | null, t: Translate, payload?: unknown): Promise<TestRunResult> {
  const trigger = recordId ? await triggerRecord(entity, recordId).catch(() => null) : null;
  if (recordId && !trigger) throw new AppError('not_found', 'not_found', 'error.notFound');
  const ctx: StepContext = {
    runId: `test-${randomUUID()}`,
    event: workflow.trigger.event === 'action' ? 'action' : 'manual',
    workflow,
    triggerEntity: trigger ? entity : '',
    trigger,
    previous: trigger ? plainData(trigger) : null,
    output: {},
    vars: {},
    payload,
    depth: 0,
    startedBy: trigger?._updatedBy,
    now: new Date(),
    t,
    dryRun: true,
  };
  const def = trigger ? await getEntity(entity) : null;
  let holds = true;
  try {
    holds = conditionsHold(workflow.condition, def, expressionScope(ctx));
  } catch {
    holds = false;
  }
  const steps: TestRunStep[] = [];
  const types = new Map<string, string>();
  const index = (list: WorkflowAction[]) => {
    for (const step of list) {
      types.set(step.id, step.type);
      if (step.type === 'branch') for (const nested of [...step.branches.map((branch) => branch.actions), step.otherwise ?? []]) index(nested);
    }
  };
  index(workflow.actions);
  const store: TraceStore = {
    traces: {},
    async save(stepId, trace) {
      store.traces[stepId] = trace;
      if (trace.status === 'running') return;
      const entry = { stepId, type: types.get(stepId) ?? '', status: trace.status, input: trace.input, output: trace.output, error: trace.error };
      const at = steps.findIndex((candidate) => candidate.stepId === stepId);
      if (at >= 0) steps[at] = entry;
      else steps.push(entry);
    },
    async saveState() {},
    async pause() {},
  };
  try {
    const outcome = await walk(workflow.actions, ctx, store);
    return { conditionsHold: holds, steps, outcome, error: null };
  } catch (error) {
    return { conditionsHold: holds, steps, outcome: 'failed', error: error instanceof AppError ? [t(error.messageKey, error.params), ...Object.entries(error.fields ?? {}).map(([f, m]) => `${f}: ${m.join(' ')}`)].join(' ') : describeError(error) };
  }
}
