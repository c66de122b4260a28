import { collection } from '@/lib/db/collections';
import { badRequest } from '@/lib/http/errors';
import { logger } from '@/lib/logger';
import { forgetWorkflowTriggers } from '@/lib/workflows/workflow.dispatcher';
import { enqueueWorkflowRun } from '@/lib/workflows/workflow.queue';
import type { WorkflowDefinition, WorkflowRunDoc, WorkflowRunStatus } from '@/lib/workflows/workflow.types';

const KEY = /^[a-z][a-z0-9-]{0,63}$/;
const EVENTS = ['created', 'updated', 'deleted'];

export function workflowProblems(def: WorkflowDefinition): string[] {
  const problems: string[] = [];
  if (!KEY.test(def.key)) problems.push(`key "${def.key}" must match ${KEY}`);
  if (!def.trigger?.entity) problems.push('trigger.entity is missing');
  if (!EVENTS.includes(def.trigger?.event)) problems.push(`trigger.event must be one of ${EVENTS.join(', ')}`);
  if (!Array.isArray(def.actions) || def.actions.length === 0) problems.push('a workflow needs at least one action');
  const ids = new Set<string>();
  for (const action of def.actions ?? []) {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(action.id ?? '')) problems.push(`action id "${action.id}" must be a short lowercase name`);
    if (ids.has(action.id)) problems.push(`action id "${action.id}" is used twice`);
    ids.add(action.id);
    if (action.type !== 'create_record') problems.push(`action type "${action.type}" is unknown`);
  }
  return problems;
}

export async function saveWorkflow(def: WorkflowDefinition): Promise<void> {
  const problems = workflowProblems(def);
  if (problems.length > 0) throw badRequest(`workflow ${def.key}: ${problems.join('; ')}`);
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
export async function enqueueStaleRuns(olderThanMs = 30_000): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const stale = await (await collection('workflowRuns')).find({ status: 'queued', createdAt: { $lt: cutoff } }).limit(500).toArray();
  for (const run of stale) {
    await enqueueWorkflowRun({ runId: run._id, workflowKey: run.workflowKey, entity: run.entity, recordId: run.recordId, event: run.event });
  }
  if (stale.length > 0) logger.info({ count: stale.length }, 're-queued stale workflow runs');
  return stale.length;
}
