import { apiRoute } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { upgradeTemplate } from '@/lib/templates/template.installer';

export const POST = apiRoute<{ key: string }>(
  async ({ params, actor, origin }) => {
    const report = await upgradeTemplate(params.key, { actor });
    await audit({ action: 'template.upgraded', actor, origin, target: { kind: 'template', id: params.key }, details: { version: report.version, previousVersion: report.previousVersion } });
    return report;
  },
  { system: 'templates' },
);
