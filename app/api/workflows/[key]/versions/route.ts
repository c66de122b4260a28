import { apiRoute } from '@/lib/http/api-route';
import { listWorkflowVersions } from '@/lib/workflows/workflow.service';

export const GET = apiRoute<{ key: string }>(async ({ params }) => ({ items: await listWorkflowVersions(params.key) }), { system: 'design' });
