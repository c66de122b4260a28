import type { Job } from 'bullmq';
import { runWorkflowAttempt } from '@/lib/workflows/workflow.runner';
import type { WorkflowJobData } from '@/lib/workflows/workflow.types';

export async function runWorkflowHandler(job: Job<WorkflowJobData>): Promise<void> {
  await runWorkflowAttempt({ data: job.data, attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
}
