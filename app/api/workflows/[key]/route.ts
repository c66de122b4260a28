import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { badRequest, notFound } from '@/lib/errors/app-error';
import { deleteWorkflow, findWorkflow, listWorkflowVersions, publishWorkflow } from '@/lib/workflows/workflow.service';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';

type Params = { key: string };

export const GET = apiRoute<Params>(
  async ({ params }) => {
    const workflow = await findWorkflow(params.key);
    if (!workflow) throw notFound();
    return { workflow, versions: await listWorkflowVersions(params.key) };
  },
  { system: 'design' },
);

/** PUT {definition, baseVersion}: publishes the next version; runs in flight keep theirs. */
export const PUT = apiRoute<Params>(
  async ({ req, params, actor }) => {
    const body = await readJsonObject(req);
    const definition = body.definition as WorkflowDefinition | undefined;
    if (!definition || typeof definition !== 'object') throw badRequest('definition is missing');
    if (definition.key !== params.key) throw badRequest('the key of a workflow cannot change');
    const base = typeof body.baseVersion === 'number' ? body.baseVersion : null;
    return publishWorkflow(definition, base, actor.id);
  },
  { system: 'design' },
);

export const DELETE = apiRoute<Params>(
  async ({ params }) => {
    await deleteWorkflow(params.key);
    return new Response(null, { status: 204 });
  },
  { system: 'design' },
);
