import { apiRoute } from '@/lib/http/api-route';
import { describeRuns, listWorkflowRuns } from '@/lib/workflows/workflow.service';
import type { WorkflowRunStatus } from '@/lib/workflows/workflow.types';

const STATUSES = ['queued', 'running', 'retrying', 'waiting', 'succeeded', 'failed', 'refused'];

/** GET /api/workflow-runs?status=&recordId=&workflow=&limit= */
export const GET = apiRoute(
  async ({ req }) => {
    const search = new URL(req.url).searchParams;
    const status = search.get('status');
    return {
      items: await describeRuns(
        await listWorkflowRuns({
          status: status && STATUSES.includes(status) ? (status as WorkflowRunStatus) : undefined,
          recordId: search.get('recordId') ?? undefined,
          workflowKey: search.get('workflow') ?? undefined,
          limit: Number(search.get('limit') ?? 100) || 100,
        }),
      ),
    };
  },
  { system: 'automation' },
);
