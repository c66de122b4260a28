import { apiRoute } from '@/lib/http/api-route';
import { getWorkflowRun } from '@/lib/workflows/workflow.service';

/** GET: one run with each step's input, output and timing. */
export const GET = apiRoute<{ id: string }>(async ({ params }) => getWorkflowRun(params.id), { system: 'automation' });
