import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { AppError, badRequest } from '@/lib/errors/app-error';
import { checkWorkflow } from '@/lib/workflows/workflow.service';
import { testRunWorkflow } from '@/lib/workflows/workflow.runner';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';

/** POST {definition, recordId?, payload?}: what each step would do on that record; nothing is written. */
export const POST = apiRoute(
  async ({ req, t }) => {
    const body = await readJsonObject(req);
    const definition = body.definition as WorkflowDefinition;
    const problems = await checkWorkflow(definition);
    if (problems.length > 0) throw new AppError('invalid', 'workflow_invalid', 'error.badRequest', { detail: problems.map((p) => p.message).join('; ') });
    const entity = 'entity' in definition.trigger ? definition.trigger.entity ?? '' : '';
    const recordId = typeof body.recordId === 'string' && body.recordId ? body.recordId : null;
    if (recordId && !entity) throw badRequest('this trigger has no entity to take a record from');
    return testRunWorkflow(definition, entity, recordId, t, body.payload);
  },
  { system: 'design' },
);
