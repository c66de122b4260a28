import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';
import { setWorkflowEnabled } from '@/lib/workflows/workflow.service';

/** PUT {enabled: boolean}: switches a workflow on or off (no new version). */
export const PUT = apiRoute<{ key: string }>(
  async ({ req, params }) => {
    const { enabled } = await readJsonObject(req);
    if (typeof enabled !== 'boolean') throw badRequest('enabled must be true or false');
    return setWorkflowEnabled(params.key, enabled);
  },
  { system: 'design' },
);
