import { apiRoute } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { installTemplate } from '@/lib/templates/template.installer';
import { demoLocale, optionalJsonObject } from '../../request-body';

export const POST = apiRoute<{ key: string }>(
  async ({ req, params, actor, origin }) => {
    const demo = demoLocale((await optionalJsonObject(req)).demo);
    const report = await installTemplate(params.key, { actor, demo });
    await audit({ action: 'template.installed', actor, origin, target: { kind: 'template', id: params.key }, details: { version: report.version, previousVersion: report.previousVersion, demo: demo ?? null } });
    return report;
  },
  { system: 'templates' },
);
