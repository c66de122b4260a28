import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';
import { findWorkflow, publishWorkflow } from '@/lib/workflows/workflow.service';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';

/**
 * POST a workflow exported from the designer ({definition}) or a template file ({workflows:
 * [...]}): each is published as the next version of the workflow with its key (switched off
 * unless it says otherwise). Whole template packs install through the template center.
 */
export const POST = apiRoute(
  async ({ req, actor }) => {
    const body = await readJsonObject(req);
    const list = Array.isArray(body.workflows) ? (body.workflows as WorkflowDefinition[]) : body.definition ? [body.definition as WorkflowDefinition] : [];
    if (list.length === 0 || list.length > 50) throw badRequest('send {definition} or {workflows: [...]} (at most 50)');
    const installed = [];
    for (const definition of list) {
      const current = await findWorkflow(definition.key);
      installed.push(await publishWorkflow(definition, current?.version ?? null, actor.id));
    }
    return { installed: installed.map((workflow) => ({ key: workflow.key, version: workflow.version })) };
  },
  { system: 'design' },
);
