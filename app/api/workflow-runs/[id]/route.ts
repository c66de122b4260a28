import { apiRoute } from '@/lib/http/api-route';
import { describeRuns, getWorkflowRun } from '@/lib/workflows/workflow.service';

/** GET: one run with each step's input, output and timing, and the names of its workflow, entity and event. */
export const GET = apiRoute<{ id: string }>(async ({ params }) => (await describeRuns([await getWorkflowRun(params.id)]))[0], { system: 'automation' });
