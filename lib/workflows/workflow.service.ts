import { config } from '@/lib/config';
import { collection } from '@/lib/db/collections';
import { definitionInvalid } from '@/lib/errors/app-error';
import { logger } from '@/lib/logger';
import { forgetWorkflowTriggers } from '@/lib/workflows/workflow.dispatcher';
import { enqueueWorkflowRun } from '@/lib/workflows/workflow.queue';
import { actionReferences, solePlaceholder } from '@/lib/workflows/value-expression';
import { WORKFLOW_ACTION_TYPES, type WorkflowAction, type WorkflowDefinition, type WorkflowRunDoc, type WorkflowRunStatus } from '@/lib/workflows/workflow.types';

const KEY = /^[a-z][a-z0-9-]{0,63}$/;
const EVENTS = ['created', 'updated', 'deleted', 'action'];
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function actionProblems(action: WorkflowAction, earlier: Set<string>): string[] {
  const problems: string[] = [];
  const where = `action ${action.id}`;
  if (!WORKFLOW_ACTION_TYPES.includes(action.type)) return [`action type "${action.type}" is unknown`];
  const values = action.values ?? {};
  if (typeof values !== 'object' || Array.isArray(values)) problems.push(`${where}: values must be an object`);
  const reads = actionReferences(values);
  if (action.type === 'create_record' || action.type === 'upsert_record') {
    if (!action.entity) problems.push(`${where}: entity is missing`);
    if (action.forEach !== undefined && !FIELD_NAME.test(action.forEach)) problems.push(`${where}: forEach must name a sub-table field of the trigger record`);
  }
  if (action.type === 'upsert_record') {
    if (!action.match || typeof action.match !== 'object' || Object.keys(action.match).length === 0) problems.push(`${where}: match needs at least one field`);
    reads.push(...actionReferences(action.match));
  }
  if (action.type === 'update_record') {
    const target = action.target ?? '';
    const name = solePlaceholder(target);
    if (target !== 'trigger' && (!name || name.startsWith('row.'))) problems.push(`${where}: target must be "trigger", "{{actions.<id>}}" or "{{<field>}}"`);
    if (name?.startsWith('actions.')) reads.push(name.slice(8));
  }
  for (const id of reads) if (!earlier.has(id)) problems.push(`${where}: reads {{actions.${id}}}, which is not an earlier action`);
  return problems;
}

export function workflowProblems(def: WorkflowDefinition): string[] {
  const problems: string[] = [];
  if (!KEY.test(def.key)) problems.push(`key "${def.key}" must match ${KEY}`);
  if (!def.trigger?.entity) problems.push('trigger.entity is missing');
  if (!EVENTS.includes(def.trigger?.event)) problems.push(`trigger.event must be one of ${EVENTS.join(', ')}`);
  if (def.trigger?.event === 'action' && !def.trigger.action) problems.push('trigger.action names the entity action that starts the workflow');
  if (def.trigger?.changed !== undefined && (!Array.isArray(def.trigger.changed) || def.trigger.changed.some((field) => typeof field !== 'string'))) {
    problems.push('trigger.changed must be a list of field keys');
  }
  if (!Array.isArray(def.actions) || def.actions.length === 0) problems.push('a workflow needs at least one action');
  const ids = new Set<string>();
  for (const action of def.actions ?? []) {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(action.id ?? '')) problems.push(`action id "${action.id}" must be a short lowercase name`);
    if (ids.has(action.id)) problems.push(`action id "${action.id}" is used twice`);
    problems.push(...actionProblems(action, ids));
    ids.add(action.id);
  }
  if (def.result !== undefined && !ids.has(def.result)) problems.push(`result "${def.result}" is not an action of the workflow`);
  return problems;
}

/** A workflow by key. */
export async function findWorkflow(key: string): Promise<WorkflowDefinition | null> {
  const doc = await (await collection('workflows')).findOne({ _id: key });
  if (!doc) return null;
  const { _id, ...definition } = doc;
  return definition;
}

export async function saveWorkflow(def: WorkflowDefinition): Promise<void> {
  const problems = workflowProblems(def);
  if (problems.length > 0) throw definitionInvalid(`workflow ${String(def.key)}`, problems);
  await (await collection('workflows')).replaceOne({ _id: def.key }, def, { upsert: true });
  forgetWorkflowTriggers();
}

export interface RunQuery {
  status?: WorkflowRunStatus;
  recordId?: string;
  limit?: number;
}

export async function listWorkflowRuns(query: RunQuery): Promise<WorkflowRunDoc[]> {
  const filter: Record<string, string> = {};
  if (query.status) filter.status = String(query.status);
  if (query.recordId) filter.recordId = String(query.recordId);
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
  return (await collection('workflowRuns')).find(filter).sort({ createdAt: -1 }).limit(limit).toArray();
}

/** Queues runs the web process recorded while the queue was away. Job ids make it harmless. */
export async function enqueueStaleRuns(olderThanMs = config.recoveryAfterMs): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const stale = await (await collection('workflowRuns')).find({ status: 'queued', createdAt: { $lt: cutoff } }).limit(500).toArray();
  for (const run of stale) {
    await enqueueWorkflowRun({ runId: run._id, workflowKey: run.workflowKey, entity: run.entity, recordId: run.recordId, event: run.event });
  }
  if (stale.length > 0) logger.info({ count: stale.length }, 're-queued stale workflow runs');
  return stale.length;
}
