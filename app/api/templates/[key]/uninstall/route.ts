import { apiRoute } from '@/lib/http/api-route';
import { uninstallTemplate } from '@/lib/templates/template.uninstall';
import { optionalJsonObject } from '../../request-body';

export const POST = apiRoute<{ key: string }>(
  async ({ req, params }) => {
    const body = await optionalJsonObject(req);
    return uninstallTemplate(params.key, { deleteRecords: body.deleteRecords === true, confirm: typeof body.confirm === 'string' ? body.confirm : undefined });
  },
  { system: 'templates' },
);
