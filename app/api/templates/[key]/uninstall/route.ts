import { apiRoute } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { uninstallTemplate } from '@/lib/templates/template.uninstall';
import { optionalJsonObject } from '../../request-body';

export const POST = apiRoute<{ key: string }>(
  async ({ req, params, actor, origin }) => {
    const body = await optionalJsonObject(req);
    const deleteRecords = body.deleteRecords === true;
    const report = await uninstallTemplate(params.key, { deleteRecords, confirm: typeof body.confirm === 'string' ? body.confirm : undefined });
    await audit({ action: 'template.uninstalled', actor, origin, target: { kind: 'template', id: params.key }, details: { deleteRecords } });
    return report;
  },
  { system: 'templates' },
);
