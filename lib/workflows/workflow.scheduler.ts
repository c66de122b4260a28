import { collection } from '@/lib/db/collections';
import { approvalTimeouts } from '@/lib/approvals/approval.service';
import { logger } from '@/lib/logger';
import { counterRedis, redisKey } from '@/lib/redis';
import { triggerKind } from '@/lib/workflows/triggers/registry';
import type { TriggerKind } from '@/lib/workflows/triggers/trigger-kind';
import { enqueueStaleRuns } from '@/lib/workflows/workflow.service';
import type { TriggerKindKey, WorkflowDefinition } from '@/lib/workflows/workflow.types';

export interface TickReport {
  started: number;
  approvals: number;
  swept: number;
}

/**
 * The scheduler's pass (the worker's "automation-tick" job, which BullMQ's job scheduler
 * produces once per interval whatever the number of workers): schedules and date reminders
 * that fell due, approvals past their reminder or escalation time, and the sweep of runs the
 * queue lost. Each part keeps its own state, so a pass cut short is finished by the next.
 */
export async function automationTick(now = new Date()): Promise<TickReport> {
  // Enabled workflows by a top-level field (the embedded database answers it in SQL), kinds matched here.
  const workflows = (await (await collection('workflows')).find({ enabled: true }).toArray()).filter((doc) => doc.trigger?.event === 'schedule' || doc.trigger?.event === 'date');
  let started = 0;
  for (const { _id, ...workflow } of workflows) {
    const kind = triggerKind(workflow.trigger.event) as TriggerKind<TriggerKindKey> | undefined;
    if (!kind?.tick) continue;
    try {
      started += await kind.tick(workflow as WorkflowDefinition as never, now);
    } catch (error) {
      logger.error({ err: error, workflow: workflow.key }, 'scheduled workflow pass failed');
    }
  }
  let approvals = 0;
  try {
    approvals = await approvalTimeouts(now);
  } catch (error) {
    logger.error({ err: error }, 'approval timeouts pass failed');
  }
  // The sweep looks back 30 s: once in that time is enough, whichever worker's tick it is.
  const due = await counterRedis().set(redisKey('automation', 'sweep'), '1', 'EX', 20, 'NX').catch(() => 'OK');
  const swept = due !== 'OK' ? 0 : await enqueueStaleRuns().catch((error) => {
    logger.warn({ err: error }, 'stale run sweep failed');
    return 0;
  });
  if (started > 0) logger.info({ started }, 'scheduled workflow runs started');
  return { started, approvals, swept };
}
