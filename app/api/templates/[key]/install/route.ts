import { apiRoute } from '@/lib/http/api-route';
import { installTemplate } from '@/lib/templates/template.installer';
import { demoLocale, optionalJsonObject } from '../../request-body';

export const POST = apiRoute<{ key: string }>(
  async ({ req, params, actor }) => installTemplate(params.key, { actor, demo: demoLocale((await optionalJsonObject(req)).demo) }),
  { system: 'templates' },
);
