import { apiRoute } from '@/lib/http/api-route';
import { previewTemplate } from '@/lib/templates/template.catalog';

export const GET = apiRoute<{ key: string }>(async ({ params }) => previewTemplate(params.key), { system: 'templates' });
