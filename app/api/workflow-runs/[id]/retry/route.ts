import { apiRoute } from '@/lib/http/api-route';
import { retryRun } from '@/lib/workflows/workflow.runner';

/** POST: queues a failed run again; it resumes at the step that failed. */
export const POST = apiRoute<{ id: string }>(async ({ params }) => retryRun(params.id), { system: 'automation' });
