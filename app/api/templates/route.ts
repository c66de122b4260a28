import { apiRoute } from '@/lib/http/api-route';
import { listTemplates } from '@/lib/templates/template.catalog';

export const GET = apiRoute(async () => ({ items: await listTemplates() }), { system: 'templates' });
