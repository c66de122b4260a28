import { enqueue } from '@/lib/jobs/jobs';
import type { ImportJobName } from '@/lib/imports/import.types';

/** One job per step of an import; the job id says which, so a step is queued once. */
export async function enqueueImportJob(name: ImportJobName, importId: string, unique = ''): Promise<void> {
  await enqueue(name, { importId }, { jobId: `${importId}-${name}${unique ? `-${unique}` : ''}` });
}
