import { collection, recordCollection } from '@/lib/db/collections';
import { listEntities } from '@/lib/entities/entity.service';
import type { LocalizedText } from '@/lib/i18n/locale';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { AppError, badRequest, conflict, notFound } from '@/lib/errors/app-error';
import { enqueue } from '@/lib/jobs/jobs';
import { logger } from '@/lib/logger';
import { validatorFor } from '@/lib/validation/schema-validator';
import { conditionProblems } from '@/lib/workflows/conditions';
import { jobData } from '@/lib/workflows/run-start';
import { stepKind } from '@/lib/workflows/steps/registry';
import type { ProblemContext, StepKind } from '@/lib/workflows/steps/step-context';
import { triggerKind } from '@/lib/workflows/triggers/registry';
import type { TriggerKind } from '@/lib/workflows/triggers/trigger-kind';
import { forgetWorkflowTriggers } from '@/lib/workflows/workflow.dispatcher';
import { TRIGGER_KIND_KEYS, type TriggerKindKey, type WorkflowAction, type WorkflowActionType, type WorkflowDefinition, type WorkflowRunDoc, type WorkflowRunStatus } from '@/lib/workflows/workflow.types';

const KEY = /^[a-z][a-z0-9-]{0,63}$/;
const STEP_ID = /^[a-z][a-z0-9-]{0,31}$/;
const MAX_STEPS = 100;

export interface WorkflowProblem {
  /** The step the problem is about ('trigger', 'condition' or a step id), for the designer to mark. */
  at: string;
  message: string;
}

function locate(message: string): WorkflowProblem {
  const step = /^step ([a-z][a-z0-9-]*)/.exec(message);
  if (step) return { at: step[1], message };
  if (message.startsWith('trigger')) return { at: 'trigger', message };
  if (message.startsWith('condition')) return { at: 'condition', message };
  return { at: 'workflow', message };
}

/** The settings of a step or trigger against its kind's schema (the same schema draws its form). */
function schemaProblems(cacheKey: string, schema: object, settings: Record<string, unknown>, where: string): string[] {
  const validate = validatorFor(`workflow-settings:${cacheKey}`, schema as never);
  if (validate(settings)) return [];
  return (validate.errors ?? []).map((error) => `${where}: ${error.instancePath ? `${error.instancePath.slice(1).replace(/\//g, '.')} ` : ''}${error.message ?? 'is not valid'}`);
}

function stepProblems(steps: WorkflowAction[], ctx: ProblemContext, seen: Set<string>, problems: string[], depth = 0): void {
  if (!Array.isArray(steps)) {
    problems.push('the steps must be a list');
    return;
  }
  for (const step of steps) {
    const where = `step ${step?.id}`;
    if (!STEP_ID.test(step?.id ?? '')) {
      problems.push(`step id "${String(step?.id)}" must be a short lowercase name`);
      continue;
    }
    if (seen.has(step.id)) problems.push(`${where}: the id "${step.id}" is used twice`);
    seen.add(step.id);
    const kind = stepKind(step.type) as StepKind<WorkflowActionType> | undefined;
    if (!kind) {
      problems.push(`${where}: step type "${String(step.type)}" is unknown`);
      continue;
    }
    const { id: _id, type: _type, name: _name, ...settings } = step as WorkflowAction & { name?: string };
    problems.push(...schemaProblems(`step:${step.type}`, kind.schema, settings, where));
    problems.push(...kind.problems(step as never, { ...ctx, earlier: new Set(ctx.earlier) }));
    if (kind.children) {
      if (depth >= 4) problems.push(`${where}: branches may nest 4 deep at most`);
      for (const nested of kind.children(step as never)) stepProblems(nested, { ...ctx, earlier: new Set(ctx.earlier) }, seen, problems, depth + 1);
    }
    ctx.earlier.add(step.id);
  }
}

/**
 * Everything wrong with a workflow, one line each. `strict` also checks that the entities it
 * names exist (the designer and publishing); template installs and scripts may name an entity
 * that a later step of the same install creates.
 */
export function workflowProblems(def: WorkflowDefinition, options: { entities?: EntityDefinition[]; strict?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (!def || typeof def !== 'object') return ['the workflow must be an object'];
  if (!KEY.test(def.key ?? '')) problems.push(`key "${def.key}" must match ${KEY}`);
  if (!def.name || typeof def.name !== 'object' || (!def.name['zh-CN'] && !def.name.en)) problems.push('the workflow needs a name');
  const entities = new Map((options.entities ?? []).map((entity) => [entity.key, entity]));
  const kind = def.trigger ? (triggerKind(def.trigger.event) as TriggerKind<TriggerKindKey> | undefined) : undefined;
  if (!kind) problems.push(`trigger.event must be one of ${TRIGGER_KIND_KEYS.join(', ')}`);
  const triggerEntity = def.trigger && 'entity' in def.trigger && def.trigger.entity ? entities.get(def.trigger.entity) ?? null : null;
  const ctx: ProblemContext = { entities, triggerEntity, earlier: new Set(), strict: Boolean(options.strict) };
  if (kind) {
    const { event: _event, ...settings } = def.trigger;
    problems.push(...schemaProblems(`trigger:${def.trigger.event}`, kind.schema, settings, 'trigger'));
    problems.push(...kind.problems(def.trigger as never, ctx));
  }
  if (def.condition !== undefined) problems.push(...conditionProblems(def.condition, triggerEntity, 'condition'));
  if (!Array.isArray(def.actions) || def.actions.length === 0) problems.push('a workflow needs at least one step');
  else {
    const seen = new Set<string>();
    stepProblems(def.actions, ctx, seen, problems);
    if (seen.size > MAX_STEPS) problems.push(`a workflow has at most ${MAX_STEPS} steps`);
    if (def.result !== undefined && !seen.has(def.result)) problems.push(`result "${def.result}" is not a step of the workflow`);
  }
  return problems;
}

/** Problems placed on the step (or trigger) they are about, for the designer. */
export async function checkWorkflow(def: WorkflowDefinition): Promise<WorkflowProblem[]> {
  const entities = await listEntities({ includeArchived: true });
  return workflowProblems(def, { entities, strict: true }).map(locate);
}

/** A workflow by key. */
export async function findWorkflow(key: string): Promise<WorkflowDefinition | null> {
  const doc = await (await collection('workflows')).findOne({ _id: String(key) });
  if (!doc) return null;
  const { _id, ...definition } = doc;
  return definition as WorkflowDefinition;
}

export async function listWorkflows(): Promise<WorkflowDefinition[]> {
  const docs = await (await collection('workflows')).find({}).sort({ _id: 1 }).limit(1000).toArray();
  return docs.map(({ _id, ...definition }) => definition as WorkflowDefinition);
}

/**
 * Stores a workflow and keeps its version: runs in flight follow the version they started
 * with (workflow_versions), new runs the one saved now.
 */
export async function saveWorkflow(def: WorkflowDefinition, options: { strict?: boolean; by?: string } = {}): Promise<void> {
  const problems = workflowProblems(def, options.strict ? { entities: await listEntities({ includeArchived: true }), strict: true } : {});
  if (problems.length > 0) throw badRequest(`workflow ${def.key}: ${problems.join('; ')}`);
  await (await collection('workflows')).replaceOne({ _id: def.key }, def, { upsert: true });
  await (await collection('workflowVersions')).replaceOne(
    { _id: `${def.key}@${def.version}` },
    { key: def.key, version: def.version, definition: def, publishedAt: new Date(), publishedBy: options.by ?? 'template' },
    { upsert: true },
  );
  // A date reminder's pass filters the entity's records on that date field: it gets an index.
  if (def.trigger.event === 'date' && def.trigger.entity && def.trigger.field) {
    // Named outside the entity's own index plan (lib/records/record.indexes.ts), which leaves it alone.
    await (await recordCollection(def.trigger.entity))
      .createIndex({ [def.trigger.field]: 1 }, { name: `wf_date_${def.trigger.field}` })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not index a date reminder field'));
  }
  forgetWorkflowTriggers();
}

/**
 * Publishes what an admin built in the designer as the next version. `baseVersion` is the
 * version the admin started from: a stale one (someone else published meanwhile) is a 409.
 */
export async function publishWorkflow(def: WorkflowDefinition, baseVersion: number | null, by: string): Promise<WorkflowDefinition> {
  const current = await findWorkflow(def.key);
  if (current && baseVersion !== current.version) throw conflict(`workflow ${def.key} was published by someone else (version ${current.version})`);
  if (!current && baseVersion !== null) throw notFound();
  const next: WorkflowDefinition = { ...def, version: (current?.version ?? 0) + 1, template: current?.template ?? def.template };
  if (next.template === undefined) delete next.template;
  await saveWorkflow(next, { strict: true, by });
  return next;
}

export async function setWorkflowEnabled(key: string, enabled: boolean): Promise<WorkflowDefinition> {
  const updated = await (await collection('workflows')).findOneAndUpdate({ _id: key }, { $set: { enabled } }, { returnDocument: 'after' });
  if (!updated) throw notFound();
  forgetWorkflowTriggers();
  const { _id, ...definition } = updated;
  return definition as WorkflowDefinition;
}

export async function deleteWorkflow(key: string): Promise<void> {
  const result = await (await collection('workflows')).deleteOne({ _id: key });
  if (result.deletedCount === 0) throw notFound();
  forgetWorkflowTriggers();
}

export async function listWorkflowVersions(key: string): Promise<{ version: number; publishedAt: Date; publishedBy: string }[]> {
  const docs = await (await collection('workflowVersions')).find({ key }).sort({ version: -1 }).limit(100).toArray();
  return docs.map((doc) => ({ version: doc.version, publishedAt: doc.publishedAt, publishedBy: doc.publishedBy }));
}

export async function workflowVersion(key: string, version: number): Promise<WorkflowDefinition> {
  const doc = await (await collection('workflowVersions')).findOne({ _id: `${key}@${version}` });
  if (!doc) throw notFound();
  return doc.definition;
}

export interface RunQuery {
  status?: WorkflowRunStatus;
  recordId?: string;
  workflowKey?: string;
  limit?: number;
}

export async function listWorkflowRuns(query: RunQuery): Promise<WorkflowRunDoc[]> {
  const filter: Record<string, string> = {};
  if (query.status) filter.status = String(query.status);
  if (query.recordId) filter.recordId = String(query.recordId);
  if (query.workflowKey) filter.workflowKey = String(query.workflowKey);
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
  return (await collection('workflowRuns')).find(filter, { projection: { previous: 0, payload: 0 } }).sort({ createdAt: -1 }).limit(limit).toArray();
}

/** A run as people read it: its workflow's name, its entity's label and its event's name beside the keys (kept for links and filters). */
export type DescribedRun = WorkflowRunDoc & { workflowName: LocalizedText | null; entityLabel: LocalizedText | null; eventLabel: LocalizedText | null };

/** Names for runs, looked up once for the whole list. */
export async function describeRuns(runs: WorkflowRunDoc[]): Promise<DescribedRun[]> {
  if (runs.length === 0) return [];
  const [workflows, entities] = await Promise.all([
    (await collection('workflows')).find({ _id: { $in: [...new Set(runs.map((run) => run.workflowKey))] } }, { projection: { _id: 1, name: 1 } }).toArray(),
    listEntities(),
  ]);
  const names = new Map(workflows.map((doc) => [String(doc._id), (doc as { name?: LocalizedText }).name ?? null]));
  const labels = new Map(entities.map((def) => [def.key, def.label]));
  return runs.map((run) => ({
    ...run,
    workflowName: names.get(run.workflowKey) ?? null,
    entityLabel: run.entity ? (labels.get(run.entity) ?? null) : null,
    eventLabel: triggerKind(run.event as TriggerKindKey)?.label ?? null,
  }));
}

export async function getWorkflowRun(id: string): Promise<WorkflowRunDoc> {
  const run = await (await collection('workflowRuns')).findOne({ _id: String(id) });
  if (!run) throw new AppError('not_found', 'not_found', 'error.notFound');
  return run;
}

/**
 * The sweep: queues runs the queue never got (recorded while Redis was away), runs whose
 * worker died (lease over), and waits whose wake-up job was lost. Job ids make a repeat harmless.
 */
export async function enqueueStaleRuns(olderThanMs = 30_000): Promise<number> {
  const now = new Date();
  const runs = await collection('workflowRuns');
  const cutoff = new Date(now.getTime() - olderThanMs);
  const queued = await runs.find({ status: 'queued', createdAt: { $lt: cutoff } }).limit(500).toArray();
  const orphaned = await runs.find({ status: 'running', leaseUntil: { $lt: now } }).limit(500).toArray();
  const retrying = await runs.find({ status: 'retrying', updatedAt: { $lt: new Date(now.getTime() - 10 * 60_000) } }).limit(500).toArray();
  const waking = await runs.find({ status: 'waiting', wakeAt: { $lte: cutoff } }).limit(500).toArray();
  let count = 0;
  for (const run of queued) {
    await enqueue('run-workflow', jobData(run), { jobId: run._id });
    count++;
  }
  for (const run of [...orphaned, ...retrying, ...waking]) {
    // A new job id each time round: the earlier job may be done (and kept) in the queue.
    await enqueue('run-workflow', jobData(run), { jobId: `${run._id}-sweep-${run.updatedAt.getTime()}` });
    count++;
  }
  if (count > 0) logger.info({ count }, 're-queued workflow runs');
  return count;
}
