import { apiRoute } from '@/lib/http/api-route';
import { rotateWorkflowSecret, workflowSecret } from '@/lib/workflows/workflow.secrets';

/** GET: the workflow's webhook secret and address (admins). POST: a new secret. */
export const GET = apiRoute<{ key: string }>(async ({ params }) => ({ secret: await workflowSecret(params.key), path: `/api/hooks/workflows/${params.key}` }), { system: 'design' });
export const POST = apiRoute<{ key: string }>(async ({ params }) => ({ secret: await rotateWorkflowSecret(params.key), path: `/api/hooks/workflows/${params.key}` }), { system: 'design' });
