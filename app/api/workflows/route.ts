import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';
import { listWorkflows, publishWorkflow } from '@/lib/workflows/workflow.service';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';

/** GET /api/workflows: every workflow (admins and managers see what runs). */
export const GET = apiRoute(async () => ({ items: await listWorkflows() }), { system: 'design' });

/** POST /api/workflows {definition}: publishes a new workflow as version 1. */
export const POST = apiRoute(
  async ({ req, actor }) => {
    const body = await readJsonObject(req);
    const definition = body.definition as WorkflowDefinition | undefined;
    if (!definition || typeof definition !== 'object') throw badRequest('definition is missing');
    return created(await publishWorkflow(definition, null, actor.id));
  },
  { system: 'design' },
);
