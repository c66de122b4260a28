import type { Job } from 'bullmq';
import { recomputeRollupTargets } from '@/lib/records/rollup.recompute';
import type { RollupJobData } from '@/lib/jobs/jobs';

/** Recomputes the rollups of the records a source write touched (see lib/records/rollup.compute.ts). */
export async function recomputeRollupHandler(job: Job<RollupJobData>): Promise<void> {
  await recomputeRollupTargets(job.data);
}
