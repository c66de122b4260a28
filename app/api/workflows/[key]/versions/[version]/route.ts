import { apiRoute } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';
import { workflowVersion } from '@/lib/workflows/workflow.service';

export const GET = apiRoute<{ key: string; version: string }>(
  async ({ params }) => {
    const version = Number.parseInt(params.version, 10);
    if (!Number.isInteger(version)) throw badRequest('version must be a number');
    return workflowVersion(params.key, version);
  },
  { system: 'design' },
);
