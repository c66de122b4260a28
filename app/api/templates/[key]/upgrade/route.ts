import { apiRoute } from '@/lib/http/api-route';
import { upgradeTemplate } from '@/lib/templates/template.installer';

export const POST = apiRoute<{ key: string }>(async ({ params, actor }) => upgradeTemplate(params.key, { actor }), { system: 'templates' });
